import {
  type ContactInput,
  type FormationInput,
  FormationInputSchema,
  type SessionInput,
} from '../../domain/formation.schema.ts';
import { isValidSiret, sansEspaces, siretInvalide } from '../../domain/identifiants.ts';
import { connu } from '../../domain/inconnu.ts';
import { messageNotificationFuture, notificationsFutures } from '../../domain/marche.ts';
import { messageDeIssue } from '../../domain/probleme-champ.ts';
import { CODES_FINANCEUR_LHEO, ETAT_RECRUTEMENT, FINANCEUR, FINANCEURS_REPRIS } from './lheo.codes.ts';
import { numerosEnDouble, type OrigineSession, sessionsEnDouble } from './lheo.doublons.ts';
import type { LheoRejet } from './lheo.rejet.ts';
import {
  type ByteSource,
  child,
  elements,
  type FormationXml,
  paragrapheOf,
  streamFormations,
  textOf,
} from './lheo.stream.ts';
import { findCfd, mapAdresse, mapContact, offreExtras, organisme, parseLheoDate } from './lheo.values.ts';
import { type VersionExport, versionExport } from './lheo.version.ts';

/**
 * A number an element or an extra holds: null only when it holds nothing (0 is a number: a cycle of
 * 0 years, a capacity of 0); what is not a number is passed on for the schema to refuse.
 */
const nombreOuVide = (texte: string | null | undefined): number | null =>
  texte == null || texte.trim() === '' ? null : Number(texte);

/** « , SIRET invalide : il a 13 chiffres au lieu de 14 » for a formateur's SIRET that is not one, else ''. */
const defaut = (siret: string | null) => {
  const i = siret ? siretInvalide(sansEspaces(siret)) : null;
  return i ? `, SIRET invalide : il ${i.defaut}` : '';
};

const nommer = (o: { siret: string | null; uai: string | null }) =>
  [o.siret ? `SIRET ${o.siret}` : null, o.uai ? `UAI ${o.uai}` : null].filter(Boolean).join(', ') ||
  'sans SIRET';

/** The coordinates of a place, in the order their errors are said. */
const LAT_LON = ['lat', 'lon'] as const;

// Maps each LHEO <formation> (formation → action → session) onto Offre's FormationInput.
// A record with an error is reported with the XML path of the faulty element, never half-mapped.

export interface LheoRecord {
  readonly index: number;
  readonly chemin: string;
  readonly ligne: number;
  readonly input: FormationInput | null; // null when the record has errors
  readonly erreurs: LheoRejet[];
  /** What is accepted but worth a look (LHEO_SESSION_EN_DOUBLE): a record with errors has none. */
  readonly avertissements: LheoRejet[];
  /**
   * Where each session of `input` was read (`origines[i]`: `input.sessions[i]`'s `<session>` element,
   * its line and its name in the file): the preview names a session's rule by it. Empty when refused.
   */
  readonly origines?: readonly OrigineSession[];
  /**
   * The version of the formation Offre's own export wrote it at (lheo.writer.ts VersionExport):
   * absent from a file that does not come from Offre's export (the file is the truth, applied as
   * it always was). The import refuses a record whose formation changed since (LHEO_VERSION_ANCIENNE).
   */
  readonly version?: VersionExport;
}

/**
 * `aujourdhui` (AAAA-MM-JJ, the Paris day of the app's clock): a session's market notified after
 * it is a field error of its record; absent, not checked.
 */
export async function* readLheo(
  source: ByteSource,
  file?: string,
  aujourdhui?: string,
): AsyncGenerator<LheoRecord> {
  for await (const fx of streamFormations(source, file)) yield mapFormation(fx, aujourdhui);
}

export function mapFormation(fx: FormationXml, aujourdhui?: string): LheoRecord {
  const f = fx.node;
  const chemin = `/lheo/offres/formation[${fx.index}]`;
  const erreurs: LheoRejet[] = [];
  const numero = f.attrs.numero?.trim() || null;
  const fail = (path: string, code: string, message: string, line = f.line) =>
    erreurs.push({
      chemin: path,
      code,
      message: `Formation n° ${fx.index} (ligne ${line}) : ${message}`,
      ligne: line,
      numero,
    });

  // Accepted but worth a look (given only when the record is accepted).
  const lus: LheoRejet[] = [];
  const avertir = (path: string, code: string, message: string, line: number) =>
    lus.push({
      chemin: path,
      code,
      message: `Formation n° ${fx.index} (ligne ${line}) : ${message}`,
      ligne: line,
      numero,
    });

  if (!numero)
    fail(
      `${chemin}/@numero`,
      'LHEO_NUMERO_ABSENT',
      'attribut « numero » absent ; sans lui une nouvelle importation créerait un doublon.',
    );

  // Required and at least one character (XSD: intitule-formation minOccurs 1, minLength 1): a
  // formation named by nothing would be an untitled draft nobody can find in its space.
  const intitule = textOf(f, 'intitule-formation');
  if (!intitule?.trim()) {
    const el = child(f, 'intitule-formation');
    fail(
      `${chemin}/intitule-formation`,
      'LHEO_INTITULE_ABSENT',
      el
        ? 'élément « intitule-formation » vide : l’intitulé de la formation est obligatoire, même pour un brouillon.'
        : 'élément « intitule-formation » absent : l’intitulé de la formation est obligatoire, même pour un brouillon.',
      el?.line ?? f.line,
    );
  }

  let rncp: string | null = null;
  let certifinfo: string | null = null;
  for (const c of elements(f, 'certification')) {
    const r = textOf(c, 'code-RNCP');
    const rs = textOf(c, 'code-RS');
    rncp ??= r
      ? /^RNCP/i.test(r)
        ? r.toUpperCase()
        : `RNCP${r}`
      : rs
        ? /^RS/i.test(rs)
          ? rs.toUpperCase()
          : `RS${rs}`
        : null;
    certifinfo ??= textOf(c, 'code-CERTIFINFO');
  }

  const resp = child(f, 'organisme-formation-responsable');
  const contacts: ContactInput[] = [];
  const seen = new Set<string>();
  for (const c of [
    ...elements(f, 'contact-formation'),
    ...(resp ? elements(resp, 'contact-organisme') : []),
  ]) {
    const contact = mapContact(c);
    const key = JSON.stringify(contact);
    if (contact && !seen.has(key)) {
      seen.add(key);
      contacts.push(contact);
    }
  }

  const actions = elements(f, 'action');
  const extras = offreExtras(f);
  const financeurs = new Set<NonNullable<SessionInput['financeur']>>();
  const sessions: SessionInput[] = [];
  const origines: OrigineSession[] = [];
  // The formateur the others are compared with: the first whose SIRET is valid, else the first. A
  // SIRET failing the Luhn check (or of 13 digits) is no identity to compare with: on action 1 only,
  // it made the right one of actions 2 and 3 « different » (two rejections at their lines) when the
  // odd one out is action 1's. The same invalid SIRET everywhere is one formateur, stored and flagged
  // by ORG_SIRET_FORMAT (RULES.md).
  const formateurs = actions.flatMap((a, ai) =>
    elements(a, 'organisme-formateur').map((of) => ({
      of,
      ai,
      o: organisme(
        textOf(of, 'SIRET-formateur', 'SIRET'),
        textOf(of, 'raison-sociale-formateur'),
        textOf(of, 'code-UAI-formateur', 'code-UAI'),
      ),
    })),
  );
  // Each element's entry (a file may name thousands: no search per element).
  const entrees = new Map(formateurs.map((x) => [x.of, x]));
  const reference =
    formateurs.find((x) => x.o && isValidSiret(sansEspaces(x.o.siret))) ?? formateurs.find((x) => x.o);
  const premierLu = formateurs.find((x) => x.o) === reference;
  let formateur: ReturnType<typeof organisme> = reference?.o ?? null;
  let dureeCycle: number | null = null;
  const anneesCycle = new Set<number>();

  actions.forEach((a, ai) => {
    const aPath = `${chemin}/action[${ai + 1}]`;
    const aExtras = offreExtras(a);
    // LHEO 2.3 allows several organismes formateurs per action; an Offre formation has one
    // (formation.formateur): the same one repeated is kept, another one rejects the record.
    elements(a, 'organisme-formateur').forEach((of, oi) => {
      const x = entrees.get(of)!;
      const o = x.o;
      if (!o || !formateur || x === reference) return;
      const autre =
        (o.siret && formateur.siret && sansEspaces(o.siret) !== sansEspaces(formateur.siret)) ||
        (o.uai && formateur.uai && o.uai.toUpperCase() !== formateur.uai.toUpperCase());
      if (autre)
        fail(
          `${aPath}/organisme-formateur[${oi + 1}]`,
          'LHEO_FORMATEURS_MULTIPLES',
          `action ${ai + 1}, organisme formateur ${oi + 1} (${nommer(o)}${defaut(o.siret)}) différent ${premierLu ? 'du premier' : 'du premier dont le SIRET est valide'} (${nommer(formateur)}${premierLu ? '' : `, action ${reference!.ai + 1}`}) : une formation d’Offre a un seul organisme formateur. Déclarez une formation par organisme formateur.`,
          of.line,
        );
      else
        formateur = {
          ...formateur,
          siret: formateur.siret ?? o.siret,
          uai: formateur.uai ?? o.uai,
          raison_sociale: formateur.raison_sociale ?? o.raison_sociale,
        };
    });
    const duree = nombreOuVide(textOf(a, 'duree-cycle'));
    if (duree !== null && dureeCycle === null) dureeCycle = duree;
    const actionFinanceurs: NonNullable<SessionInput['financeur']>[] = [];
    for (const [oi, o] of elements(a, 'organisme-financeur').entries()) {
      const code = textOf(o, 'code-financeur')?.trim() ?? '';
      const lu = FINANCEUR[code];
      if (lu) {
        actionFinanceurs.push(lu);
        continue;
      }
      const el = child(o, 'code-financeur');
      const ligne = el?.line ?? o.line;
      const ou = `${aPath}/organisme-financeur[${oi + 1}]/code-financeur`;
      if (!CODES_FINANCEUR_LHEO.has(code)) {
        fail(
          ou,
          'LHEO_FINANCEUR_INCONNU',
          `action ${ai + 1}, code-financeur « ${code} » hors du dictionnaire LHEO des financeurs (codes 0 à 20) : corrigez le code (Offre reprend ${FINANCEURS_REPRIS}).`,
          ligne,
        );
        continue;
      }
      avertir(
        ou,
        'LHEO_FINANCEUR_NON_REPRIS',
        `action ${ai + 1}, code-financeur « ${code} » : financeur du dictionnaire LHEO qu’Offre ne distingue pas (Offre reprend ${FINANCEURS_REPRIS}) ; il n’est pas enregistré.`,
        ligne,
      );
    }
    for (const x of actionFinanceurs) financeurs.add(x);
    // Every place of the action (LHEO 2.3: 0..n lieu-de-formation, sessions not tied to one):
    // each session is offered at each place, one Offre session per place.
    const lieuxAction = [
      ...new Map(
        elements(a, 'lieu-de-formation').map((l) => {
          const lieu = mapAdresse(child(l, 'coordonnees', 'adresse'));
          const uai = connu(textOf(l, 'code-UAI-lieu-formation', 'code-UAI'));
          return [JSON.stringify([lieu, uai]), { lieu, uai }] as const;
        }),
      ).values(),
    ];
    if (lieuxAction.length === 0) lieuxAction.push({ lieu: null, uai: null });
    const es = textOf(a, 'modalites-entrees-sorties');
    const entreeSortie = es === '1' ? 'permanente' : es === '0' ? 'dates_fixes' : null;
    if (aExtras.get('sans-session') === '1') return; // Offre's placeholder for a formation without sessions

    elements(a, 'session').forEach((s, si) => {
      const sPath = `${aPath}/session[${si + 1}]`;
      // Years of the cursus open to apprenticeship, when the file uses LHEO's own cycle element.
      for (const c of elements(s, 'cycle'))
        for (const y of elements(c, 'annee-cycle')) anneesCycle.add(Number(textOf(y)));
      const sExtras = offreExtras(s);
      const dates = (['debut', 'fin'] as const).map((bound) => {
        const parsed = parseLheoDate(textOf(s, 'periode', bound), bound);
        if ('erreur' in parsed) {
          fail(
            `${sPath}/periode/${bound}`,
            'LHEO_DATE_INVALIDE',
            `session ${si + 1} de l’action ${ai + 1}, date de ${bound === 'debut' ? 'début' : 'fin'} ${parsed.erreur} (AAAAMMJJ attendu, 00000000 si inconnue).`,
            child(s, 'periode', bound)?.line,
          );
          return null;
        }
        return parsed.date;
      });
      const etatCode = textOf(s, 'etat-recrutement');
      const etat = etatCode === null ? 'ouvert' : ETAT_RECRUTEMENT[etatCode];
      if (!etat)
        fail(
          `${sPath}/etat-recrutement`,
          'LHEO_ETAT_RECRUTEMENT',
          `session ${si + 1} de l’action ${ai + 1}, état de recrutement « ${etatCode} » inconnu (1 ouvert, 2 fermé, 3 suspendu).`,
          child(s, 'etat-recrutement')?.line,
        );
      const inscription = mapAdresse(child(s, 'adresse-inscription', 'adresse'));
      const lieux = lieuxAction.map((l) => ({ ...(l.lieu ?? inscription ?? {}), uai: l.uai }));
      for (const lieu of lieux)
        for (const k of LAT_LON) {
          const v = lieu[k];
          if (v !== null && v !== undefined && !Number.isFinite(v)) {
            fail(
              `${sPath}`,
              'LHEO_GEOLOCALISATION',
              `session ${si + 1} de l’action ${ai + 1}, ${k === 'lat' ? 'latitude' : 'longitude'} du lieu non numérique.`,
              s.line,
            );
          }
        }
      const contactNode = child(s, 'contact-session');
      const contact = contactNode ? mapContact(contactNode) : null;
      const ownFinanceur = sExtras.get('financeur');
      // Offre's own extras (its export writes them): JSON lists of {date, lieu, libelle}.
      const evenements = (info: 'reunions-information' | 'bilans') => {
        const texte = sExtras.get(info);
        if (texte === undefined) return undefined; // not in the file: the stored list is kept
        if (!texte) return [];
        try {
          const v: unknown = JSON.parse(texte);
          if (Array.isArray(v)) return v;
        } catch {}
        fail(
          sPath,
          'LHEO_EXTRA_INVALIDE',
          `session ${si + 1} de l’action ${ai + 1}, extra « ${info} » illisible (liste JSON de {date, lieu, libelle} attendue).`,
          s.line,
        );
        return [];
      };
      const capacite = nombreOuVide(sExtras.get('capacite'));
      const cle = s.attrs.numero?.trim() || `A${ai + 1}S${si + 1}`;
      for (let li = 0; li < lieux.length; li++) {
        const lieu = lieux[li]!;
        origines.push({ chemin: sPath, ligne: s.line, nom: `session ${si + 1} de l’action ${ai + 1}` });
        sessions.push({
          // The first place keeps the session's own key (re-imports match it); the others are suffixed.
          cle_externe: li === 0 ? cle : `${cle}-L${li + 1}`,
          debut: dates[0] ?? null,
          fin: dates[1] ?? null,
          etat_recrutement: etat ?? 'ouvert',
          capacite,
          entree_sortie: sExtras.has('entree-sortie')
            ? ((sExtras.get('entree-sortie') || null) as SessionInput['entree_sortie'])
            : entreeSortie,
          lieu: { ...lieu, uai: lieu.uai ?? null },
          contact: contact
            ? { nom: contact.nom, telephone: contact.telephone, courriel: contact.courriel }
            : null,
          financeur:
            ownFinanceur !== undefined
              ? ((ownFinanceur || null) as SessionInput['financeur'])
              : actionFinanceurs.length === 1
                ? actionFinanceurs[0]
                : null,
          numero_marche: sExtras.get('numero-marche') || null,
          date_notification_marche: sExtras.get('date-notification-marche') || null,
          reunions_information: evenements('reunions-information'),
          bilans: evenements('bilans'),
        });
      }
    });
  });

  const bool = (k: string) => (extras.has(k) ? extras.get(k) === '1' : null);
  let mandataire: unknown = null;
  if (extras.get('mandataire')) {
    try {
      mandataire = JSON.parse(extras.get('mandataire')!);
    } catch {
      fail(
        chemin,
        'LHEO_EXTRA_INVALIDE',
        'extra « mandataire » illisible (objet JSON {siret, uai, raison_sociale, nda} attendu).',
      );
    }
  }
  const raw = {
    cle_externe: numero,
    // Placeholders (« Non renseigné »…) go through as written: the write model reads them as
    // unknown and keeps the stored text (src/domain/formation.snapshot.ts).
    intitule,
    objectif: paragrapheOf(f, 'objectif-formation'),
    contenu: paragrapheOf(f, 'contenu-formation'),
    url: textOf(f, 'url-formation', 'urlweb'),
    certification: { rncp, cfd: findCfd(f), certifinfo },
    responsable: resp
      ? organisme(
          textOf(resp, 'SIRET-organisme-formation', 'SIRET'),
          textOf(resp, 'raison-sociale') ?? textOf(resp, 'nom-organisme'),
          textOf(resp, 'code-UAI-organisme-formation', 'code-UAI'),
          textOf(resp, 'numero-activite'),
        )
      : null,
    formateur,
    mandataire,
    contacts,
    modalites: {
      formation_continue: bool('formation-continue'),
      contrat_professionnalisation: bool('contrat-professionnalisation'),
      contrat_apprentissage: bool('contrat-apprentissage'),
      annees_apprentissage: extras.has('annees-apprentissage')
        ? (extras.get('annees-apprentissage') ?? '').split(',').filter(Boolean).map(Number)
        : [...anneesCycle].filter((y) => y >= 1 && y <= 5).sort(),
      // 0 is a duration (a conventionné action under one year): only an empty extra is none.
      duree_annees: extras.has('duree-annees') ? nombreOuVide(extras.get('duree-annees')) : dureeCycle,
    },
    // Offre's own export names the formation's financeurs when its sessions add others.
    financeurs: extras.has('financeurs-formation')
      ? (extras.get('financeurs-formation') ?? '').split(',').filter(Boolean)
      : [...financeurs],
    sessions,
  };
  erreurs.push(...numerosEnDouble(sessions, origines, { index: fx.index, ligne: f.line, numero }));
  const refus = { index: fx.index, chemin, ligne: f.line, input: null, erreurs, avertissements: [] };
  if (erreurs.length > 0) return refus;
  // With each refused value (`input`), to say how long a text too long is.
  const parsed = FormationInputSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const champ = issue.path.join('.');
      fail(chemin, 'LHEO_CHAMP_INVALIDE', messageDeIssue(`${libelleLheo(champ)} (champ ${champ})`, issue));
    }
    return refus;
  }
  for (const n of aujourdhui ? notificationsFutures(parsed.data.sessions, aujourdhui) : []) {
    const o = origines[n.index];
    fail(
      o?.chemin ?? chemin,
      'LHEO_CHAMP_INVALIDE',
      `${libelleLheo(n.champ)} (champ ${n.champ}) : ${messageNotificationFuture(n.date, aujourdhui!)}.`,
      o?.ligne,
    );
  }
  if (erreurs.length > 0) return refus;
  const avertissements = [
    ...lus,
    ...sessionsEnDouble(parsed.data.sessions, origines, {
      index: fx.index,
      ligne: f.line,
      numero,
    }),
  ];
  const version = versionExport(extras);
  return {
    index: fx.index,
    chemin,
    ligne: f.line,
    input: parsed.data,
    erreurs,
    avertissements,
    origines,
    ...(version ? { version } : {}),
  };
}

/** Labels of a formation's fields as the form and the reports say them (the path stays after, for machines). */
const LIBELLES: Readonly<Record<string, string>> = {
  cle_externe: 'Numéro de la formation',
  intitule: 'Intitulé',
  objectif: 'Objectif',
  contenu: 'Contenu',
  url: 'Lien web',
  siret: 'SIRET',
  raison_sociale: 'Raison sociale',
  uai: 'UAI',
  nda: 'Numéro de déclaration d’activité',
  rncp: 'Code RNCP',
  cfd: 'Code diplôme',
  certifinfo: 'Code Certif Info',
  annees_apprentissage: 'Années ouvertes à l’apprentissage',
  duree_annees: 'Durée du cursus',
  financeurs: 'Financeurs',
  sessions: 'Sessions',
  contacts: 'Contacts',
  debut: 'Date de début',
  fin: 'Date de fin',
  nom: 'Nom',
  telephone: 'Téléphone',
  courriel: 'Courriel',
  adresse: 'Adresse',
  code_postal: 'Code postal',
  commune: 'Commune',
  code_insee: 'Code INSEE',
  capacite: 'Capacité',
  numero_marche: 'Numéro de marché',
  date_notification_marche: 'Date de notification du marché',
};
const PARENTS: Readonly<Record<string, string>> = {
  responsable: 'de l’organisme responsable',
  formateur: 'de l’organisme formateur',
  mandataire: 'du mandataire',
  certification: 'de la certification',
  contact: 'du contact',
  lieu: 'du lieu',
};

/** « Téléphone du contact 1 de la session 2 » for `sessions.1.contact.telephone`. */
export function libelleLheo(champ: string): string {
  const parts = champ.split('.').filter(Boolean);
  const feuille = [...parts].reverse().find((p) => !/^\d+$/.test(p)) ?? champ;
  const mot = LIBELLES[feuille] ?? `${feuille.charAt(0).toUpperCase()}${feuille.slice(1).replace(/_/g, ' ')}`;
  const suite: string[] = [];
  for (let i = 0; i < parts.length - 1; i++) {
    const p = parts[i]!;
    const rang = /^\d+$/.test(parts[i + 1] ?? '') ? ` ${Number(parts[i + 1]) + 1}` : '';
    if (p === 'sessions') suite.unshift(`de la session${rang}`);
    else if (p === 'contacts') suite.unshift(`du contact${rang}`);
    else if (PARENTS[p] && p !== feuille) suite.unshift(PARENTS[p]!);
  }
  if (/^\d+$/.test(parts.at(-1) ?? '') && parts.length >= 2)
    suite.unshift(`(n° ${Number(parts.at(-1)) + 1})`);
  return [mot, ...suite].join(' ');
}
