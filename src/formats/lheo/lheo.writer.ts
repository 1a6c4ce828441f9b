import type { Formation, Session } from '../../domain/formation.schema.ts';
import { LONGUEUR_TEXTE_LHEO } from '../../domain/longueur-lheo.ts';
import { ETAT_RECRUTEMENT_CODE, FINANCEUR_CODE, INCONNU } from './lheo.codes.ts';
import {
  adresse,
  Ctx,
  contact,
  coordonnees,
  el,
  extras,
  isoToLheo,
  type Warn,
  xmlText,
} from './lheo.elements.ts';
import { NS_23 } from './lheo.stream.ts';
import { extrasVersion, type VersionExport } from './lheo.version.ts';

export type { LheoAvertissement } from './lheo.elements.ts';

// Writes LHEO 2.3 valid against the official XSD for any formation the store can hold: texts cut to
// the schema's lengths (with a warning), mandatory elements always present (schema conventions for
// unknown values), element order of the XSD sequences. One formation at a time: streamable.

export const LHEO_DEBUT = `<?xml version="1.0" encoding="UTF-8"?>\n<lheo xmlns="${NS_23}">\n<offres>\n`;
export const LHEO_FIN = '</offres>\n</lheo>\n';

/** Public targets (Formacode) of the action: LHEO requires at least one; Offre's offer is open to all. */
const CODE_PUBLIC_VISE = '83056';

/** Public financeurs (achat public): an action funded by one of them is conventionnée. */
const PUBLICS = new Set(['region', 'france_travail', 'agefiph']);

/**
 * Who funds an action, in LHEO terms: the formation's financeurs, then those of its sessions (LHEO
 * has `organisme-financeur` on the action only, 0..8). The places funded by a financeur are known
 * when every session it funds gives its capacity.
 */
function financeursAction(
  f: Formation,
  sessions: Session[],
): { code: string; nom: string; places: number | null }[] {
  const noms = [
    ...new Set([...f.financeurs, ...sessions.flatMap((s) => (s.financeur ? [s.financeur] : []))]),
  ];
  return noms
    .filter((x) => FINANCEUR_CODE[x as keyof typeof FINANCEUR_CODE])
    .slice(0, 8)
    .map((nom) => {
      const siennes = sessions.filter((s) => s.financeur === nom);
      const places =
        siennes.length > 0 && siennes.every((s) => s.capacite != null)
          ? siennes.reduce((n, s) => n + (s.capacite ?? 0), 0)
          : null;
      return { code: FINANCEUR_CODE[nom as keyof typeof FINANCEUR_CODE], nom, places };
    });
}

/**
 * The financeur a reader infers for a session without its own extra: the action's only
 * organisme-financeur, else none (src/formats/lheo/lheo.reader.ts). The session's extra is written
 * only when it says something else.
 */
function session(c: Ctx, s: Session, inferred: string | null): string {
  return el(
    'session',
    [
      el('periode', [
        el('debut', isoToLheo(s.debut, INCONNU.debut)),
        el('fin', isoToLheo(s.fin, INCONNU.fin)),
      ]),
      el('adresse-inscription', [
        adresse(c, s.lieu) ??
          el('adresse', [
            el('ligne', INCONNU.texte),
            el('codepostal', INCONNU.codePostal),
            el('ville', INCONNU.texte),
          ]),
      ]),
      el('etat-recrutement', ETAT_RECRUTEMENT_CODE[s.etat_recrutement]),
      s.contact && (s.contact.nom || s.contact.telephone || s.contact.courriel)
        ? el('contact-session', [coordonnees(c, s.contact)])
        : null,
      extras([
        ['capacite', s.capacite != null ? String(s.capacite) : null],
        // LHEO's organisme-financeur is the action's: a session's own financeur, when the action's
        // list does not say it alone, travels as an extra.
        ['financeur', (s.financeur ?? null) !== inferred ? (s.financeur ?? '') : null],
        ['numero-marche', s.numero_marche],
        ['date-notification-marche', s.date_notification_marche],
        // What LHEO cannot say, so that Offre's own export imported back changes nothing (issue 15, defect 10):
        // an unknown entry mode (the action's element says 0 or 1), the information meetings and assessments.
        ['entree-sortie', s.entree_sortie == null ? '' : null],
        [
          'reunions-information',
          s.reunions_information?.length ? JSON.stringify(s.reunions_information) : null,
        ],
        ['bilans', s.bilans && s.bilans.length > 0 ? JSON.stringify(s.bilans) : null],
      ]),
    ],
    { numero: s.cle_externe ?? s.id },
  );
}

function action(c: Ctx, f: Formation, sessions: Session[]): string {
  const first = sessions[0];
  const lieu = first?.lieu ?? null;
  const uaiLieu =
    lieu?.uai && lieu.uai.length === 8
      ? el('code-UAI-lieu-formation', [el('code-UAI', xmlText(lieu.uai))])
      : null;
  const adresseLieu = adresse(c, lieu);
  const fo = f.formateur;
  const m = f.modalites;
  const financeurs = financeursAction(f, sessions);
  const inferred = financeurs.length === 1 ? financeurs[0]!.nom : null;
  return el('action', [
    el('rythme-formation', INCONNU.texte),
    el('code-public-vise', CODE_PUBLIC_VISE),
    el('niveau-entree-obligatoire', '0'),
    el(
      'modalites-alternance',
      m.contrat_apprentissage
        ? 'Contrat d’apprentissage'
        : m.contrat_professionnalisation
          ? 'Contrat de professionnalisation'
          : INCONNU.texte,
    ),
    el('modalites-enseignement', '0'),
    el('conditions-specifiques', INCONNU.texte),
    // LHEO: « prise en charge des frais possible » (0/1): yes when a financeur pays the training.
    el('prise-en-charge-frais-possible', financeurs.length > 0 ? '1' : '0'),
    uaiLieu || adresseLieu ? el('lieu-de-formation', [uaiLieu, el('coordonnees', [adresseLieu])]) : null,
    el('modalites-entrees-sorties', first?.entree_sortie === 'permanente' ? '1' : '0'),
    m.duree_annees != null ? el('duree-cycle', String(m.duree_annees)) : null,
    ...(sessions.length > 0
      ? sessions.map((s) => session(c, s, inferred))
      : [
          el('session', [
            el('periode', [el('debut', INCONNU.debut), el('fin', INCONNU.fin)]),
            el('adresse-inscription', [
              el('adresse', [
                el('ligne', INCONNU.texte),
                el('codepostal', INCONNU.codePostal),
                el('ville', INCONNU.texte),
              ]),
            ]),
          ]),
        ]),
    // LHEO `conventionnement`: the action is conventionnée (bought by a public financeur).
    financeurs.some((x) => PUBLICS.has(x.nom)) ? el('conventionnement', '1') : null,
    fo?.siret && /^\d{14}$/.test(fo.siret)
      ? el('organisme-formateur', [
          el('SIRET-formateur', [el('SIRET', fo.siret)]),
          c.text('raison-sociale-formateur', fo.raison_sociale, 250, '') ??
            el('raison-sociale-formateur', ''),
          fo.uai && fo.uai.length === 8 ? el('code-UAI-formateur', [el('code-UAI', xmlText(fo.uai))]) : null,
        ])
      : null,
    ...financeurs.map((x) =>
      el('organisme-financeur', [
        el('code-financeur', x.code),
        x.places != null ? el('nb-places-financees', String(x.places)) : null,
      ]),
    ),
    sessions.length === 0 ? extras([['sans-session', '1']]) : null,
  ]);
}

function certification(f: Formation): string | null {
  const r = f.certification.rncp;
  const digits = r?.replace(/^(RNCP|RS)/i, '') ?? '';
  const isRs = r ? /^RS/i.test(r) : false;
  const parts = [
    r && !isRs ? el('code-RNCP', xmlText(/^\d{1,10}$/.test(digits) ? digits : r.slice(0, 10))) : null,
    f.certification.certifinfo
      ? el('code-CERTIFINFO', xmlText(f.certification.certifinfo.slice(0, 10)))
      : null,
    r && isRs ? el('code-RS', xmlText(digits.length >= 3 ? digits : r.slice(0, 10))) : null,
  ];
  return parts.some(Boolean) ? el('certification', parts) : null;
}

function responsable(c: Ctx, f: Formation): string {
  const r = f.responsable;
  const siret = r?.siret && /^\d{14}$/.test(r.siret) ? r.siret : INCONNU.siret;
  const nda = r?.nda && r.nda.length === 11 ? r.nda : INCONNU.nda;
  if (r?.nda && nda === INCONNU.nda)
    c.warn({
      formation: c.numero,
      champ: 'numero-activite',
      message: `numéro de déclaration d’activité « ${r.nda} » omis : 11 caractères attendus.`,
    });
  const handicap = f.contacts.filter((k) => k.type === 'referent_handicap');
  return el('organisme-formation-responsable', [
    el('numero-activite', xmlText(nda)),
    el('SIRET-organisme-formation', [el('SIRET', siret)]),
    c.text('nom-organisme', r?.raison_sociale, 250),
    c.text('raison-sociale', r?.raison_sociale, 250),
    el('coordonnees-organisme', [el('coordonnees', '')]),
    ...(handicap.length > 0
      ? handicap.map((k) => contact(c, 'contact-organisme', k))
      : [el('contact-organisme', [el('coordonnees', '')])]),
    r?.uai && r.uai.length === 8
      ? el('code-UAI-organisme-formation', [el('code-UAI', xmlText(r.uai))])
      : null,
  ]);
}

/**
 * One <formation> element, ready to be streamed between LHEO_DEBUT and LHEO_FIN; `version`, the
 * formation's version at the export, in every export of Offre (lheo.version.ts), never in a partner's feed.
 */
export function formationToLheo(f: Formation, warn: Warn, version?: VersionExport): string {
  const numero = f.cle_externe ?? f.id;
  const c = new Ctx(numero, warn);
  const m = f.modalites;
  const b = (v: boolean | null | undefined) => (v == null ? null : v ? '1' : '0');
  const groups = new Map<string, Session[]>();
  // Sessions sorted by start then numero: the document does not depend on the store's ids.
  const num = (s: Session) => s.cle_externe ?? s.id;
  const sorted = [...f.sessions].sort(
    (a, b) => (a.debut ?? '~').localeCompare(b.debut ?? '~') || num(a).localeCompare(num(b)),
  );
  for (const s of sorted) {
    const key = JSON.stringify([s.lieu, s.entree_sortie ?? null]);
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const cert = certification(f);
  // A reader takes every action's organisme-financeur as the formation's: when the sessions add
  // financeurs the formation does not name itself, its own list travels as an extra.
  const lus = [
    ...new Set(
      (groups.size > 0 ? [...groups.values()] : [[]]).flatMap((ss) =>
        financeursAction(f, ss).map((x) => x.nom),
      ),
    ),
  ];
  const propres = f.financeurs.filter((x) => FINANCEUR_CODE[x as keyof typeof FINANCEUR_CODE]);
  const financeursFormation =
    lus.join(',') !== propres.join(',') || propres.length !== f.financeurs.length
      ? f.financeurs.join(',')
      : null;
  return `${el(
    'formation',
    [
      el('domaine-formation', ''),
      c.text('intitule-formation', f.intitule, 255),
      c.text('objectif-formation', f.objectif, LONGUEUR_TEXTE_LHEO),
      el('resultats-attendus', INCONNU.texte),
      c.text('contenu-formation', f.contenu, LONGUEUR_TEXTE_LHEO),
      el('certifiante', cert || f.certification.cfd ? '1' : '0'),
      ...(f.contacts.length > 0
        ? f.contacts.map((k) => contact(c, 'contact-formation', k))
        : [contact(c, 'contact-formation', null)]),
      el('parcours-de-formation', '1'),
      el('code-niveau-entree', '0'),
      cert,
      f.url && f.url.length >= 3 && f.url.length <= 400
        ? el('url-formation', [el('urlweb', xmlText(f.url))])
        : null,
      ...(groups.size > 0 ? [...groups.values()].map((ss) => action(c, f, ss)) : [action(c, f, [])]),
      responsable(c, f),
      extras([
        ['code-CFD', f.certification.cfd],
        ['formation-continue', b(m.formation_continue)],
        ['contrat-professionnalisation', b(m.contrat_professionnalisation)],
        ['contrat-apprentissage', b(m.contrat_apprentissage)],
        ['annees-apprentissage', m.annees_apprentissage.length > 0 ? m.annees_apprentissage.join(',') : null],
        ['duree-annees', m.duree_annees != null ? String(m.duree_annees) : null],
        // The organisation holding the market of a conventionné offer: LHEO has no element for it.
        ['mandataire', f.mandataire?.siret ? JSON.stringify(f.mandataire) : null],
        ['financeurs-formation', financeursFormation],
        ...extrasVersion(version),
      ]),
    ],
    { numero },
  )}\n`;
}

/**
 * The whole document, one formation at a time; `versionDe` gives each formation's version at the
 * export (every export of Offre: lheo.version.ts), absent from the partners' feeds (never sent back).
 */
export async function* writeLheo(
  formations: AsyncIterable<Formation>,
  warn: Warn,
  versionDe?: (f: Formation) => VersionExport | undefined,
): AsyncGenerator<string> {
  yield LHEO_DEBUT;
  for await (const f of formations) yield formationToLheo(f, warn, versionDe?.(f));
  yield LHEO_FIN;
}
