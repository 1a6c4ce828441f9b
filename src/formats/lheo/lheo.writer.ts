import type { Formation, Session } from '../../domain/formation.schema.ts';
import { ETAT_RECRUTEMENT_CODE, EXTRAS_OFFRE, FINANCEUR_CODE, INCONNU, TYPE_CONTACT_CODE } from './lheo.codes.ts';
import { NS_23 } from './lheo.stream.ts';

// Writes LHEO 2.3 valid against the official XSD for any formation the store can hold: texts cut to
// the schema's lengths (with a warning), mandatory elements always present (schema conventions for
// unknown values), element order of the XSD sequences. One formation at a time: streamable.

export interface LheoAvertissement {
  readonly formation: string; // numero
  readonly champ: string;
  readonly message: string;
}
type Warn = (w: LheoAvertissement) => void;

export const LHEO_DEBUT = `<?xml version="1.0" encoding="UTF-8"?>\n<lheo xmlns="${NS_23}">\n<offres>\n`;
export const LHEO_FIN = '</offres>\n</lheo>\n';

/** Public targets (Formacode) of the action: LHEO requires at least one; Offre's offer is open to all. */
const CODE_PUBLIC_VISE = '83056';

// biome-ignore lint/suspicious/noControlCharactersInRegex: characters XML 1.0 forbids
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
// A raw CR would be normalised away by any XML parser: written as a reference, it survives a round trip.
const escape = (s: string) =>
  s.replace(FORBIDDEN, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\r/g, '&#13;');

const el = (name: string, content: string | (string | null)[], attrs: Record<string, string | null> = {}): string => {
  const a = Object.entries(attrs)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => ` ${k}="${escape(v!)}"`)
    .join('');
  const body = Array.isArray(content) ? content.filter((c) => c !== null).join('\n') : content;
  if (body === '') return `<${name}${a}/>`;
  return Array.isArray(content) ? `<${name}${a}>\n${body}\n</${name}>` : `<${name}${a}>${body}</${name}>`;
};

const isoToLheo = (d: string | null | undefined, unknown: string) => (d ? d.replaceAll('-', '') : unknown);

class Ctx {
  constructor(
    readonly numero: string,
    readonly warn: Warn,
  ) {}
  /** A text element cut to the schema's maximum length (in characters), with a warning. */
  text(name: string, value: string | null | undefined, max: number, fallback: string | null = INCONNU.texte): string | null {
    const v = value?.replace(FORBIDDEN, '').trim() || fallback;
    if (v === null) return null;
    const chars = Array.from(v);
    if (chars.length <= max) return el(name, escape(v));
    this.warn({ formation: this.numero, champ: name, message: `${name} tronqué à ${max} caractères (${chars.length} dans Offre).` });
    return el(name, escape(chars.slice(0, max).join('').trimEnd()));
  }
  /** A code of exact length; dropped with a warning when it does not fit. */
  code(name: string, value: string | null | undefined, min: number, max: number): string | null {
    if (!value) return null;
    if (value.length < min || value.length > max) {
      this.warn({ formation: this.numero, champ: name, message: `${name} « ${value} » omis : ${min === max ? `${min}` : `${min} à ${max}`} caractères attendus.` });
      return null;
    }
    return el(name, escape(value));
  }
}

const extras = (entries: [string, string | null | undefined][]) => {
  const kept = entries.filter(([, v]) => v !== null && v !== undefined);
  return kept.length === 0 ? null : el('extras', kept.map(([k, v]) => el('extra', escape(v!), { info: k })), { info: EXTRAS_OFFRE });
};

/** Splits an address into the 1–4 lines of 50 characters LHEO allows, at spaces. */
function lignes(c: Ctx, adresse: string | null | undefined): string[] {
  const words = (adresse ?? '').split(/\s+/).filter(Boolean);
  const out: string[] = [];
  let cur = '';
  for (const w of words) {
    for (const part of Array.from(w).join('').match(/.{1,50}/gu) ?? []) {
      if (cur && Array.from(`${cur} ${part}`).length > 50) {
        out.push(cur);
        cur = part;
      } else cur = cur ? `${cur} ${part}` : part;
    }
  }
  if (cur) out.push(cur);
  if (out.length > 4) c.warn({ formation: c.numero, champ: 'ligne', message: 'adresse tronquée à 4 lignes de 50 caractères.' });
  return (out.length ? out.slice(0, 4) : [INCONNU.texte]).map((l) => el('ligne', escape(l)));
}

function adresse(c: Ctx, lieu: Session['lieu'] | null): string | null {
  if (!lieu) return null;
  if (!lieu.code_postal || !/^\d[\dAB]\d{3}$/.test(lieu.code_postal)) {
    if (lieu.code_postal || lieu.adresse || lieu.commune) c.warn({ formation: c.numero, champ: 'codepostal', message: `adresse du lieu omise : code postal « ${lieu.code_postal ?? ''} » absent ou invalide.` });
    return null;
  }
  const geo = lieu.lat != null && lieu.lon != null ? el('geolocalisation', [el('latitude', String(lieu.lat)), el('longitude', String(lieu.lon))]) : null;
  return el('adresse', [
    ...lignes(c, lieu.adresse),
    el('codepostal', lieu.code_postal),
    c.text('ville', lieu.commune, 50),
    lieu.code_departement && /^.{2,3}$/.test(lieu.code_departement) ? el('departement', escape(lieu.code_departement)) : null,
    c.code('code-INSEE-commune', lieu.code_insee, 5, 5),
    lieu.code_region && lieu.code_region.length === 2 ? el('region', escape(lieu.code_region)) : null,
    geo,
    extras([['cedex', lieu.cedex]]),
  ]);
}

function coordonnees(c: Ctx, p: { nom?: string | null; telephone?: string | null; courriel?: string | null } | null): string {
  return el('coordonnees', [
    c.text('nom', p?.nom, 50, null),
    p?.telephone ? el('telfixe', [c.text('numtel', p.telephone, 25)]) : null,
    c.code('courriel', p?.courriel, 3, 160),
  ]);
}

function contact(c: Ctx, name: string, k: Formation['contacts'][number] | null): string {
  const own = k && TYPE_CONTACT_CODE[k.type] === '0' && k.type !== 'autre' ? k.type : null;
  return el(name, [k ? el('type-contact', TYPE_CONTACT_CODE[k.type]) : null, coordonnees(c, k), extras([['type-contact-offre', own]])]);
}

function session(c: Ctx, s: Session, withFinanceur: boolean): string {
  return el(
    'session',
    [
      el('periode', [el('debut', isoToLheo(s.debut, INCONNU.debut)), el('fin', isoToLheo(s.fin, INCONNU.fin))]),
      el('adresse-inscription', [
        adresse(c, s.lieu) ?? el('adresse', [el('ligne', INCONNU.texte), el('codepostal', INCONNU.codePostal), el('ville', INCONNU.texte)]),
      ]),
      el('etat-recrutement', ETAT_RECRUTEMENT_CODE[s.etat_recrutement]),
      s.contact && (s.contact.nom || s.contact.telephone || s.contact.courriel) ? el('contact-session', [coordonnees(c, s.contact)]) : null,
      extras([
        ['capacite', s.capacite != null ? String(s.capacite) : null],
        ['financeur', withFinanceur ? (s.financeur ?? '') : null],
        ['numero-marche', s.numero_marche],
        ['date-notification-marche', s.date_notification_marche],
      ]),
    ],
    { numero: s.cle_externe ?? s.id },
  );
}

function action(c: Ctx, f: Formation, sessions: Session[]): string {
  const first = sessions[0];
  const lieu = first?.lieu ?? null;
  const uaiLieu = lieu?.uai && lieu.uai.length === 8 ? el('code-UAI-lieu-formation', [el('code-UAI', escape(lieu.uai))]) : null;
  const adresseLieu = adresse(c, lieu);
  const fo = f.formateur;
  const m = f.modalites;
  return el('action', [
    el('rythme-formation', INCONNU.texte),
    el('code-public-vise', CODE_PUBLIC_VISE),
    el('niveau-entree-obligatoire', '0'),
    el('modalites-alternance', m.contrat_apprentissage ? 'Contrat d’apprentissage' : m.contrat_professionnalisation ? 'Contrat de professionnalisation' : INCONNU.texte),
    el('modalites-enseignement', '0'),
    el('conditions-specifiques', INCONNU.texte),
    el('prise-en-charge-frais-possible', '0'),
    uaiLieu || adresseLieu ? el('lieu-de-formation', [uaiLieu, el('coordonnees', [adresseLieu])]) : null,
    el('modalites-entrees-sorties', first?.entree_sortie === 'permanente' ? '1' : '0'),
    m.duree_annees != null ? el('duree-cycle', String(m.duree_annees)) : null,
    ...(sessions.length > 0
      ? sessions.map((s) => session(c, s, f.financeurs.length > 0 || s.financeur != null))
      : [el('session', [el('periode', [el('debut', INCONNU.debut), el('fin', INCONNU.fin)]), el('adresse-inscription', [el('adresse', [el('ligne', INCONNU.texte), el('codepostal', INCONNU.codePostal), el('ville', INCONNU.texte)])])])]),
    fo?.siret && /^\d{14}$/.test(fo.siret)
      ? el('organisme-formateur', [
          el('SIRET-formateur', [el('SIRET', fo.siret)]),
          c.text('raison-sociale-formateur', fo.raison_sociale, 250, '') ?? el('raison-sociale-formateur', ''),
          fo.uai && fo.uai.length === 8 ? el('code-UAI-formateur', [el('code-UAI', escape(fo.uai))]) : null,
        ])
      : null,
    ...f.financeurs.slice(0, 8).flatMap((x) => (FINANCEUR_CODE[x as keyof typeof FINANCEUR_CODE] ? [el('organisme-financeur', [el('code-financeur', FINANCEUR_CODE[x as keyof typeof FINANCEUR_CODE])])] : [])),
    sessions.length === 0 ? extras([['sans-session', '1']]) : null,
  ]);
}

function certification(f: Formation): string | null {
  const r = f.certification.rncp;
  const digits = r?.replace(/^(RNCP|RS)/i, '') ?? '';
  const isRs = r ? /^RS/i.test(r) : false;
  const parts = [
    r && !isRs ? el('code-RNCP', escape(/^\d{1,10}$/.test(digits) ? digits : r.slice(0, 10))) : null,
    f.certification.certifinfo ? el('code-CERTIFINFO', escape(f.certification.certifinfo.slice(0, 10))) : null,
    r && isRs ? el('code-RS', escape(digits.length >= 3 ? digits : r.slice(0, 10))) : null,
  ];
  return parts.some(Boolean) ? el('certification', parts) : null;
}

function responsable(c: Ctx, f: Formation): string {
  const r = f.responsable;
  const siret = r?.siret && /^\d{14}$/.test(r.siret) ? r.siret : INCONNU.siret;
  const nda = r?.nda && r.nda.length === 11 ? r.nda : INCONNU.nda;
  if (r?.nda && nda === INCONNU.nda) c.warn({ formation: c.numero, champ: 'numero-activite', message: `numéro de déclaration d’activité « ${r.nda} » omis : 11 caractères attendus.` });
  const handicap = f.contacts.filter((k) => k.type === 'referent_handicap');
  return el('organisme-formation-responsable', [
    el('numero-activite', escape(nda)),
    el('SIRET-organisme-formation', [el('SIRET', siret)]),
    c.text('nom-organisme', r?.raison_sociale, 250),
    c.text('raison-sociale', r?.raison_sociale, 250),
    el('coordonnees-organisme', [el('coordonnees', '')]),
    ...(handicap.length > 0 ? handicap.map((k) => contact(c, 'contact-organisme', k)) : [el('contact-organisme', [el('coordonnees', '')])]),
    r?.uai && r.uai.length === 8 ? el('code-UAI-organisme-formation', [el('code-UAI', escape(r.uai))]) : null,
  ]);
}

/** One <formation> element, ready to be streamed between LHEO_DEBUT and LHEO_FIN. */
export function formationToLheo(f: Formation, warn: Warn): string {
  const numero = f.cle_externe ?? f.id;
  const c = new Ctx(numero, warn);
  const m = f.modalites;
  const b = (v: boolean | null | undefined) => (v == null ? null : v ? '1' : '0');
  const groups = new Map<string, Session[]>();
  for (const s of f.sessions) {
    const key = JSON.stringify([s.lieu, s.entree_sortie ?? null]);
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const cert = certification(f);
  return `${el(
    'formation',
    [
      el('domaine-formation', ''),
      c.text('intitule-formation', f.intitule, 255),
      c.text('objectif-formation', f.objectif, 3000),
      el('resultats-attendus', INCONNU.texte),
      c.text('contenu-formation', f.contenu, 3000),
      el('certifiante', cert || f.certification.cfd ? '1' : '0'),
      ...(f.contacts.length > 0 ? f.contacts.map((k) => contact(c, 'contact-formation', k)) : [contact(c, 'contact-formation', null)]),
      el('parcours-de-formation', '1'),
      el('code-niveau-entree', '0'),
      cert,
      f.url && f.url.length >= 3 && f.url.length <= 400 ? el('url-formation', [el('urlweb', escape(f.url))]) : null,
      ...(groups.size > 0 ? [...groups.values()].map((ss) => action(c, f, ss)) : [action(c, f, [])]),
      responsable(c, f),
      extras([
        ['code-CFD', f.certification.cfd],
        ['formation-continue', b(m.formation_continue)],
        ['contrat-professionnalisation', b(m.contrat_professionnalisation)],
        ['contrat-apprentissage', b(m.contrat_apprentissage)],
        ['annees-apprentissage', m.annees_apprentissage.length > 0 ? m.annees_apprentissage.join(',') : null],
        ['duree-annees', m.duree_annees != null ? String(m.duree_annees) : null],
      ]),
    ],
    { numero },
  )}\n`;
}

/** The whole document, one formation at a time. */
export async function* writeLheo(formations: AsyncIterable<Formation>, warn: Warn): AsyncGenerator<string> {
  yield LHEO_DEBUT;
  for await (const f of formations) yield formationToLheo(f, warn);
  yield LHEO_FIN;
}
