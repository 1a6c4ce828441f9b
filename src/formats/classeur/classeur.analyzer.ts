import { createHash } from 'node:crypto';
import { type ChoixCommune, type CommuneCandidate, memeNomDeCommune } from '../../domain/commune.ts';
import { jourIsoLong as fr, jourIso, jourLong } from '../../domain/dates.ts';
import type { SessionInput } from '../../domain/formation.schema.ts';
import { t } from '../../domain/formation.snapshot.ts';
import { LIGNE_LAISSEE } from '../../domain/import-apercu.ts';
import { enumeration } from '../../domain/pluriel.ts';
import {
  messageFermetureEnAttente,
  messageRevisionAbandonnee,
  messageRevisionEnAttente,
} from '../../domain/revision.ts';
import { nomSession, periodeSession } from '../../domain/sessions-noms.ts';
import { isConventionnee } from '../../domain/type-offre.ts';
import { messageFormationArchivee } from '../../domain/workflow.ts';
import { type CleColonne, type Colonne, colonnesClasseur } from './classeur.columns.ts';
import { CODE_LIGNE_EN_DOUBLE, lignesEnDouble, signalerSessionsEnDouble } from './classeur.doublons.ts';
import { type Ecriture, planificateur } from './classeur.ecriture.ts';
import {
  CODE_CHAMP_OBLIGATOIRE,
  CODE_REFERENT_SANS_NOM,
  manquantsNouvelle,
  referentSansNom,
  videsExistante,
} from './classeur.obligatoires.ts';
import { signalerSessionsPassees } from './classeur.passees.ts';
import { sessionAjoutee } from './classeur.plan.ts';
import type { LigneLue, Remarque } from './classeur.reader.ts';
import { annoncerEcrituresImmediates } from './classeur.recrutement.ts';
import {
  type LigneRapport,
  parentheseSessionAjoutee,
  remplacerLignes,
  type SessionAjoutee,
} from './classeur.report.ts';
import {
  cleLieu,
  cleLieuSouple,
  type Fenetre,
  type LieuFormation,
  lieuxDe,
  readReference,
  type Valeurs,
  valeursFormation,
  valeursLieu,
} from './classeur.rows.ts';
import { type Canonique, canoniser, memeValeur, valeurInconnue } from './classeur.values.ts';
import {
  COLONNE_EMPREINTES,
  FEUILLE_VERSIONS,
  type VersionsClasseur,
  vautEmpreinte,
} from './classeur.versions.ts';

// What each returned row means, decided from its colours AND from comparing its values with the
// current offer. Pure: the service loads the formations the rows name and applies the result.

import { PREFIXE_CLE_CLASSEUR, referenceOrganisme } from '../../domain/reference-organisme.ts';
import type { Cible, FormationVue, LigneValide } from './classeur.cibles.ts';

export type { Cible, FormationVue, LigneValide };

export interface ContexteAnalyse {
  readonly annee: number;
  readonly fenetre: Fenetre;
  readonly formations: ReadonlyMap<string, FormationVue>;
  /** Formations created by an earlier import of a new (blue) row: `siren|cle_externe` → id. */
  readonly parCle: ReadonlyMap<string, string>;
  readonly canWrite: (siren: string) => boolean;
  /**
   * What the workbook was generated with (classeur.versions.ts). null: a workbook without versions
   * (older, or made by hand), whose changes are applied with a warning; absent: not checked.
   */
  readonly versions?: VersionsClasseur | null;
  /** The report of a preview (nothing applied): its warnings say what will be done, in the future. */
  readonly apercu?: boolean;
  /**
   * The commune of a typed place (postal code, commune) in the communes reference, chosen as the
   * session form chooses it (domain/commune.ts choisirCommune); null: kept as typed (no reference
   * loaded, nothing typed). Absent: places are not looked up.
   */
  readonly communeDe?: (cp: string | null, nom: string | null) => ChoixCommune<CommuneCandidate> | null;
  /** The name of the organisme of a SIRET, when the references know it (organismes, Sirene). */
  readonly nomDe?: (siret: string) => string | null;
  /** The Paris day (AAAA-MM-JJ): a row adding a session over before it is warned of. Absent: not checked. */
  readonly aujourdhui?: string;
}

export interface Analyse {
  readonly lignes: LigneRapport[];
  readonly cibles: Map<string, Cible>;
  /** The write of each target, planned once (classeur.ecriture.ts): the report's and the import's. */
  readonly ecriture: (cible: Cible) => Ecriture;
  /**
   * Per new (blue) row in error, by its number: the formation it would create once corrected, from
   * its cells that were read (the others empty). The preview names the blocking rules it would fail
   * besides the row's errors (services/import-classeur.apercu.ts reglesDesLignesEnErreur): every
   * problem of a row is said at once. Never written.
   */
  readonly enErreur: ReadonlyMap<number, Cible>;
}

const DATES: readonly CleColonne[] = ['debut', 'fin'];
/** The columns of a session: its place, its capacity, its dates (the formation's are the others). */
const COLONNES_SESSION: readonly CleColonne[] = colonnesClasseur(0)
  .filter((c) => c.portee === 'lieu' || c.portee === 'date')
  .map((c) => c.cle as CleColonne);
/** The columns a place is looked up by in the communes reference. */
const LIEU: readonly CleColonne[] = ['adresse', 'codePostal', 'commune'];
const nomDate = (cle: CleColonne) => (cle === 'debut' ? 'date de début' : 'date de fin');
// Facts of the organisme, shared by all its formations: an empty cell means "not given", never "erase".
const FAITS_ORGANISME: readonly CleColonne[] = ['uaiResponsable', 'uaiFormateur'];

/**
 * A SIRET responsable that does not start with a SIREN (« abc »): readable, stored and flagged by
 * ORG_SIRET_FORMAT when the actor may write it, but it names no SIREN an organisme's access covers.
 */
const sansSiren = (siret: string) =>
  `le SIRET responsable « ${siret} » ne commence pas par un SIREN (9 chiffres) : il n’est d’aucun établissement de votre SIREN`;

/**
 * CLASSEUR_AUTRE_ORGANISME of a row whose SIRET responsable `siret` is another organisme's (named
 * `nom` when the references know it): not to be corrected, to be imported by that organisme.
 */
function messageAutreOrganisme(siret: string, nom: string | null): string {
  return `cette ligne est une formation de l’organisme ${nom ? `« ${nom} » ` : ''}(SIRET ${siret}), pas du vôtre : vous ne pouvez importer que l’offre de votre organisme. ${LIGNE_LAISSEE} : faites-la importer par cet organisme ou par un gestionnaire de sa région.`;
}

/** The external key of a formation created from new rows: same organismes, certification and title ⇒ same formation. */
export function cleNouvelle(v: Valeurs): string {
  const id = [v.siretResponsable, v.siretFormateur, v.rncp, v.cfd, (v.intitule ?? '').toLowerCase()].join(
    '|',
  );
  return `${PREFIXE_CLE_CLASSEUR}${createHash('sha256').update(id).digest('hex').slice(0, 20)}`;
}

/** Values remembered per column by one analysis (a workbook has a few thousand distinct ones). */
const MEMOIRE = 20_000;

/**
 * canoniser, remembered per column for the values that repeat from row to row and cost to check
 * (telephones, e-mails, dates, SIRETs…); free texts (titles, objectives) are each their own. For one
 * analysis: the first MEMOIRE values of each column are kept (a plain map, dropped with the
 * analysis; an LRU cache of that size costs more to fill than the checks it saves).
 */
function canoniseur(colonnes: readonly Colonne[]): (c: Colonne, brut: string | null) => Canonique {
  const parColonne = new Map(
    colonnes.filter((c) => c.genre !== 'texte').map((c) => [c, new Map<string, Canonique>()] as const),
  );
  return (c, brut) => {
    const vus = brut === null ? undefined : parColonne.get(c);
    if (!vus) return canoniser(c, brut);
    let r = vus.get(brut!);
    if (r === undefined) {
      r = canoniser(c, brut);
      if (vus.size < MEMOIRE) vus.set(brut!, r);
    }
    return r;
  };
}

/**
 * An object with every column's key, in the columns' order, each null: copied (`{ ...modele }`), it
 * gives objects of one fixed shape, whose cells are then set in place.
 */
function modeleValeurs(colonnes: readonly Colonne[]): Valeurs {
  const m: Valeurs = {};
  for (const c of colonnes) m[c.cle as CleColonne] = null;
  // Copied once: the copy of an object filled key by key is a plain (fast) object, as are its copies.
  return { ...m };
}

export function analyzeClasseur(lues: readonly LigneLue[], ctx: ContexteAnalyse): Analyse {
  const colonnes = colonnesClasseur(ctx.annee);
  const canoniser = canoniseur(colonnes);
  const formationWide = colonnes.filter((c) => c.portee === 'formation').map((c) => c.cle as CleColonne);
  // The export's date, as the version warnings write it (one formatter for the whole workbook).
  const depuis = ctx.versions ? jourLong(ctx.versions.genereLe) : '';
  const parCle = new Map(colonnes.map((c) => [c.cle as CleColonne, c]));
  const colonneReference = parCle.get('reference')!;
  const lignes: LigneRapport[] = [];
  const cibles = new Map<string, Cible>();
  const enErreur = new Map<number, Cible>();
  // The places and formation-wide values of each formation, worked out at its first row.
  const lieuxParFormation = new Map<
    string,
    {
      lieux: LieuFormation[];
      valeurs: Valeurs;
      /** Per column index: the formation-wide value as compared, and whether it is valid and known. */
      canoniques: ({ valeur: string | null; sur: boolean } | undefined)[];
      /** Per place: the row's stored values (base), and as compared (offre); sures: each valid and known. */
      offre: Map<LieuFormation | null, { base: Valeurs; offre: Valeurs; sures: boolean }>;
    }
  >();
  // Formation-wide values already asked for by an earlier row of the same formation (a change wins over a copy).
  const demandes = new Map<
    string,
    Map<CleColonne, { valeur: string | null; ligne: number; change: boolean }>
  >();

  // The places of a formation and, per place, its stored values (base) and as compared (offre).
  const lieuxDeVue = (vue: FormationVue) => {
    let lieux = lieuxParFormation.get(vue.id);
    if (!lieux) {
      lieux = {
        lieux: lieuxDe(vue.input, ctx.fenetre),
        valeurs: valeursFormation(vue.input),
        canoniques: [],
        offre: new Map(),
      };
      lieuxParFormation.set(vue.id, lieux);
    }
    return lieux;
  };
  // Remembered per column as canoniser is (canoniseur: not for free texts), its placeholder check
  // included: a stored value repeats from place to place (postal codes, telephones, years…).
  const canoniques = new Map(
    colonnes
      .filter((c) => c.genre !== 'texte')
      .map((c) => [c, new Map<string, { valeur: string | null; sur: boolean }>()] as const),
  );
  const canonique = (c: Colonne, brut: string | null) => {
    const vus = brut === null ? undefined : canoniques.get(c);
    let k = vus?.get(brut!);
    if (k) return k;
    const r = canoniser(c, brut);
    k = {
      valeur: r.ok ? r.valeur : brut,
      // A value canoniser kept is no placeholder (it checks that first): only an empty result may be one.
      sur: r.ok && (c.cle === 'reference' || r.valeur !== null || !valeurInconnue(c, brut)),
    };
    if (vus && vus.size < MEMOIRE) vus.set(brut!, k);
    return k;
  };
  // Built column by column (the place's values over the formation's), each formation-wide value
  // made canonical once per formation. Both objects are copies of `modele`, each cell then set:
  // the same keys, order and values as objects filled from empty, which V8 turns into
  // dictionaries past 16 keys written by name (slower to build and to read; docs/mesures.md,
  // « l’analyse sans objets-dictionnaires »).
  const modele = modeleValeurs(colonnes);
  const valeursDuLieu = (lieux: ReturnType<typeof lieuxDeVue>, lieu: LieuFormation | null) => {
    let parLieu = lieux.offre.get(lieu);
    if (!parLieu) {
      const duLieu: Valeurs = lieu ? valeursLieu(lieu) : {};
      const b: Valeurs = { ...modele };
      const o: Valeurs = { ...modele };
      let sures = true;
      for (let i = 0; i < colonnes.length; i++) {
        const c = colonnes[i]!;
        const cle = c.cle as CleColonne;
        const propre = cle in duLieu;
        const brut = (propre ? duLieu[cle] : lieux.valeurs[cle]) ?? null;
        let k = propre ? undefined : lieux.canoniques[i];
        if (!k) {
          k = canonique(c, brut);
          if (!propre) lieux.canoniques[i] = k;
        }
        b[cle] = brut;
        o[cle] = k.valeur;
        if (!k.sur) sures = false;
      }
      parLieu = { base: b, offre: o, sures };
      lieux.offre.set(lieu, parLieu);
    }
    return parLieu;
  };
  // The values at the place of session `sessionId` in the owner's revision `actor` may not read
  // (FormationVue.revisionCachee), as compared: only checked against the workbook's versions.
  const valeursCachees = (vue: FormationVue, revision: FormationVue['input'], sessionId: string | null) => {
    const lieux = lieuxDeVue({ ...vue, id: `${vue.id}#revision`, input: revision });
    const lieu = lieux.lieux.find((l) => sessionId !== null && l.sessions.some((s) => s.id === sessionId));
    return valeursDuLieu(lieux, lieu ?? null).offre;
  };
  // The formation a reference names, when it is in the offer the workbook may change (the import
  // loads only those of the workbook's organisme; and the actor's): any other is « unknown », the
  // same answer whatever it is and whatever its status, on every door (page, API, command line).
  const formationDe = (formationId: string): FormationVue | undefined => {
    const vue = ctx.formations.get(formationId);
    return vue && ctx.canWrite(vue.siren) ? vue : undefined;
  };
  // Per reference: the stored values an untouched row of it carries, when such a row is sure to be
  // « inchangée » with nothing to say (see inchangee); null when it must go through the whole analysis.
  const attendues = new Map<string, Valeurs | null>();
  const attenduesDe = (reference: string): Valeurs | null => {
    const { formationId, sessionId } = readReference(reference);
    const vue = formationDe(formationId);
    if (!vue || !sessionId || vue.statut === 'supprimee' || vue.statut === 'archivee') return null;
    const lieux = lieuxDeVue(vue);
    const lieu = lieux.lieux.find((l) => l.sessions.some((s) => s.id === sessionId));
    if (!lieu) return null;
    const s = lieu.campagne;
    const { base, offre, sures } = valeursDuLieu(lieux, lieu);
    if (!sures) return null;
    if (!s) {
      // No session of the campaign at this place: exported (and returned) with both dates empty.
      if (offre.debut || offre.fin) return null;
    } else {
      if (!offre.debut || !offre.fin || offre.fin < offre.debut) return null;
      if (offre.debut !== s.debut || offre.fin !== (s.fin ?? null)) return null;
      if (offre.debut < ctx.fenetre.debut || offre.debut > ctx.fenetre.fin) return null;
    }
    // The whole analysis picks the same place: the one of the session the reference names.
    return base;
  };
  /**
   * The report line of a row left as exported (88 % of a returned workbook): with a reference to a
   * session of a place (with the campaign's session there, or none and both dates empty), no
   * colour, nothing the reader noted, and every cell equal to the stored value, itself canonical
   * and known. Its verdict is « inchangée » with no remark, as the whole
   * analysis below would decide (each of its checks passes, its comparison finds no change, and a
   * row changing nothing has no weight in the agreement of the formation's rows); null: any doubt.
   */
  const inchangee = (lue: LigneLue): LigneRapport | null => {
    if (lue.jaune !== null || lue.bleue || lue.rouges.length > 0 || lue.erreurs.length > 0) return null;
    const brut = lue.valeurs.reference;
    if (!brut) return null;
    const r = canoniser(colonneReference, brut);
    if (!r.ok || !r.valeur) return null;
    const reference = r.valeur;
    let attendu = attendues.get(reference);
    if (attendu === undefined) {
      attendu = attenduesDe(reference);
      attendues.set(reference, attendu);
    }
    if (!attendu) return null;
    // A row whose version cell is unreadable is said so (CLASSEUR_VERSION_INVALIDE), even unchanged.
    if (ctx.versions?.invalides?.[reference] !== undefined) return null;
    for (const c of colonnes)
      if (
        c.cle !== 'reference' &&
        (lue.valeurs[c.cle as CleColonne] ?? null) !== (attendu[c.cle as CleColonne] ?? null)
      )
        return null;
    return {
      ligne: lue.ligne,
      reference,
      intitule: attendu.intitule ?? null,
      verdict: 'inchangee',
      a_valider: false,
      champs: [],
      erreurs: [],
      avertissements: [...lue.avertissements],
    };
  };

  // Whether the row of `reference` (a formation's id alone) was exported as the row of a draft
  // without any session (every session cell fingerprinted empty) and still has no session data.
  const brouillonTelecharge = (reference: string, v: Valeurs, erreurs: readonly Remarque[]) => {
    const empreintes = ctx.versions?.parReference[reference];
    return (
      !!empreintes &&
      COLONNES_SESSION.every((cle) => {
        const c = parCle.get(cle)!;
        const exporte = empreintes[cle];
        return (
          v[cle] == null &&
          !erreurs.some((e) => e.colonne === c.entete) &&
          (exporte === undefined || vautEmpreinte(c, null, exporte))
        );
      })
    );
  };

  // Rows sharing a session's reference: those that differ are refused, a copy changes nothing.
  // Whether a row is the session its reference names as downloaded (the sheet `Versions`; without
  // it, as stored): its place and dates (`exacte`), or its place, which had no session of the
  // campaign (`lieu`). Tells the original of a row copied to add a session (lignesEnDouble).
  const sessionTelechargee = (lue: LigneLue): 'exacte' | 'lieu' | null => {
    const r = canoniser(colonneReference, lue.valeurs.reference ?? null);
    if (!r.ok || !r.valeur) return null;
    const { formationId, sessionId } = readReference(r.valeur);
    const vue = formationDe(formationId);
    if (!vue || !sessionId) return null;
    const lieux = lieuxDeVue(vue);
    const lieu = lieux.lieux.find((l) => l.sessions.some((s) => s.id === sessionId));
    if (!lieu) return null;
    const { offre } = valeursDuLieu(lieux, lieu);
    const empreintes = ctx.versions?.parReference[r.valeur];
    const telechargee = (cle: CleColonne, x: string | null) => {
      const c = parCle.get(cle)!;
      const o = offre[cle] ?? null;
      if (empreintes?.[cle] !== undefined) return vautEmpreinte(c, x, empreintes[cle]!);
      return x === o || memeValeur(c, x, o) || (cle === 'commune' && !!x && !!o && memeNomDeCommune(x, o));
    };
    const cellule = (cle: CleColonne) => canoniser(parCle.get(cle)!, lue.valeurs[cle] ?? null);
    const comme = (cle: CleColonne) => {
      const k = cellule(cle);
      return k.ok && telechargee(cle, k.valeur);
    };
    if (!LIEU.every(comme) || !comme('uaiLieu')) return null;
    if (DATES.every(comme)) return 'exacte';
    return DATES.every((cle) => telechargee(cle, null)) ? 'lieu' : null;
  };
  const enDouble = lignesEnDouble(lues, colonnes, sessionTelechargee);
  const remarqueDouble = (n: number, message: string): Remarque => ({
    colonne: colonneReference.entete,
    code: CODE_LIGNE_EN_DOUBLE,
    message: `Ligne ${n}, colonne « ${colonneReference.entete} » : ${message}`,
  });

  for (const lue of lues) {
    const double = enDouble.get(lue.ligne);
    const rapide = double && !double.copie ? null : inchangee(lue);
    if (rapide) {
      // An untouched copy of an untouched row: said, nothing else (the first row says the rest).
      lignes.push(
        double ? { ...rapide, avertissements: [remarqueDouble(lue.ligne, double.message)] } : rapide,
      );
      continue;
    }
    const n = lue.ligne;
    const erreurs: Remarque[] = lue.erreurs.map((e) => ({ ...e, message: `Ligne ${n}, ${e.message}` }));
    const avert: Remarque[] = [...lue.avertissements];
    const dire = (liste: Remarque[], col: Colonne | null, code: string, message: string) =>
      liste.push({
        colonne: col?.entete ?? '',
        code,
        message: `Ligne ${n}${col ? `, colonne « ${col.entete} »` : ''} : ${message}`,
      });
    const colonne = (cle: CleColonne) => parCle.get(cle)!;
    if (double && !double.copie && !double.ajout) erreurs.unshift(remarqueDouble(n, double.message));
    // A copy of row `copieDe` (its session's reference with it) that adds a session: read as a row
    // of its formation's reference alone (lignesEnDouble decides it).
    const copieDe = double?.ajout?.originale;

    const v: Valeurs = {};
    // Placeholder cells ('-', « Non renseigné »…): unknown, so what is stored stays (set below).
    const inconnues: CleColonne[] = [];
    for (const c of colonnes) {
      const brut = lue.valeurs[c.cle as CleColonne];
      const r = canoniser(c, brut);
      // A placeholder is read as empty (canoniser checks it first): only an empty result may be one.
      if (c.cle !== 'reference' && r.ok && r.valeur === null && valeurInconnue(c, brut)) {
        inconnues.push(c.cle as CleColonne);
        // A new formation's row has no stored value to keep: said below, once the row is known new.
        dire(
          avert,
          c,
          'CLASSEUR_VALEUR_INCONNUE',
          `« ${brut} » lu comme une valeur inconnue : la valeur enregistrée est gardée.`,
        );
      }
      if (r.ok) v[c.cle as CleColonne] = r.valeur;
      else dire(erreurs, c, r.code, r.message);
    }
    const fermer = lue.jaune === 'ligne';
    if (lue.jaune === 'partiel')
      dire(
        avert,
        null,
        'CLASSEUR_JAUNE_PARTIEL',
        'quelques cellules seulement sont en jaune : la ligne n’est pas considérée comme fermée (surlignez toute la ligne pour la fermer).',
      );
    const reference = v.reference ?? null;

    // Which formation and which place the row stands for.
    let vue: FormationVue | undefined;
    let nouvelle = false;
    let cleExterne: string | null = null;
    let sessionId: string | null = null;
    let creeeAvant: string | null = null;
    let bleuAvecReference: number | null = null;
    let copiee: SessionInput | null = null;
    if (reference) {
      const ref = readReference(reference);
      sessionId = copieDe === undefined ? ref.sessionId : null;
      vue = formationDe(ref.formationId);
      // The session a copy was copied from: the one its reference names (its contact and entry
      // mode, which no column shows, go to the session the copy adds).
      if (copieDe !== undefined) copiee = vue?.input.sessions.find((s) => s.id === ref.sessionId) ?? null;
      // A row of another organisme's workbook pasted into this one (its SIRET responsable is of a
      // SIREN the actor may not write, an organisme's import): said once for the row as a whole,
      // naming that organisme from the row's own cell — never whether the formation exists.
      const autre = v.siretResponsable?.slice(0, 9);
      if (!vue && autre && /^\d{9}$/.test(autre) && !ctx.canWrite(autre))
        dire(
          erreurs,
          null,
          'CLASSEUR_AUTRE_ORGANISME',
          messageAutreOrganisme(v.siretResponsable!, ctx.nomDe?.(v.siretResponsable!) ?? null),
        );
      else if (!vue)
        dire(
          erreurs,
          colonne('reference'),
          'CLASSEUR_REFERENCE_INCONNUE',
          `aucune formation « ${ref.formationId} » dans l’offre de cet organisme ; ne modifiez pas cette colonne (pour une nouvelle formation, laissez-la vide).`,
        );
      if (lue.bleue) {
        // Said again once the row is known to add a session to that formation (below).
        bleuAvecReference = avert.length;
        dire(
          avert,
          colonne('reference'),
          'CLASSEUR_BLEU_AVEC_REFERENCE',
          'ligne en bleu mais avec une référence : traitée comme une formation existante.',
        );
      }
    } else if (fermer) {
      dire(
        erreurs,
        colonne('reference'),
        'CLASSEUR_FERMEE_SANS_REFERENCE',
        'ligne en jaune sans référence : impossible de savoir quelle formation fermer.',
      );
    } else {
      cleExterne = cleNouvelle(v);
      const siren = v.siretResponsable?.slice(0, 9);
      const existante = siren ? ctx.parCle.get(`${siren}|${cleExterne}`) : undefined;
      vue = existante ? ctx.formations.get(existante) : undefined;
      nouvelle = !vue;
      if (vue) {
        // The formation an earlier sending of this row created (its key): the row is compared with
        // it, so the report says so rather than « nouvelle formation » (blue or not).
        // Blue or not, it says so: an « inchangée » row with a link and no word puzzled its reader.
        creeeAvant = vue.id;
        const titre = vue.publiee?.intitule ?? vue.input.intitule;
        dire(
          avert,
          null,
          'CLASSEUR_NOUVELLE_DEJA_CREEE',
          `${lue.bleue ? 'ligne nouvelle (en bleu)' : 'ligne sans référence'}, déjà créée par un envoi précédent du classeur : formation ${vue.id}${titre ? ` (« ${titre} »)` : ''} ; la ligne lui est comparée.`,
        );
      } else if (!lue.bleue)
        dire(
          avert,
          null,
          'CLASSEUR_NOUVELLE_NON_BLEUE',
          'ligne sans référence : traitée comme une nouvelle formation (la convention est une police bleue).',
        );
    }
    if (vue && !ctx.canWrite(vue.siren))
      dire(
        erreurs,
        colonne('reference'),
        'CLASSEUR_ACCES',
        `la formation appartient au SIREN ${vue.siren} : vous ne pouvez pas la modifier.`,
      );
    if (vue?.statut === 'supprimee')
      dire(
        erreurs,
        colonne('reference'),
        'FORMATION_SUPPRIMEE',
        'cette formation est supprimée ; un gestionnaire doit la restaurer.',
      );
    // An archived formation takes no change, by any door (domain/workflow.ts formationArchivee):
    // its row is compared with it, and refused only when it changes something (below).
    const archivee = vue?.statut === 'archivee' && !fermer;

    let lieu: LieuFormation | null = null;
    let base: Valeurs = {};
    // The stored values as the comparisons read them (canonique, classeur.versions.ts: a value
    // the store refuses is compared as it is).
    let offre: Valeurs = {};
    if (vue) {
      const lieux = lieuxDeVue(vue);
      const cle = cleLieu({
        adresse: v.adresse,
        code_postal: v.codePostal,
        commune: v.commune,
        uai: v.uaiLieu,
      });
      // The place of the session the reference names, wherever the owner's current version (its
      // pending revision) has put it since the export: the row's cells may still write the place
      // it had then (a stale workbook), the version check below keeps Offre's newer values. A
      // reference without a session (a new place of the formation) is the place its cells write,
      // else the same place with its commune spelled otherwise (« ST NAZAIRE » for Saint-Nazaire:
      // a blue row imported again).
      const souple = v.commune ? cleLieuSouple(v) : null;
      lieu =
        lieux.lieux.find((l) => sessionId !== null && l.sessions.some((s) => s.id === sessionId)) ??
        lieux.lieux.find((l) => l.cle === cle && l.sessions.length > 0) ??
        (souple
          ? lieux.lieux.find((l) => l.sessions.length > 0 && cleLieuSouple(valeursLieu(l)) === souple)
          : undefined) ??
        lieux.lieux.find((l) => l.sessions.length === 0) ??
        null;
      // The row of a draft without any session as downloaded (its reference alone, its session
      // cells fingerprinted empty in the sheet `Versions`), sent back without session data after
      // the formation got sessions in Offre: the draft's row left as it was, not a new place
      // without dates (a fresh user, 07/12). It stands for no place, as the draft's row did: it
      // carries the formation-wide values only, and says the formation changed since.
      if (!lieu && !sessionId && !fermer && reference && brouillonTelecharge(reference, v, erreurs)) {
        lieu = { cle: cleLieu({}), sessions: [], reference: null, campagne: null, ferme: false };
        dire(avert, null, 'CLASSEUR_VERSION_ANCIENNE', messageSessionsDepuis(vue, depuis, !!ctx.apercu));
      }
      // A copy adding a session adds one even at a place with a session of the campaign (the
      // original row's, or another's): unless one has exactly its dates (the workbook sent again).
      if (copieDe !== undefined && lieu) lieu = { ...lieu, campagne: null };
      // A place without a session of the campaign whose row writes exactly the dates of one of its
      // stored sessions (one added outside the campaign by an earlier send of this workbook: a past
      // or later session) stands for that session: sent again, the row is « inchangée » instead of
      // adding a copy each time (a fresh user, 07/12).
      const memeDates =
        lieu && !lieu.campagne && v.debut && v.fin
          ? lieu.sessions.find((s) => s.debut === v.debut && s.fin === v.fin)
          : undefined;
      if (lieu && memeDates) lieu = { ...lieu, campagne: memeDates, reference: memeDates };
      if (sessionId && !lieux.lieux.some((l) => l.sessions.some((s) => s.id === sessionId)))
        dire(erreurs, colonne('reference'), 'CLASSEUR_REFERENCE_INCONNUE', messageSessionDisparue(vue, v));
      const parLieu = valeursDuLieu(lieux, lieu);
      base = parLieu.base;
      offre = parLieu.offre;
      // Another spelling of the place's stored commune (« LAVAL », « laval », « st nazaire ») at
      // the same postal code is no change: the stored name stays.
      if (
        v.commune &&
        offre.commune &&
        v.commune !== offre.commune &&
        (v.codePostal ?? null) === (offre.codePostal ?? null) &&
        memeNomDeCommune(v.commune, offre.commune)
      )
        v.commune = offre.commune;
      // Another writing of a stored value whose canonical form keeps the writing (a telephone
      // « 0243788026 » for the stored « 02 43 78 80 26 »: classeur.values.ts memeValeur) is no
      // change either: the stored writing stays.
      for (const c of colonnes) {
        const cle = c.cle as CleColonne;
        const stockee = offre[cle] ?? null;
        if (v[cle] != null && v[cle] !== stockee && memeValeur(c, v[cle] ?? null, stockee)) v[cle] = stockee;
      }
      for (const cle of inconnues) {
        const avant = canoniser(parCle.get(cle)!, base[cle] ?? null);
        v[cle] = avant.ok ? avant.valeur : null;
      }
    } else if (nouvelle) {
      if (v.siretResponsable && !ctx.canWrite(v.siretResponsable.slice(0, 9)))
        dire(
          erreurs,
          colonne('siretResponsable'),
          'CLASSEUR_ACCES',
          /^\d{9}/.test(v.siretResponsable)
            ? `votre accès ne couvre pas le SIREN ${v.siretResponsable.slice(0, 9)}.`
            : `${sansSiren(v.siretResponsable)} : votre accès ne couvre que les établissements de votre SIREN ; corrigez le SIRET responsable.`,
        );
      for (const m of manquantsNouvelle(colonnes, v)) {
        // A cell typed but refused (a SIRET of 13 digits) has its own error: it is not « empty ».
        if (erreurs.some((e) => e.colonne === m.colonne.entete)) continue;
        const brut = lue.valeurs[m.colonne.cle as CleColonne];
        dire(
          erreurs,
          m.colonne,
          CODE_CHAMP_OBLIGATOIRE,
          inconnues.includes(m.colonne.cle as CleColonne)
            ? `${m.message.replace(/\.$/, '')} (« ${brut} » est lu comme une valeur inconnue).`
            : m.message,
        );
      }
      // Nothing is stored for it: a placeholder cell is not « kept ». Said by the error of a
      // mandatory column; for another column, it stays empty.
      for (let i = avert.length - 1; i >= 0; i--) {
        const a = avert[i]!;
        if (a.code !== 'CLASSEUR_VALEUR_INCONNUE') continue;
        const c = colonnes.find((x) => x.entete === a.colonne)!;
        if (erreurs.some((e) => e.colonne === a.colonne)) avert.splice(i, 1);
        else
          avert[i] = {
            ...a,
            message: `Ligne ${n}, colonne « ${c.entete} » : « ${lue.valeurs[c.cle as CleColonne]} » lu comme une valeur inconnue : la colonne reste vide pour cette nouvelle formation.`,
          };
      }
    }

    // Dates: they make (or are) the campaign's session of this place. Both empty on a place the
    // formation already has: no session of the campaign there, nothing to do for it (the row as
    // exported before the rollover); one of the two empty is an error naming it; both mandatory for
    // a new formation or a new place. An archived formation's row only says whether it changes it
    // (one error then, below).
    const lieuConnu = !!vue && !nouvelle && !!lieu && lieu.sessions.length > 0;
    const dateLue = (cle: CleColonne) => !erreurs.some((e) => e.colonne === colonne(cle).entete);
    const sansSession = lieuConnu && v.debut == null && v.fin == null && DATES.every(dateLue);
    // The pair as Offre has it (a session of the campaign stored without its end date): the row
    // changes nothing there, and an untouched row is no error.
    const commeOffre = lieuConnu && DATES.every((c) => (v[c] ?? null) === (offre[c] ?? null));
    // The row of a formation without any session (a draft: exported as one row, its place and
    // dates empty) with no session typed in: it carries the formation-wide values only, and makes
    // no session. Session data typed in (a place, a capacity, a date) makes its first session, as
    // a new place's row does: both dates are then mandatory.
    const sansAucuneSession =
      !!vue &&
      !nouvelle &&
      lieu?.sessions.length === 0 &&
      COLONNES_SESSION.every(
        (cle) => v[cle] == null && !erreurs.some((e) => e.colonne === colonne(cle).entete),
      );
    if (fermer) {
      if (v.debut || v.fin)
        dire(
          avert,
          colonne('debut'),
          'CLASSEUR_DATES_IGNOREES',
          'ligne fermée (jaune) : les dates sont ignorées.',
        );
      // A yellow row only closes its place's recruitment (its other cells are not compared): a
      // value written in red there is not applied, and the row says so rather than losing it.
      const rouges = lue.rouges
        .filter((cle) => !DATES.includes(cle))
        .map((cle) => `« ${colonne(cle).entete} »`);
      if (rouges.length > 0 && vue)
        dire(
          avert,
          null,
          'CLASSEUR_ROUGE_SUR_JAUNE',
          `ligne fermée (jaune) : ${rouges.length === 1 ? `la valeur en rouge de la colonne ${rouges[0]} est ignorée` : `les valeurs en rouge des colonnes ${enumeration(rouges)} sont ignorées`} ; une ligne jaune ne fait que fermer le recrutement de son lieu. Pour modifier la formation, écrivez la valeur en rouge sur une ligne sans jaune, ou modifiez-la dans son formulaire.`,
        );
    } else if (!archivee && !sansSession && !sansAucuneSession) {
      for (const cle of DATES)
        if (v[cle] == null && dateLue(cle) && !commeOffre)
          dire(
            erreurs,
            colonne(cle),
            'CLASSEUR_DATE_MANQUANTE',
            lieuConnu
              ? `la ${nomDate(cle)} ${ctx.annee} est obligatoire quand la ${nomDate(cle === 'debut' ? 'fin' : 'debut')} est remplie : une session ${ctx.annee} a ses deux dates (une date prévisionnelle suffit) ; laissez les deux vides s’il n’y a pas de session ${ctx.annee} dans ce lieu.`
              : `la ${nomDate(cle)} ${ctx.annee} est obligatoire pour ${nouvelle ? 'une nouvelle formation' : 'un nouveau lieu'} (elle crée sa session ${ctx.annee}) ; une date prévisionnelle suffit.`,
          );
      if (v.debut && v.fin && v.fin < v.debut)
        dire(
          erreurs,
          colonne('fin'),
          'CLASSEUR_DATES_INCOHERENTES',
          'la date de fin précède la date de début.',
        );
      if (
        v.debut &&
        (v.debut < ctx.fenetre.debut || v.debut > ctx.fenetre.fin) &&
        // The stored session's own dates, written again, are no new session out of the campaign.
        !(lieu?.campagne && lieu.campagne.debut === v.debut && lieu.campagne.fin === v.fin)
      )
        dire(
          avert,
          colonne('debut'),
          'CLASSEUR_HORS_CAMPAGNE',
          `la session ne commence pas pendant la campagne ${ctx.annee} (du ${fr(ctx.fenetre.debut)} au ${fr(ctx.fenetre.fin)}).`,
        );
      const s = lieu?.campagne;
      if (
        vue &&
        s?.id &&
        vue.diffusees.has(s.id) &&
        v.debut &&
        v.fin &&
        (s.debut !== v.debut || s.fin !== v.fin)
      ) {
        // Said once a row, on the date cells that changed (both named when both did), not on an
        // untouched one: one problem, one line of the report (a fresh user's report, 06/12).
        const changees = (['debut', 'fin'] as const)
          .filter((cle) => (cle === 'debut' ? s.debut : s.fin) !== v[cle])
          .map(colonne);
        const [premiere, seconde] = changees;
        erreurs.push({
          colonne: premiere!.entete,
          code: 'CLASSEUR_SESSION_DIFFUSEE',
          message: `Ligne ${n}, ${seconde ? `colonnes « ${premiere!.entete} » et « ${seconde.entete} »` : `colonne « ${premiere!.entete} »`} : la session ${ctx.annee} de ce lieu (du ${fr(s.debut!)} au ${fr(s.fin ?? s.debut!)}) est déjà diffusée : ses dates ne changent plus. Fermez-la dans Offre et créez-en une nouvelle.`,
        });
      }
    }

    // A stale workbook: what changed in Offre since the export is not undone by an untouched cell.
    // What the row's change becomes once confirmed: applied, or a revision awaiting validation.
    const sort = sortDe(!!vue?.enRevision, !!ctx.apercu);
    // The session the row now stands for is not the one its reference names (a session of the
    // campaign added or re-dated at its place since the export): its session columns are that
    // other session's, and the version messages say so.
    const decrite =
      sessionId && lieu?.reference && lieu.reference.id !== sessionId
        ? lieu.sessions.find((s) => s.id === sessionId)
        : undefined;
    const autreSession =
      decrite && lieu?.reference
        ? { designee: lieu.reference, decrite, campagne: lieu.campagne === lieu.reference, annee: ctx.annee }
        : undefined;
    const sansVersion =
      vue && !fermer && !nouvelle && reference && ctx.versions !== undefined
        ? arbitrerVersion(
            // A copy adding a session: its session's cells are the new session's, not the downloaded ones.
            copieDe === undefined
              ? colonnes
              : colonnes.filter((c) => !COLONNES_SESSION.includes(c.cle as CleColonne)),
            v,
            offre,
            lue.rouges,
            {
              versions: ctx.versions,
              cachees: vue.revisionCachee ? valeursCachees(vue, vue.revisionCachee, sessionId) : undefined,
              depuis,
              sort,
              autreSession,
              // A cell the row's checks refused says so itself; no version verdict on a value not read.
              enErreur: (c) => erreurs.some((e) => e.colonne === c.entete),
            },
            reference,
            (c, code, message) => dire(avert, c, code, message),
          )
        : false;

    // Compare with the offer: which columns this row changes.
    const champs: CleColonne[] = [];
    if (vue && !fermer)
      for (const c of colonnes) {
        const cle = c.cle as CleColonne;
        if (cle === 'reference' || (FAITS_ORGANISME.includes(cle) && v[cle] == null)) continue;
        if ((offre[cle] ?? null) !== (v[cle] ?? null) && !erreurs.some((e) => e.colonne === c.entete))
          champs.push(cle);
      }
    // A row of an existing formation does not empty a mandatory column (the list new rows fill):
    // the row is left aside, the formation keeps its value.
    if (vue && !fermer && !nouvelle && !archivee)
      for (const m of videsExistante(colonnes, v, offre, (c) => !erreurs.some((e) => e.colonne === c.entete)))
        dire(erreurs, m.colonne, CODE_CHAMP_OBLIGATOIRE, m.message);
    // Nor leave the référent handicap reachable but unnamed (a new formation's row neither).
    if ((vue && !fermer && !nouvelle && !archivee) || nouvelle) {
      const stocke = vue?.input.contacts?.find((c) => c.type === 'referent_handicap');
      const m = referentSansNom(
        colonnes,
        v,
        vue ? offre : {},
        stocke?.telephone ?? null,
        (c) => !erreurs.some((e) => e.colonne === c.entete),
        nouvelle,
      );
      if (m) dire(erreurs, m.colonne, CODE_REFERENT_SANS_NOM, m.message);
    }
    // The owner of a formation is its responsable's SIREN (its mandataire's for a conventionnée
    // offer with one: domain/formation.snapshot.ts sirenProprietaire); the store refuses a write
    // that gives the formation to a SIREN the actor may not write (ACCES_REFUSE), and the whole
    // workbook with it: the row's own error, so that the other rows are applied.
    if (vue && !fermer && !nouvelle && !archivee && champs.includes('siretResponsable')) {
      const siren = v.siretResponsable?.slice(0, 9);
      const conventionnee = isConventionnee({
        contrat_apprentissage: vue.input.modalites?.contrat_apprentissage,
        financeurs: vue.input.financeurs,
        sessions: vue.input.sessions ?? [],
      });
      const parMandataire = conventionnee && !!t(vue.input.mandataire?.siret);
      if (siren && !parMandataire && siren !== vue.siren && ctx.canWrite(siren))
        // Allowed (the system, a gestionnaire): said, for the formation leaves its organisme's offer.
        dire(
          avert,
          colonne('siretResponsable'),
          'CLASSEUR_CHANGEMENT_RESPONSABLE',
          messageChangementResponsable(v.siretResponsable!, offre.siretResponsable ?? null, vue.siren, ctx),
        );
      else if (siren && !parMandataire && siren !== vue.siren)
        dire(
          erreurs,
          colonne('siretResponsable'),
          'CLASSEUR_ACCES',
          `${/^\d{9}/.test(siren) ? `le SIRET ${v.siretResponsable} est celui d’un établissement d’un autre SIREN (${siren})` : sansSiren(v.siretResponsable!)} : la formation passerait à cet organisme, et votre accès se limite au SIREN ${vue.siren}. ${LIGNE_LAISSEE} : remettez le SIRET responsable enregistré (${offre.siretResponsable ?? 'aucun'}) ; pour confier la formation à un autre organisme, adressez-vous à un gestionnaire.`,
        );
    }
    // Without dates, the row has no session of the campaign to carry a place or a capacity, and
    // does not erase the dates of the one that exists (closing it is a yellow row). The dates as
    // the version check left them: a stale row's dates give way to Offre's (none, the session
    // re-dated out of the campaign since the export), and nothing would carry its change.
    const sansSessionFinale = lieuConnu && v.debut == null && v.fin == null && DATES.every(dateLue);
    if (sansSessionFinale && !fermer && !archivee) {
      const s = lieu?.campagne;
      if (s?.debut && champs.some((c) => DATES.includes(c)))
        dire(
          erreurs,
          colonne('debut'),
          'CLASSEUR_DATE_MANQUANTE',
          `la session ${ctx.annee} de ce lieu (du ${fr(s.debut)} au ${fr(s.fin ?? s.debut)}) existe : ses dates ne s’effacent pas. Laissez-les, ou surlignez la ligne en jaune pour la fermer.`,
        );
      else {
        const lieuChange = champs.filter((c) => colonne(c).portee === 'lieu');
        const noms = lieuChange.map((c) => `« ${colonne(c).entete} »`).join(', ');
        if (lieuChange.length > 0)
          dire(
            erreurs,
            colonne('debut'),
            'CLASSEUR_DATE_MANQUANTE',
            sansSession
              ? `${noms} : le lieu et la capacité sont ceux de la session ${ctx.annee}, et ce lieu n’en a pas : indiquez ses dates de début et de fin (une date prévisionnelle suffit).`
              : `${noms} : le lieu et la capacité sont ceux de la session ${ctx.annee}, et ce lieu n’en a plus dans Offre depuis le ${depuis} (ses dates ont changé) : la ligne est laissée de côté. Téléchargez un classeur à jour.`,
          );
      }
    }
    if (vue && archivee && champs.length > 0) {
      const changees = champs.map((cle) => `« ${colonne(cle).entete} »`).join(', ');
      dire(
        erreurs,
        colonne('reference'),
        'FORMATION_ARCHIVEE',
        messageFormationArchivee(
          { id: vue.id, intitule: vue.input.intitule ?? null },
          `Cette ligne la change (${changees}) : laissez-la telle qu’exportée, ou réimportez-la une fois la formation republiée.`,
        ),
      );
    }
    if (vue && !fermer && !nouvelle) {
      // A red cell that could not be read has its reading error only: nothing was compared.
      for (const cle of lue.rouges)
        if (!champs.includes(cle) && !erreurs.some((e) => e.colonne === colonne(cle).entete))
          dire(
            avert,
            colonne(cle),
            'CLASSEUR_ROUGE_SANS_CHANGEMENT',
            'valeur en rouge mais identique à l’offre enregistrée.',
          );
      // A date is a value like the others: changing a stored one (re-dating the session of the
      // campaign) without red is said. Dates typed into the empty cells of a place without a
      // session of the campaign create it, as the sheet « Conventions » asks: nothing was changed.
      for (const cle of champs)
        if (
          !lue.rouges.includes(cle) &&
          !lue.bleue &&
          !(DATES.includes(cle) && (offre[cle] ?? null) === null) &&
          // A copy adding a session writes the new session's cells over nothing stored.
          !(copieDe !== undefined && COLONNES_SESSION.includes(cle))
        )
          dire(
            avert,
            colonne(cle),
            'CLASSEUR_MODIFICATION_NON_SIGNALEE',
            `valeur modifiée sans être écrite en rouge : la modification ${sort}.`,
          );
    }

    // A place the formation does not have yet (a new formation, a new or changed place): found
    // in the communes reference as the session form finds it, refused as the form refuses it.
    let commune: CommuneCandidate | null | undefined;
    const cleDeLaLigne = cleLieu({
      adresse: v.adresse,
      code_postal: v.codePostal,
      commune: v.commune,
      uai: v.uaiLieu,
    });
    // Looked up whatever else the row has wrong (a date…): every problem of a row is said at once.
    if (
      ctx.communeDe &&
      !LIEU.some((cle) => erreurs.some((e) => e.colonne === colonne(cle).entete)) &&
      !erreurs.some((e) => e.code === 'CLASSEUR_AUTRE_ORGANISME' || e.code === 'CLASSEUR_ACCES') &&
      !fermer &&
      !archivee &&
      (nouvelle || (!!vue && champs.length > 0)) &&
      !sansAucuneSession &&
      (!lieu?.reference || lieu.cle !== cleDeLaLigne)
    ) {
      const choisie = ctx.communeDe(v.codePostal ?? null, v.commune ?? null);
      if (choisie && 'commune' in choisie) commune = choisie.commune;
      else if (choisie) {
        // Several communes of the row's postal code, none of the name written: the commune is the
        // value to correct (a fresh user's report, 06/12: « colonne « Code postal » » said otherwise).
        const surCommune =
          choisie.champ === 'lieu.commune' || (choisie.code === 'LIEU_A_PRECISER' && !!v.codePostal);
        const col = colonne(surCommune ? 'commune' : 'codePostal');
        dire(
          erreurs,
          col,
          choisie.code,
          choisie.code === 'LIEU_A_PRECISER'
            ? messageLieuAPreciser(v, choisie.communes)
            : `${minuscule(choisie.message)} ${LIGNE_LAISSEE}.`,
        );
      }
    }

    // Rows of one formation must agree on its formation-wide values.
    const cibleCle = vue?.id ?? `nouvelle:${cleExterne}`;
    const deja = demandes.get(cibleCle) ?? new Map();
    if (!fermer && erreurs.length === 0) {
      for (const cle of formationWide) {
        const change = nouvelle || champs.includes(cle);
        const autre = deja.get(cle);
        if (
          autre &&
          !memeValeur(colonne(cle), autre.valeur, v[cle] ?? null) &&
          (autre.change || nouvelle) &&
          change
        )
          dire(
            erreurs,
            colonne(cle),
            'CLASSEUR_CONFLIT_LIGNES',
            `valeur différente de celle de la ligne ${autre.ligne} pour la même formation.`,
          );
      }
      if (erreurs.length === 0)
        for (const cle of formationWide) {
          const change = nouvelle || champs.includes(cle);
          if (!deja.has(cle) || (change && !deja.get(cle)!.change))
            deja.set(cle, { valeur: v[cle] ?? null, ligne: n, change });
        }
      demandes.set(cibleCle, deja);
    }
    // The session the row adds to its existing formation (the plan's own decision), said as such
    // rather than as changed columns of the place (a fresh user's report, 07/12/2026).
    const ajoutee =
      vue && !nouvelle && !fermer && !archivee && erreurs.length === 0 && champs.length > 0
        ? sessionDeLaLigne(
            lieu,
            sessionAjoutee({ ligne: n, valeurs: v, fermer, lieu, changements: [], commune, copiee }),
          )
        : null;
    const ajout = ajoutee && copieDe !== undefined ? { ...ajoutee, copiee_de: copieDe } : ajoutee;
    // Only the new session's columns: nothing stored is written over.
    const seulementLaSession = !!ajout && champs.every((c) => COLONNES_SESSION.includes(c));
    if (ajout && bleuAvecReference !== null) {
      const titre = vue!.publiee?.intitule ?? vue!.input.intitule;
      avert[bleuAvecReference] = {
        ...avert[bleuAvecReference]!,
        message: `Ligne ${n}, colonne « ${colonne('reference').entete} » : ligne en bleu avec la référence d’une formation existante (${vue!.id}${titre ? `, « ${titre} »` : ''}) : ${ctx.apercu ? 'elle y ajoutera' : 'elle y a ajouté'} une session ${parentheseSessionAjoutee(ajout)} ; ses autres sessions ne changent pas.`,
      };
    }
    // The row's version cell was there but unreadable: a warning, never a refusal; a change is
    // applied as in a workbook without versions, an unchanged row is listed « sans effet ».
    const versionIllisible = sansVersion && reference ? ctx.versions?.invalides?.[reference] : undefined;
    if (versionIllisible !== undefined && erreurs.length === 0)
      dire(
        avert,
        null,
        'CLASSEUR_VERSION_INVALIDE',
        `feuille « ${FEUILLE_VERSIONS} », ligne ${versionIllisible}, colonne ${COLONNE_EMPREINTES} : la version de cette ligne est illisible (modifiée à la main ?)${
          champs.length > 0
            ? ` : Offre ne peut pas savoir si la formation a changé depuis le téléchargement ; la modification ${sort}.`
            : ' ; sans effet : la ligne ne change rien.'
        }`,
      );
    else if (sansVersion && erreurs.length === 0 && champs.length > 0 && !seulementLaSession)
      dire(
        avert,
        null,
        'CLASSEUR_SANS_VERSION',
        ctx.versions
          ? `cette ligne n’a pas de version dans le classeur (ligne copiée ou ajoutée à la main) : Offre ne peut pas savoir si la formation a changé depuis le téléchargement ; la modification ${sort}.`
          : `classeur sans version (téléchargé avant cette vérification ou fait à la main) : Offre ne peut pas savoir si la formation a changé depuis ; la modification ${sort}. Téléchargez un classeur à jour pour ne pas écraser des changements plus récents.`,
      );
    if (vue?.enRevision && erreurs.length === 0 && (champs.length > 0 || (fermer && lieu && !lieu.ferme)))
      dire(
        avert,
        null,
        'CLASSEUR_EN_REVISION',
        `formation publiée : la modification ${sort} ; la version diffusée reste en ligne jusque-là.`,
      );

    const dejaFermee = fermer && (vue?.statut === 'archivee' || !!lieu?.ferme);
    if (dejaFermee)
      dire(avert, null, 'CLASSEUR_DEJA_FERMEE', 'cette formation est déjà fermée dans ce lieu.');
    // A row of another organisme: its one remark (the others would be about an offer it may not import).
    const etrangere = erreurs.find((e) => e.code === 'CLASSEUR_AUTRE_ORGANISME');
    if (etrangere) {
      erreurs.splice(0, erreurs.length, etrangere);
      avert.splice(0, avert.length);
    }
    const verdict = erreurs.length
      ? 'erreur'
      : nouvelle
        ? 'nouvelle'
        : fermer
          ? dejaFermee
            ? 'inchangee'
            : 'fermee'
          : champs.length
            ? 'modifiee'
            : 'inchangee';
    const entete = (cle: CleColonne) => colonne(cle).entete;
    // A copy of an earlier row (same reference, same values): that row is applied, this one adds
    // nothing and says so — only that, its other remarks are the first row's. In error, it keeps
    // its errors (the first row's too), with the same warning.
    if (double?.copie) {
      const remarque = remarqueDouble(n, double.message);
      lignes.push({
        ligne: n,
        reference,
        intitule: v.intitule ?? vue?.publiee?.intitule ?? vue?.input.intitule ?? null,
        verdict: verdict === 'erreur' ? 'erreur' : 'inchangee',
        a_valider: false,
        champs: [],
        erreurs,
        avertissements: verdict === 'erreur' ? [...sansPromesse(avert), remarque] : [remarque],
      });
      continue;
    }
    // A new row joining the new formation of an earlier row: one of its sessions, not another formation.
    const premiere = verdict === 'nouvelle' ? cibles.get(cibleCle)?.lignes[0]?.ligne : undefined;
    lignes.push({
      ligne: n,
      reference,
      intitule: v.intitule ?? vue?.publiee?.intitule ?? vue?.input.intitule ?? null,
      verdict,
      a_valider:
        (verdict === 'modifiee' || verdict === 'fermee') &&
        avert.some((a) => a.code === 'CLASSEUR_EN_REVISION'),
      champs: verdict === 'modifiee' ? champs.map(entete) : [],
      ...(premiere !== undefined ? { premiere_ligne: premiere } : {}),
      ...(creeeAvant ? { formation_existante: creeeAvant } : {}),
      ...(ajout && verdict === 'modifiee' ? { session_ajoutee: ajout } : {}),
      erreurs,
      avertissements: verdict === 'erreur' ? sansPromesse(avert) : avert,
    });
    if (
      verdict === 'erreur' &&
      nouvelle &&
      !fermer &&
      !erreurs.some((e) => e.code === 'CLASSEUR_AUTRE_ORGANISME' || e.code === 'CLASSEUR_ACCES')
    )
      enErreur.set(n, {
        formationId: null,
        cleExterne,
        lignes: [
          {
            ligne: n,
            valeurs: v,
            fermer,
            lieu: null,
            changements: [],
            ...(commune !== undefined ? { commune } : {}),
          },
        ],
      });
    if (verdict === 'nouvelle' || verdict === 'modifiee' || verdict === 'fermee') {
      const cible = cibles.get(cibleCle) ?? { formationId: vue?.id ?? null, cleExterne, lignes: [] };
      cible.lignes.push({
        ligne: n,
        valeurs: v,
        fermer,
        lieu,
        changements: champs.filter((c) => formationWide.includes(c)),
        ...(commune !== undefined ? { commune } : {}),
        ...(copiee ? { copiee } : {}),
      });
      cibles.set(cibleCle, cible);
    }
  }
  // Every row read: each target's write is planned once, for the report and for the import.
  const ecriture = planificateur(ctx.formations, ctx.fenetre);
  refuserRevisionsOuvertes(lignes, cibles, ctx, ecriture);
  annoncerArchivages(lignes, cibles, ctx, ecriture);
  annoncerEcrituresImmediates(lignes, cibles, ctx.formations, ecriture, !!ctx.apercu);
  signalerSessionsEnDouble(lignes, cibles, ctx.formations, !!ctx.apercu);
  if (ctx.aujourdhui) signalerSessionsPassees(lignes, cibles, ctx.formations, ctx.aujourdhui, ctx.annee);
  return { lignes, cibles, ecriture, enErreur };
}

/**
 * The rows of a formation whose organisme's revision is still open, for a validateur (a
 * validateur's workbook), when they change it: turned into errors (REVISION_EN_ATTENTE) and their
 * target dropped, so the rest of the workbook is applied. Closing rows that archive the whole
 * formation stay (planMaj): archiving abandons the revision (services/workflow.service.ts
 * transitionTx), and annoncerArchivages says so. The organisme's own rows go into its revision.
 */
function refuserRevisionsOuvertes(
  lignes: LigneRapport[],
  cibles: Map<string, Cible>,
  ctx: ContexteAnalyse,
  ecriture: (cible: Cible) => Ecriture,
) {
  for (const [cle, cible] of cibles) {
    const vue = cible.formationId ? ctx.formations.get(cible.formationId) : undefined;
    const r = vue?.revisionOuverte;
    if (!vue || !r || vue.enRevision || ecriture(cible).archiver) continue;
    cibles.delete(cle);
    remplacerLignes(lignes, cible, (ligne, l) => {
      // Named by its stored title (the one Offre shows), not the row's new one, which is not applied.
      const intitule = vue.publiee?.intitule ?? vue.input.intitule ?? l.valeurs.intitule ?? null;
      // A yellow row only closes its place (its other cells are ignored): why it is refused, and
      // that the organisme may close it at once itself (domain/revision.ts).
      const message = l.fermer
        ? messageFermetureEnAttente({ id: vue.id, intitule }, r)
        : messageRevisionEnAttente({ id: vue.id, intitule }, r, l.valeurs.intitule);
      const { session_ajoutee: _ajout, ...reste } = ligne;
      return {
        ...reste,
        verdict: 'erreur',
        a_valider: false,
        champs: [],
        erreurs: [{ colonne: '', code: 'REVISION_EN_ATTENTE', message: `Ligne ${l.ligne} : ${message}` }],
        avertissements: sansPromesse(ligne.avertissements),
      };
    });
  }
}

/**
 * The rows whose closing archives their formation (planMaj, the decision the import applies):
 * they say so (CLASSEUR_FORMATION_ARCHIVEE) instead of a wait for validation (an archived
 * formation is written directly, its sessions closed), and name the open revision the archiving
 * abandons (CLASSEUR_REVISION_ABANDONNEE), whoever imports.
 */
function annoncerArchivages(
  lignes: LigneRapport[],
  cibles: Map<string, Cible>,
  ctx: ContexteAnalyse,
  ecriture: (cible: Cible) => Ecriture,
) {
  for (const cible of cibles.values()) {
    const vue = cible.formationId ? ctx.formations.get(cible.formationId) : undefined;
    if (!vue) continue;
    const plan = ecriture(cible);
    if (!plan.archiver) continue;
    const nom = { id: vue.id, intitule: vue.publiee?.intitule ?? vue.input.intitule ?? null };
    const titre = nom.intitule ? `${nom.id} « ${nom.intitule} »` : nom.id;
    // A draft without any session (never diffused): yellow closes a place's sessions, and there is
    // none; the draft itself is archived, which the row says as such.
    const brouillonSansSession =
      vue.statut === 'brouillon' && !vue.publiee && (vue.input.sessions ?? []).length === 0;
    remplacerLignes(lignes, cible, (ligne, l) => {
      const avertissements = ligne.avertissements.filter((a) => a.code !== 'CLASSEUR_EN_REVISION');
      avertissements.push({
        colonne: '',
        code: 'CLASSEUR_FORMATION_ARCHIVEE',
        message: `Ligne ${l.ligne} : ${brouillonSansSession ? messageBrouillonArchive(titre, !!ctx.apercu) : `tous les lieux de la formation ${titre} sont fermés : elle ${ctx.apercu ? 'sera' : 'a été'} archivée (plus diffusée), ses sessions au recrutement fermé.`}`,
      });
      if (plan.revisionAbandonnee)
        avertissements.push({
          colonne: '',
          code: 'CLASSEUR_REVISION_ABANDONNEE',
          message: `Ligne ${l.ligne} : ${messageRevisionAbandonnee(nom, plan.revisionAbandonnee, ctx.apercu)}`,
        });
      // Written directly (an archiving is no revision): nothing waits for validation.
      return { ...ligne, a_valider: false, avertissements };
    });
  }
}

/** The yellow row of a draft without any session: it archives the draft itself (annoncerArchivages). */
function messageBrouillonArchive(titre: string, apercu: boolean): string {
  return apercu
    ? `le brouillon ${titre} n’a aucune session à fermer : la ligne jaune archivera le brouillon lui-même (il n’a jamais été diffusé) ; pour le garder, enlevez le jaune de la ligne.`
    : `le brouillon ${titre} n’avait aucune session à fermer : la ligne jaune a archivé le brouillon lui-même (il n’a jamais été diffusé).`;
}

/**
 * A row naming a session its formation no longer has (withdrawn since the download, or added by a
 * revision abandoned since): the formation by its title and external reference, the session by
 * the row's dates, and what to do. Keeping the formation's part of the reference adds the session
 * again to this formation (a blank reference would make a new formation).
 */
function messageSessionDisparue(vue: FormationVue, v: Valeurs): string {
  const intitule = vue.publiee?.intitule ?? vue.input.intitule ?? null;
  const cle = vue.input.cle_externe;
  const formation = [
    intitule ? `de la formation « ${intitule} »` : 'de cette formation',
    // The key of a formation made from blue rows says nothing to its reader.
    referenceOrganisme(cle) ? `(référence externe ${cle})` : null,
  ]
    .filter(Boolean)
    .join(' ');
  const periode = periodeSession({ debut: v.debut, fin: v.fin });
  return `la session ${periode ? `${periode} ` : 'de cette ligne '}${formation} n’existe plus dans Offre : retirée depuis le téléchargement du classeur, ou ajoutée par une révision abandonnée depuis. Téléchargez un classeur à jour ; ou, pour l’ajouter de nouveau à cette formation, gardez seulement le début de la référence, avant la barre oblique (« ${vue.id} »).`;
}

/**
 * CLASSEUR_VERSION_ANCIENNE of a draft's row downloaded without any session, sent back without
 * session data once the formation got sessions in Offre (`depuis`: the export's date, in French):
 * which sessions, and that the row changes none of them.
 */
function messageSessionsDepuis(vue: FormationVue, depuis: string, apercu: boolean): string {
  const intitule = vue.publiee?.intitule ?? vue.input.intitule ?? null;
  const sessions = vue.input.sessions ?? [];
  const s = sessions[0];
  const quoi =
    sessions.length === 1 && s
      ? `une dans Offre depuis (${[periodeSession(s) ?? 'sans dates', s.lieu?.commune].filter(Boolean).join(', ')})`
      : `${sessions.length} dans Offre depuis`;
  return `au téléchargement du classeur (${depuis}), la formation ${vue.id}${intitule ? ` « ${intitule} »` : ''} n’avait aucune session ; elle en a reçu ${quoi}. La ligne, laissée sans lieu ni dates, ${apercu ? 'n’y change rien' : 'n’y a rien changé'} : ses sessions sont gardées. Pour les voir dans le classeur, téléchargez-en un à jour.`;
}

/**
 * A row giving its formation a responsable of another SIREN: the formation passes to that
 * organisme (named when the references know it, else by its SIRET) and leaves the offer of the
 * previous one, in the report's tense.
 */
function messageChangementResponsable(
  siret: string,
  avant: string | null,
  sirenAvant: string,
  ctx: Pick<ContexteAnalyse, 'nomDe' | 'apercu'>,
): string {
  const siren = siret.slice(0, 9);
  const nom = ctx.nomDe?.(siret) ?? null;
  const nouveau = nom
    ? `l’organisme « ${nom} » (SIRET ${siret}, SIREN ${siren})`
    : `l’organisme de SIRET ${siret} (SIREN ${siren})`;
  const nomAvant = avant && avant.slice(0, 9) === sirenAvant ? (ctx.nomDe?.(avant) ?? null) : null;
  const ancien = nomAvant
    ? `de « ${nomAvant} » (SIREN ${sirenAvant})`
    : `de l’organisme de SIREN ${sirenAvant}`;
  return ctx.apercu
    ? `le SIRET ${siret} est celui d’un établissement d’un autre SIREN : la formation passera à ${nouveau} et quittera l’offre ${ancien}, qui ne la verra plus dans son espace.`
    : `le SIRET ${siret} est celui d’un établissement d’un autre SIREN : la formation est passée à ${nouveau} et a quitté l’offre ${ancien}, qui ne la voit plus dans son espace.`;
}

const minuscule = (x: string) => x.charAt(0).toLowerCase() + x.slice(1);

/** A row's place that several communes of the reference match: which ones, and what to write. */
function messageLieuAPreciser(v: Valeurs, communes: readonly CommuneCandidate[]): string {
  const noms = [...new Set(communes.map((c) => c.nom))];
  const liste = `${noms.slice(0, 5).join(', ')}${noms.length > 5 ? '…' : ''}`;
  return v.codePostal
    ? `${communes.length} communes ont le code postal ${v.codePostal} (${liste})${v.commune ? ` et aucune ne s’appelle « ${v.commune} »` : ''} : écrivez dans la colonne « Commune » le nom de la vôtre, comme le référentiel des communes l’écrit. ${LIGNE_LAISSEE}.`
    : `${communes.length} communes commencent par « ${v.commune ?? ''} » (${liste}) : indiquez le code postal. ${LIGNE_LAISSEE}.`;
}

/** The warnings that say a row's change is (or will be) applied: false on a row refused. */
const PROMESSES: ReadonlySet<string> = new Set([
  'CLASSEUR_MODIFICATION_NON_SIGNALEE',
  'CLASSEUR_SANS_VERSION',
  'CLASSEUR_VERSION_INVALIDE',
  'CLASSEUR_EN_REVISION',
  'CLASSEUR_CONFLIT_ROUGE',
  'CLASSEUR_CHANGEMENT_RESPONSABLE',
  'CLASSEUR_RECRUTEMENT_FERME',
]);
export const sansPromesse = (a: readonly Remarque[]): Remarque[] => a.filter((x) => !PROMESSES.has(x.code));

/**
 * What becomes of a row's change, in the report's tense: a preview says what confirming will do;
 * a formation under revision (published, changed by its organisme) gets a revision to validate.
 */
function sortDe(aValider: boolean, apercu: boolean): string {
  if (aValider)
    return apercu
      ? 'sera soumise à la validation d’un gestionnaire'
      : 'attend la validation d’un gestionnaire';
  return apercu ? 'sera appliquée' : 'a été appliquée';
}

/**
 * The session `s` a row adds (classeur.plan.ts sessionAjoutee) as the report names it; `lieu`: the
 * place the row stands for (null: one the formation does not have).
 */
function sessionDeLaLigne(lieu: LieuFormation | null, s: SessionInput | null): SessionAjoutee | null {
  if (!s) return null;
  const connu = !!lieu && lieu.sessions.length > 0 && lieu.cle === cleLieu(s.lieu ?? {});
  return {
    nouveau_lieu: !connu,
    adresse: s.lieu?.adresse ?? null,
    code_postal: s.lieu?.code_postal ?? null,
    commune: s.lieu?.commune ?? null,
    debut: s.debut ?? null,
    fin: s.fin ?? null,
  };
}

/**
 * A value as the version messages quote it (always inside their own parentheses); a date in
 * French (« 2 septembre 2027 »), as every date people read.
 */
const affiche = (c: Colonne, x: string | null) =>
  x === null ? 'aucune valeur' : `« ${c.genre === 'date' && jourIso(x) ? fr(x) : x} »`;

interface AutreSession {
  /** The session the row stands for now (its place's session of the campaign, else its latest). */
  readonly designee: SessionInput;
  /** The session the row's reference names, which the workbook describes. */
  readonly decrite: SessionInput;
  readonly campagne: boolean;
  readonly annee: number;
}

/**
 * The row of a session whose reference names another session of its place than the one it now
 * stands for: what its kept value belongs to (CLASSEUR_VERSION_ANCIENNE of a session's column).
 */
function motifAutreSession(a: AutreSession, depuis: string): string {
  const designee = a.campagne ? `la session ${a.annee}` : 'une autre session';
  const nom = nomSession(a.decrite);
  return `la ligne désigne désormais ${designee} de ce lieu (${periodeSession(a.designee) ?? 'sans dates'}), ajoutée ou re-datée dans Offre depuis le ${depuis} ; la ${nom ?? 'session'} que le classeur décrit ne change pas. La valeur de ${a.campagne ? `la session ${a.annee}` : 'cette session'} est gardée`;
}

/**
 * Decides, for a row of a versioned workbook, each value Offre changed since the export: untouched
 * in the workbook (same fingerprint as exported, not red) → Offre's value is kept
 * (CLASSEUR_VERSION_ANCIENNE); changed in the workbook too → applied only when written in red
 * (CLASSEUR_CONFLIT_ROUGE), else Offre's value is kept (CLASSEUR_CONFLIT_VERSION). Kept values are
 * written back into `v`, so the comparison that follows sees no change there.
 * Returns true when the row has no version to decide with (the caller warns).
 */
function arbitrerVersion(
  colonnes: readonly Colonne[],
  v: Valeurs,
  /** The stored values, canonical (canonique). */
  stockees: Valeurs,
  rouges: readonly CleColonne[],
  o: {
    versions: VersionsClasseur | null;
    /** The row's values in the owner's revision the actor may not read (FormationVue.revisionCachee). */
    cachees?: Valeurs | undefined;
    /** The export's date, in French. */
    depuis: string;
    /** What becomes of a change (sortDe). */
    sort: string;
    /** The row stands for another session of its place than its reference names (motifAutreSession). */
    autreSession?: AutreSession | undefined;
    /** Whether the row's checks refused this column's cell (its value was not read). */
    enErreur: (c: Colonne) => boolean;
  },
  reference: string,
  dire: (c: Colonne, code: string, message: string) => void,
): boolean {
  const { versions, depuis, sort } = o;
  const empreintes = versions?.parReference[reference];
  if (!versions || !empreintes) return true;
  for (const c of colonnes) {
    const cle = c.cle as CleColonne;
    const exporte = empreintes[cle];
    if (cle === 'reference' || exporte === undefined || o.enErreur(c)) continue;
    if (FAITS_ORGANISME.includes(cle) && v[cle] == null) continue;
    const offre = stockees[cle] ?? null;
    const classeur = v[cle] ?? null;
    if (classeur === offre || vautEmpreinte(c, offre, exporte)) continue;
    const rouge = rouges.includes(cle);
    // Exported from the revision the actor may not read: nothing changed in Offre since; a cell
    // untouched since keeps the value he reads, without a word (a fresh user's report, 06/12).
    if (o.cachees && vautEmpreinte(c, o.cachees[cle] ?? null, exporte)) {
      if (!rouge && vautEmpreinte(c, classeur, exporte)) v[cle] = offre;
      continue;
    }
    if (!rouge && vautEmpreinte(c, classeur, exporte)) {
      v[cle] = offre;
      const valeurs = `(${affiche(c, offre)} ; le classeur porte encore ${affiche(c, classeur)})`;
      dire(
        c,
        'CLASSEUR_VERSION_ANCIENNE',
        o.autreSession && COLONNES_SESSION.includes(cle)
          ? `inchangé dans le classeur, mais ${motifAutreSession(o.autreSession, depuis)} ${valeurs}.`
          : `inchangé dans le classeur, modifié dans Offre depuis le ${depuis} : la valeur d’Offre est gardée ${valeurs}.`,
      );
    } else if (rouge)
      dire(
        c,
        'CLASSEUR_CONFLIT_ROUGE',
        `modifié dans Offre depuis le ${depuis} (${affiche(c, offre)}) et dans le classeur en rouge (${affiche(c, classeur)}) : la valeur en rouge ${sort}.`,
      );
    else {
      v[cle] = offre;
      dire(
        c,
        'CLASSEUR_CONFLIT_VERSION',
        `conflit : modifié dans Offre depuis le ${depuis} (${affiche(c, offre)}) et dans le classeur sans être écrit en rouge (${affiche(c, classeur)}) : la valeur d’Offre est gardée. Pour imposer la valeur du classeur, écrivez-la en rouge.`,
      );
    }
  }
  return false;
}
