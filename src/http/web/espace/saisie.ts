import type { FastifyRequest } from 'fastify';
import { certificationTapee } from '../../../domain/certification-absente.ts';
import type { CertificationChoisie, PaireCertification } from '../../../domain/certification-paire.ts';
import { readJour } from '../../../domain/dates.ts';
import {
  DUREE_ANNEES,
  ENTREES_SORTIES,
  ETATS_RECRUTEMENT,
  FINANCEURS,
  type FormationInput,
  MAX_EVENEMENTS,
  TYPES_CONTACT,
} from '../../../domain/formation.schema.ts';
import { nombre } from '../../../domain/nombres.ts';
import { LISTE_FINANCEURS_PUBLICS } from '../../../domain/type-offre.ts';
import {
  type ErreurSaisie,
  erreurChamp,
  type FicheSaisie,
  libelleChamp,
} from '../../../services/espace.service.ts';
import type { SessionSaisie } from '../../../services/espace-sessions.service.ts';
import { caracteresRetires } from '../../plugins/caracteres.plugin.ts';
import { problemeCaractere, readFormulaire } from '../form/formulaire.ts';

// The form bodies of the space's pages → the shapes the espace service takes. Only the reading
// of strings (oui/non, integers, dates, a select's values, repeated rows) is done here; what is
// valid is the service's, which reports the errors found here with its own, all at once.

export const MAX_CONTACTS = 8;

/**
 * The fields of this post whose forbidden characters the door took out, as the form's errors
 * (« Intitulé : le caractère nul (U+0000)… »), `libelles` the form's labels (LIBELLES_FICHE…).
 */
export function caracteresSaisis(
  request: FastifyRequest,
  libelles: Readonly<Record<string, string>>,
): ErreurSaisie[] {
  return caracteresRetires(request).map(({ champ, nul }) => ({
    champ,
    message: erreurChamp(libelleChamp(champ, libelles), problemeCaractere(nul)),
  }));
}
const MODALITES = ['formation_continue', 'contrat_professionnalisation', 'contrat_apprentissage'] as const;

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** The public funders the formation form ticks: the domain's list (type-offre.ts). */
export const FINANCEURS_SAISIS = LISTE_FINANCEURS_PUBLICS;

/**
 * An organisme's SIRET as the form sends it: one of the user's establishments (the select,
 * `<role>.siret`) or, under a mandataire, a co-contractor's typed SIRET (`<role>.siret_autre`),
 * which wins when filled.
 */
function organismeLu(f: Record<string, string>, role: 'responsable' | 'formateur') {
  const siret = f[`${role}.siret_autre`]!.trim() || f[`${role}.siret`]!;
  return siret ? { siret } : null;
}

/**
 * The formation form's fields, in the order the page shows them (fiche.page.tsx; the error
 * summary lists its errors in this order, dansLOrdre): the one list of what the form reads.
 */
export const CHAMPS_FICHE = [
  'confirmer_doublon',
  'intitule',
  'objectif',
  'contenu',
  'url',
  'certification.rncp',
  'certification.cfd',
  'certification.recherche',
  // « Chercher la certification » (then « Enregistrer » at the bottom)
  'action',
  'certification.choix',
  // « Action conventionnée » (docs/conventionne.md): the public funders, then the mandataire.
  ...FINANCEURS_SAISIS.map((x) => `financeurs.${x}`),
  'mandataire.siret',
  'responsable.siret',
  'responsable.siret_autre',
  'formateur.siret',
  'formateur.siret_autre',
  ...MODALITES.map((m) => `modalites.${m}`),
  ...range(5).map((i) => `modalites.annees_apprentissage.${i + 1}`),
  'modalites.duree_annees',
  ...range(MAX_CONTACTS).flatMap((i) =>
    ['type', 'nom', 'telephone', 'courriel'].map((k) => `contacts.${i}.${k}`),
  ),
];

function ouiNon(v: string, champ: string, libelle: string, erreurs: ErreurSaisie[]): boolean | null {
  if (v === 'oui') return true;
  if (v === 'non') return false;
  if (v !== '') erreurs.push({ champ, message: erreurChamp(libelle, 'répondez « oui » ou « non »') });
  return null;
}

function entier(
  v: string,
  champ: string,
  libelle: string,
  bornes: [number, number],
  erreurs: ErreurSaisie[],
  saisies?: Record<string, string>,
): number | null {
  const s = v.trim();
  if (!s) return null;
  const n = Number(s);
  if (!/^\d+$/.test(s) || n < bornes[0] || n > bornes[1]) {
    // What was typed comes back in its field with the error (`saisies`), as every text does.
    if (saisies) saisies[champ] = v;
    erreurs.push({
      champ,
      message: erreurChamp(
        libelle,
        `indiquez un nombre entier de ${nombre(bornes[0])} à ${nombre(bornes[1])}`,
      ),
    });
    return null;
  }
  return n;
}

/** `v` when it is one of `valeurs` (a select's options), else null, and « valeur non proposée » when something else was sent. */
function choix<T extends string>(
  v: string,
  champ: string,
  libelle: string,
  valeurs: readonly T[],
  erreurs: ErreurSaisie[],
): T | null {
  const s = v.trim();
  if (!s) return null;
  if ((valeurs as readonly string[]).includes(s)) return s as T;
  erreurs.push({
    champ,
    message: erreurChamp(libelle, `valeur non proposée (« ${s} ») : choisissez-en une dans la liste`),
  });
  return null;
}

function date(
  v: string,
  champ: string,
  libelle: string,
  erreurs: ErreurSaisie[],
  saisies?: Record<string, string>,
): string | null {
  const s = v.trim();
  if (!s) return null;
  const iso = readJour(s);
  if (iso) return iso;
  // Given back as typed under its error (`saisies`), as `entier` does.
  if (saisies) saisies[champ] = v;
  erreurs.push({ champ, message: erreurChamp(libelle, 'indiquez une date valide au format JJ/MM/AAAA') });
  return null;
}

export interface FicheLue {
  readonly action: string;
  readonly fiche: FicheSaisie;
  /** What the certification search field holds (searched on « Chercher la certification »). */
  readonly recherche: string;
  /**
   * What that field shows again when the form comes back refused: words a save could not take
   * (CERTIFICATION_NON_CHOISIE), '' when a choice or a typed code was taken (the form then carries it).
   */
  readonly rechercheLaissee: string;
  readonly confirmDoublon: boolean;
  readonly erreurs: ErreurSaisie[];
  /**
   * What was typed in a field whose reading refused it (« -1 » in « Durée du cursus »), by field:
   * the form shows it back as typed, under its error (FicheProps.saisies).
   */
  readonly saisies: Readonly<Record<string, string>>;
  /**
   * A certification chosen by one code (a picker line without its linked code, or a complete code
   * typed): its other code is then the reference link's, or none (domain/certification-paire.ts,
   * espace.service.ts apparierFiche), never the previous certification's. Null otherwise.
   */
  readonly choisie: CertificationChoisie | null;
  /** The certification codes the form was showing before (its hidden fields). */
  readonly precedente: PaireCertification;
}

/**
 * The formation form's body. A picked certification (`certification.choix` = "rncp:RNCP123") wins;
 * without one, a save (any action but « Chercher ») takes a complete code typed in the search
 * field as typed, known to the references or not (domain/certification-absente.ts
 * certificationTapee; CERT_INCONNUE checks it), and refuses anything else typed there
 * (CERTIFICATION_NON_CHOISIE) rather than drop it.
 */
export function readFiche(body: unknown): FicheLue {
  const f = readFormulaire(body, CHAMPS_FICHE) as Record<string, string>;
  const erreurs: ErreurSaisie[] = [];
  const saisies: Record<string, string> = {};
  const choisie = /^(rncp|rs|cfd):(\S+)$/.exec(f['certification.choix']!);
  // "rncp:RNCP37553+cfd:50022137": an RNCP fiche and the CFD the référentiel links it to.
  const paire = /^rncp:(\S+)\+cfd:(\S+)$/.exec(f['certification.choix']!);
  const recherche = f['certification.recherche']!.trim();
  const tapee = !paire && !choisie && recherche && f.action !== 'chercher' ? recherche : '';
  const code = tapee ? certificationTapee(tapee) : null;
  if (tapee && !code)
    erreurs.push({
      champ: 'certification.recherche',
      message: erreurChamp(
        'Certification',
        `« ${tapee} » n’est pas une certification choisie : choisissez-la dans les résultats de « Chercher la certification », saisissez son code complet (RNCP…, RS… ou code diplôme de 8 caractères) ou videz le champ`,
      ),
      code: 'CERTIFICATION_NON_CHOISIE',
    });
  const certification = paire
    ? { rncp: paire[1]!, cfd: paire[2]! }
    : choisie
      ? choisie[1] === 'cfd'
        ? { rncp: f['certification.rncp'] || null, cfd: choisie[2]! }
        : { rncp: choisie[2]!, cfd: f['certification.cfd'] || null }
      : code && 'cfd' in code
        ? { rncp: f['certification.rncp'] || null, cfd: code.cfd }
        : code
          ? { rncp: code.rncp, cfd: f['certification.cfd'] || null }
          : { rncp: f['certification.rncp'] || null, cfd: f['certification.cfd'] || null };
  const unCode: CertificationChoisie | null = paire
    ? null
    : choisie
      ? { type: choisie[1] as CertificationChoisie['type'], code: choisie[2]! }
      : code && 'cfd' in code
        ? { type: 'cfd', code: code.cfd }
        : code
          ? { type: 'rncp', code: code.rncp }
          : null;
  const modalites = {
    formation_continue: ouiNon(
      f['modalites.formation_continue']!,
      'modalites.formation_continue',
      'Formation continue',
      erreurs,
    ),
    contrat_professionnalisation: ouiNon(
      f['modalites.contrat_professionnalisation']!,
      'modalites.contrat_professionnalisation',
      'Contrat de professionnalisation',
      erreurs,
    ),
    contrat_apprentissage: ouiNon(
      f['modalites.contrat_apprentissage']!,
      'modalites.contrat_apprentissage',
      'Contrat d’apprentissage',
      erreurs,
    ),
    annees_apprentissage: range(5)
      .map((i) => i + 1)
      .filter((a) => f[`modalites.annees_apprentissage.${a}`] === 'oui'),
    duree_annees: entier(
      f['modalites.duree_annees']!,
      'modalites.duree_annees',
      'Durée du cursus',
      [DUREE_ANNEES.min, DUREE_ANNEES.max],
      erreurs,
      saisies,
    ),
  };
  // A contact's role is required (the contract and the store have no contact without one): a row
  // with a name, a telephone or a courriel but « Sélectionnez une option » is refused, never stored
  // under a role nobody chose. An empty row needs none.
  const contacts = range(MAX_CONTACTS)
    .map((i) => ({
      i,
      type: f[`contacts.${i}.type`]!,
      nom: f[`contacts.${i}.nom`] || null,
      telephone: f[`contacts.${i}.telephone`] || null,
      courriel: f[`contacts.${i}.courriel`] || null,
    }))
    .filter((c) => c.nom || c.telephone || c.courriel)
    .map(({ i, type, ...c }) => {
      const champ = `contacts.${i}.type`;
      const libelle = `Contact ${i + 1} : rôle`;
      const role = choix(type, champ, libelle, TYPES_CONTACT, erreurs);
      if (!type.trim())
        erreurs.push({
          champ,
          message: erreurChamp(libelle, 'choisissez le rôle de ce contact dans la liste'),
        });
      // Left unchosen: shown again as such (the refusal above keeps it from being stored).
      return { ...c, type: (role ?? undefined) as FormationInput['contacts'][number]['type'] };
    });
  return {
    action: f.action!,
    recherche,
    rechercheLaissee: tapee && !code ? tapee : '',
    confirmDoublon: f.confirmer_doublon === 'oui',
    erreurs,
    saisies,
    choisie: unCode,
    precedente: { rncp: f['certification.rncp'] || null, cfd: f['certification.cfd'] || null },
    fiche: {
      intitule: f.intitule || null,
      objectif: f.objectif || null,
      contenu: f.contenu || null,
      url: f.url || null,
      certification,
      responsable: organismeLu(f, 'responsable'),
      formateur: organismeLu(f, 'formateur'),
      contacts,
      modalites,
      // A post without the section (a form of before it, a script): the stored mandataire and
      // funders are kept, never emptied by omission.
      ...(avecConventionne(body)
        ? {
            mandataire: f['mandataire.siret'] ? { siret: f['mandataire.siret'] } : null,
            financeurs: FINANCEURS_SAISIS.filter((x) => f[`financeurs.${x}`] === 'oui'),
          }
        : {}),
    },
  };
}

/** Did the post carry the « Action conventionnée » section (its mandataire select is always sent)? */
const avecConventionne = (body: unknown) =>
  !!body &&
  typeof body === 'object' &&
  typeof (body as Record<string, unknown>)['mandataire.siret'] === 'string';

// Réunions d'information and bilans: as many rows as the contract allows (MAX_EVENEMENTS), so that
// a session imported with more than a form would show loses none when saved here.
const EVENEMENTS = ['reunions_information', 'bilans'] as const;
/**
 * The session form's fields, in the order the page shows them (session.page.tsx; the error
 * summary lists its errors in this order, dansLOrdre): the one list of what the form reads.
 */
export const CHAMPS_SESSION = [
  'confirmer_doublon',
  'debut',
  'fin',
  'confirmer_passee',
  'lieu.adresse',
  'lieu.code_postal',
  'lieu.commune',
  'lieu.cedex',
  'lieu.choix',
  'lieu.uai',
  'etat_recrutement',
  'capacite',
  'entree_sortie',
  ...EVENEMENTS.flatMap((e) =>
    range(MAX_EVENEMENTS).flatMap((i) => ['date', 'lieu', 'libelle'].map((k) => `${e}.${i}.${k}`)),
  ),
  'contact.nom',
  'contact.telephone',
  'contact.courriel',
  'financeur',
  'numero_marche',
  'date_notification_marche',
];

/**
 * The session form's body. `saisies`: what was typed in a field its reading refused (« -3 » or
 * « douze » in « Capacité », « 31/02/2027 » in a date), by field, shown back as typed under its
 * error (SessionProps.saisies); a meeting or review row whose only value is a refused date is kept
 * (its date null), so that its field comes back too.
 */
export function readSession(body: unknown): {
  session: SessionSaisie;
  erreurs: ErreurSaisie[];
  saisies: Readonly<Record<string, string>>;
} {
  const f = readFormulaire(body, CHAMPS_SESSION) as Record<string, string>;
  const erreurs: ErreurSaisie[] = [];
  const saisies: Record<string, string> = {};
  const ev = (e: (typeof EVENEMENTS)[number], libelle: string) =>
    range(MAX_EVENEMENTS)
      .map((i) => ({
        date: date(f[`${e}.${i}.date`]!, `${e}.${i}.date`, libelle, erreurs, saisies),
        lieu: f[`${e}.${i}.lieu`] || null,
        libelle: f[`${e}.${i}.libelle`] || null,
        tapee: !!f[`${e}.${i}.date`]!.trim(),
      }))
      .filter((x) => x.tapee || x.lieu || x.libelle)
      .map(({ tapee: _, ...x }) => x);
  const contact = {
    nom: f['contact.nom'] || null,
    telephone: f['contact.telephone'] || null,
    courriel: f['contact.courriel'] || null,
  };
  return {
    erreurs,
    saisies,
    session: {
      debut: date(f.debut!, 'debut', 'Date de début', erreurs, saisies),
      fin: date(f.fin!, 'fin', 'Date de fin', erreurs, saisies),
      etat_recrutement:
        choix(f.etat_recrutement!, 'etat_recrutement', 'État du recrutement', ETATS_RECRUTEMENT, erreurs) ??
        'ouvert',
      capacite: entier(f.capacite!, 'capacite', 'Capacité', [0, 100_000], erreurs, saisies),
      entree_sortie: choix(
        f.entree_sortie!,
        'entree_sortie',
        'Entrées et sorties',
        Object.keys(ENTREES_SORTIES) as (keyof typeof ENTREES_SORTIES)[],
        erreurs,
      ),
      lieu: {
        adresse: f['lieu.adresse'] || null,
        code_postal: f['lieu.code_postal'] || null,
        commune: f['lieu.commune'] || null,
        cedex: f['lieu.cedex'] || null,
        uai: f['lieu.uai'] || null,
        choix: f['lieu.choix'] || null,
      },
      contact: contact.nom || contact.telephone || contact.courriel ? contact : null,
      financeur: choix(f.financeur!, 'financeur', 'Financeur', FINANCEURS, erreurs),
      numero_marche: f.numero_marche || null,
      date_notification_marche: date(
        f.date_notification_marche!,
        'date_notification_marche',
        'Date de notification du marché',
        erreurs,
        saisies,
      ),
      reunions_information: ev('reunions_information', 'Date de la réunion d’information'),
      bilans: ev('bilans', 'Date du bilan'),
    },
  };
}
