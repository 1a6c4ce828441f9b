import type { AppContext } from '../context.ts';
import { surBrouillon } from '../db/brouillon.ts';
import { PETITE_ECRITURE } from '../db/long-write.ts';
import { withSavepoint } from '../db/savepoint.ts';
import { canWrite, isValidateur } from '../domain/acces.ts';
import type { Acteur } from '../domain/acteur.ts';
import { OffreError } from '../domain/errors.ts';
import { refusPour } from '../domain/etablissement-reconnu.ts';
import { regionsDeSessions } from '../domain/formation.lignes.ts';
import type { FormationInput } from '../domain/formation.schema.ts';
import { nomRegionAvecCode } from '../domain/geo.ts';
import { LIGNE_LAISSEE } from '../domain/import-apercu.ts';
import { enumeration } from '../domain/pluriel.ts';
import {
  type Analyse,
  type Cible,
  type FormationVue,
  type LigneValide,
  sansPromesse,
} from '../formats/classeur/classeur.analyzer.ts';
import {
  type CleColonne,
  colonnesClasseur,
  colonnesDeLaRegle,
  colonnesDuChamp,
} from '../formats/classeur/classeur.columns.ts';
import type { Ecriture } from '../formats/classeur/classeur.ecriture.ts';
import { scheduleCreation } from '../formats/classeur/classeur.plan.ts';
import type { LigneLue, Remarque } from '../formats/classeur/classeur.reader.ts';
import { indexDesLignes, type LigneRapport } from '../formats/classeur/classeur.report.ts';
import { readReference } from '../formats/classeur/classeur.rows.ts';
import { etablissementsInventes, saveFormationTx } from './formation.service.ts';
import { ApercuRegles } from './imports/apercu-regles.ts';

/** Thrown to roll the trial writes of the preview back. */
class Essai extends Error {}

/**
 * The store's refusals of one formation that the workbook import turns into an error of its rows,
 * the other rows applied: thrown before anything of the formation is written (the transaction
 * goes on), and checked by the preview the same way (verifierEcritures). PUBLICATION_INCOMPLETE:
 * the revision of a published offer, or an offer waiting for validation, would lose a mandatory
 * field that no mandatory column of the workbook carries (domain/publication.ts).
 */
export const REFUS_DE_LIGNE: ReadonlySet<string> = new Set([
  'PUBLICATION_INCOMPLETE',
  // An invented establishment of another structure (domain/etablissement-reconnu.ts).
  'ETABLISSEMENT_NON_RECONNU',
]);

/**
 * Does the store check the write of `vue` beyond what the analysis checks (a published offer
 * changed by its organisme becomes a revision, an offer waiting for validation is validated as it
 * stands: both must keep their mandatory fields)? Not when the rows archive it (written directly,
 * out of the queue).
 */
function ecritureVerifiee(acteur: Acteur, vue: FormationVue | undefined): boolean {
  return vue?.statut === 'en_attente_validation' || (vue?.statut === 'publiee' && !isValidateur(acteur));
}

/**
 * The preview of a workbook (nothing applied) runs the store's own check on the formations whose
 * write the store checks beyond the analysis (ecritureVerifiee): the write the applied import
 * would make, in a transaction rolled back, each in a savepoint. A write the store refuses with a
 * refusal of REFUS_DE_LIGNE turns its rows into errors (refuserCible), as the applied import does
 * when it meets it; its target is dropped. Only those formations are written: the others' checks
 * are the analysis's. Mutates `analyse`.
 */
export async function verifierEcritures(
  ctx: AppContext,
  acteur: Acteur,
  analyse: Analyse,
  o: {
    formations: ReadonlyMap<string, FormationVue>;
    ecriture: (cible: Cible) => Ecriture;
    now: Date;
    annee: number;
  },
): Promise<void> {
  // An establishment of another structure that no reference knows, which the write would create:
  // its rows are errors (ETABLISSEMENT_NON_RECONNU), as the applied import refuses that write.
  for (const cible of [...analyse.cibles.values()]) {
    const { input, archiver } = o.ecriture(cible);
    if (archiver) continue;
    const inventes = refusPour(await etablissementsInventes(ctx.db, acteur, input));
    if (inventes) refuserCible(analyse, cible, inventes, { annee: o.annee });
  }
  const aVerifier = [...analyse.cibles].flatMap(([cle, cible]) => {
    const vue = cible.formationId ? o.formations.get(cible.formationId) : undefined;
    if (!vue || !ecritureVerifiee(acteur, vue)) return [];
    const { input, archiver } = o.ecriture(cible);
    return archiver ? [] : [{ cle, cible, input, id: vue.id }];
  });
  if (aVerifier.length === 0) return;
  const refus: { cible: Cible; erreur: OffreError }[] = [];
  // Many formations: on a scratch copy of the base on PGlite (db/brouillon.ts), the live base left
  // to the others meanwhile (this transaction held its one writer, and every request waited).
  const copie = aVerifier.length > PETITE_ECRITURE;
  await surBrouillon(
    ctx.db,
    (db) =>
      db.transaction().execute(async (trx) => {
        for (const v of aVerifier)
          await withSavepoint(trx, 'apercu_classeur', () =>
            saveFormationTx(trx, acteur, v.input, { id: v.id, now: o.now }),
          ).catch((e: unknown) => {
            if (!(e instanceof OffreError) || !REFUS_DE_LIGNE.has(e.code)) throw e;
            refus.push({ cible: v.cible, erreur: e });
          });
        throw new Essai();
      }),
    { copie },
  ).catch((e: unknown) => {
    if (!(e instanceof Essai)) throw e;
  });
  for (const { cible, erreur } of refus) refuserCible(analyse, cible, erreur, { annee: o.annee });
}

/**
 * The preview's blocking rules (imports/apercu-regles.ts, the LHEO preview's): for each formation
 * the workbook updates, those its write (`ecriture`, the one the applied import makes) would
 * introduce and clear, and for each formation it creates (new rows), those it would fail, on each
 * of its rows (`regles`); how many updated would leave the Catalogue général and how many created
 * would be Non réglementaire (returned: the report's `non_diffusables`, `creees_non_diffusables`).
 * Nothing is written: the write is mapped to the stored rows as the gestionnaire's review reads a
 * revision (a creation: as the store would write it, controlesDeNouvelles). Not for a target the
 * rows archive (it leaves the diffusion anyway) nor for a formation the actor may not read
 * (`masquees`: its rows echo nothing of it). Mutates `analyse`.
 */
export async function reglesDesCibles(
  ctx: AppContext,
  acteur: Acteur,
  analyse: Analyse,
  o: {
    formations: ReadonlyMap<string, FormationVue>;
    masquees: ReadonlySet<string>;
    ecriture: (cible: Cible) => Ecriture;
    now: Date;
  },
): Promise<{ nonDiffusables: number; creeesNonDiffusables: number }> {
  const apercu = new ApercuRegles(o.now);
  const ecrites = new Map<string, FormationInput>();
  const nouvelles = new Map<string, FormationInput>();
  const cibles = new Map<string, Cible>();
  for (const [cle, cible] of analyse.cibles) {
    if (!cible.formationId) {
      // A new formation, by a key no stored id can take (its target's).
      const id = `nouvelle:${cle}`;
      nouvelles.set(id, o.ecriture(cible).input);
      cibles.set(id, cible);
      continue;
    }
    const vue = o.formations.get(cible.formationId);
    if (!vue || o.masquees.has(vue.id)) continue;
    const { input, archiver } = o.ecriture(cible);
    if (archiver) continue;
    apercu.noter(vue.id, vue.enRevision);
    ecrites.set(vue.id, input);
    cibles.set(vue.id, cible);
  }
  if (cibles.size === 0) return { nonDiffusables: 0, creeesNonDiffusables: 0 };
  await apercu.apresEcritures(ctx.db, ecrites);
  await apercu.nouvelles(ctx.db, nouvelles, acteur);
  const { regles, nonDiffusables, creeesNonDiffusables } = await apercu.completer(ctx.db);
  const index = indexDesLignes(analyse.lignes);
  for (const [id, cible] of cibles) {
    const r = regles.get(id);
    if (!r) continue;
    for (const l of cible.lignes) {
      const i = index.get(l.ligne)!;
      analyse.lignes[i] = { ...analyse.lignes[i]!, regles: r };
    }
  }
  return { nonDiffusables, creeesNonDiffusables };
}

/**
 * The preview's blocking rules of the new (blue) rows in error (`analyse.enErreur`): those the
 * formation a row would create once corrected would fail, read as for a valid new row
 * (reglesDesCibles: `regles`, `introduites` only), but for the rules on a field whose column the
 * row's own errors already name (a start date that is no date is not also SESSION_DATES). A row
 * refused for its date thus says its SIRET's wrong Luhn key (ORG_SIRET_FORMAT) too, at once. Not
 * counted in the report's `creees_non_diffusables`: such a row creates nothing. Nothing is
 * written. Mutates `analyse`.
 */
export async function reglesDesLignesEnErreur(
  ctx: AppContext,
  acteur: Acteur,
  analyse: Analyse,
  o: { now: Date; annee: number },
): Promise<void> {
  if (analyse.enErreur.size === 0) return;
  const apercu = new ApercuRegles(o.now);
  const cle = (n: number) => `ligne:${n}`;
  await apercu.nouvelles(
    ctx.db,
    new Map([...analyse.enErreur].map(([n, cible]) => [cle(n), scheduleCreation(cible)])),
    acteur,
  );
  const { regles } = await apercu.completer(ctx.db);
  const colonnes = colonnesClasseur(o.annee);
  const index = indexDesLignes(analyse.lignes);
  for (const n of analyse.enErreur.keys()) {
    const r = regles.get(cle(n));
    const i = index.get(n);
    const ligne = i === undefined ? undefined : analyse.lignes[i];
    if (!r || !ligne || ligne.verdict !== 'erreur') continue;
    const dites = new Set(ligne.erreurs.map((e) => e.colonne));
    const introduites = r.introduites.filter(
      (x) => !colonnesDeLaRegle(colonnes, x.champ).some((c) => dites.has(c.entete)),
    );
    if (introduites.length > 0) analyse.lignes[i!] = { ...ligne, regles: { ...r, introduites } };
  }
}

/**
 * The rows of `cible` turned into errors for the store's refusal `erreur` (REFUS_DE_LIGNE), and its
 * target dropped from `analyse`: the same at the preview and at the applied import, which applies
 * the other rows. Each row names the column it changed that carries a refused field (the first it
 * changed otherwise), and says what to do. Mutates `analyse`.
 */
export function refuserCible(analyse: Analyse, cible: Cible, erreur: OffreError, o: { annee: number }): void {
  const colonnes = colonnesClasseur(o.annee);
  const entete = new Map(colonnes.map((c) => [c.cle as CleColonne, c.entete]));
  const champs = ((erreur.details.erreurs ?? []) as { champ?: string }[]).map((m) => m.champ ?? '');
  // The columns that carry a refused field (classeur.columns.ts: each column's store fields).
  const visees = new Set(champs.flatMap((c) => colonnesDuChamp(colonnes, c).map((col) => col.entete)));
  lignesEnErreur(analyse, cible, (l, ligne) => {
    const changees = ligne.champs.length > 0 ? ligne.champs : l.changements.map((c) => entete.get(c)!);
    // A new row changes no column: the refused field's own column then.
    const colonne = changees.find((c) => visees.has(c)) ?? [...visees][0] ?? changees[0] ?? '';
    return {
      colonne,
      code: erreur.code,
      message:
        erreur.code === 'ETABLISSEMENT_NON_RECONNU'
          ? `${erreur.message} ${LIGNE_LAISSEE} : corrigez le SIRET dans le classeur, puis importez de nouveau cette ligne.`
          : `${erreur.message} ${LIGNE_LAISSEE} : remettez dans le classeur la valeur enregistrée dans Offre (ou complétez d’abord la formation dans Offre), puis importez de nouveau cette ligne.`,
    };
  });
}

/**
 * A gestionnaire writes the offers of its régions: the store refuses to change a formation that
 * has no live session there (lockWritable), and a formation it writes that would have none
 * (services/formation.service.ts writeFormation, after writing it): the whole import would be
 * cancelled. Checked before writing, on the write each target will
 * make (its sessions' régions as the store reads them, domain/formation.lignes.ts): its rows are
 * errors (CLASSEUR_HORS_REGION), the same at the preview and at the applied import — on the row as
 * a whole when the stored formation is outside the régions (nothing in the row to correct: the
 * summary says so, classeur.report.ts horsPerimetre), on « Code postal » when the write would move
 * it out. What becomes of the other rows is the summary's (domain/import-apercu.ts). Mutates `analyse`.
 */
export function refuserHorsRegions(
  analyse: Analyse,
  acteur: Acteur,
  o: {
    formations: ReadonlyMap<string, FormationVue>;
    /** The write of each target, the one the applied import makes (planificateur). */
    ecriture: (cible: Cible) => Ecriture;
    annee: number;
  },
): void {
  if (acteur.kind !== 'utilisateur' || acteur.role !== 'gestionnaire') return;
  const entete = colonnesClasseur(o.annee).find((c) => c.cle === 'codePostal')!.entete;
  for (const cible of [...analyse.cibles.values()]) {
    const vue = cible.formationId ? o.formations.get(cible.formationId) : undefined;
    // The stored formation first (the store locks it only in the writer's perimeter), then the write.
    const avant = vue ? regionsDeSessions((vue.publiee ?? vue.input).sessions ?? []) : null;
    // The région rule is the store's own (domain/acces.ts canWrite), not a copy of it.
    if (avant && !canWrite(acteur, null, avant)) {
      lignesEnErreur(analyse, cible, () => ({
        colonne: '',
        code: 'CLASSEUR_HORS_REGION',
        message: messageHorsPerimetre(acteur.regions, avant),
      }));
      continue;
    }
    const { input } = o.ecriture(cible);
    const regions = regionsDeSessions(input.sessions ?? []);
    if (canWrite(acteur, null, regions)) continue;
    lignesEnErreur(analyse, cible, (l) => ({
      colonne: entete,
      code: 'CLASSEUR_HORS_REGION',
      message: `code postal ${l.valeurs.codePostal ?? 'absent'} : une formation écrite par un gestionnaire doit garder une session dans sa région (${vosRegions(acteur.regions)}) ; avec ${cible.lignes.length > 1 ? 'ces lignes' : 'cette ligne'}, toutes ses sessions seraient ${ou(regions)}. ${LIGNE_LAISSEE} : corrigez le code postal du lieu, ou faites importer cette ligne par l’organisme ou par un gestionnaire ${regions.length > 1 ? 'de l’une de ces régions' : 'de cette région'}.`,
    }));
  }
}

const ou = (regions: readonly string[]) =>
  regions.length ? `en ${regions.map(nomRegionAvecCode).join(', ')}` : 'dans aucune région connue';
const vosRegions = (siennes: readonly string[]) => siennes.map(nomRegionAvecCode).join(', ') || 'aucune';

/**
 * CLASSEUR_HORS_REGION of a row whose formation has no session in the gestionnaire's régions
 * (`siennes`), on the row as a whole: « cette formation relève de la région Pays de la Loire (52) ;
 * vous gérez Île-de-France (11) : elle est hors de votre périmètre. La ligne est laissée de côté : … »
 * `avant`: the INSEE codes of its sessions' régions.
 */
function messageHorsPerimetre(siennes: readonly string[], avant: readonly string[]): string {
  return `${horsPerimetre(siennes, avant)} ${LIGNE_LAISSEE} : faites-la importer par l’organisme ou par ${unGestionnaireDe(avant)}.`;
}

/** « cette formation relève de la région … ; vous gérez … : elle est hors de votre périmètre. » */
function horsPerimetre(siennes: readonly string[], avant: readonly string[]): string {
  const noms = [...new Set(avant)].map(nomRegionAvecCode);
  const releve =
    noms.length === 0
      ? 'n’a de session dans aucune région connue'
      : noms.length === 1
        ? `relève de la région ${noms[0]}`
        : `relève des régions ${enumeration(noms)}`;
  const gerez = siennes.length ? enumeration(siennes.map(nomRegionAvecCode)) : 'aucune région';
  return `cette formation ${releve} ; vous gérez ${gerez} : elle est hors de votre périmètre.`;
}

const unGestionnaireDe = (avant: readonly string[]) =>
  `un gestionnaire ${new Set(avant).size > 1 ? 'de l’une de ces régions' : 'de cette région'}`;

/**
 * The unchanged rows (« inchangée ») of a formation outside gestionnaire `acteur`'s régions: a
 * warning CLASSEUR_HORS_REGION_INCHANGEE on the row as a whole, so that the report says what a
 * change of the row would meet (refuserHorsRegions: the error CLASSEUR_HORS_REGION naming the same
 * régions; its own code, since nothing is refused) — a fresh user saw
 * « 6 inchangées, rien à appliquer » for another région's workbook and no word of it (07/12/2026).
 * It names what that error names, nothing more (the régions of the sessions the row is compared
 * with: masquerNonLisibles, commeLaVoit); not a formation with no session in a known région, which
 * no other région holds. Called after masquerNonLisibles, which empties the
 * warnings of the rows it masks. Mutates `analyse`.
 */
export function signalerHorsRegions(
  analyse: Analyse,
  acteur: Acteur,
  o: { formations: ReadonlyMap<string, FormationVue> },
): void {
  if (acteur.kind !== 'utilisateur' || acteur.role !== 'gestionnaire') return;
  for (const [i, l] of analyse.lignes.entries()) {
    if (l.verdict !== 'inchangee') continue;
    const id = l.formation_existante ?? (l.reference ? readReference(l.reference).formationId : null);
    const vue = id ? o.formations.get(id) : undefined;
    if (!vue) continue;
    // The same régions as refuserHorsRegions reads, by the same rule (domain/acces.ts canWrite).
    const avant = regionsDeSessions((vue.publiee ?? vue.input).sessions ?? []);
    // A formation without any session in a known région (a draft without session) is no other
    // région's: its row has nothing to say (test/web/imports-aller-retour.test.ts).
    if (avant.length === 0 || canWrite(acteur, null, avant)) continue;
    analyse.lignes[i] = {
      ...l,
      avertissements: [
        ...l.avertissements,
        {
          colonne: '',
          code: 'CLASSEUR_HORS_REGION_INCHANGEE',
          message: `Ligne ${l.ligne} : ${horsPerimetre(acteur.regions, avant)} La ligne est identique dans le classeur et dans Offre : rien n’y est à appliquer ; modifiée, elle serait laissée de côté : faites importer ses changements par l’organisme ou par ${unGestionnaireDe(avant)}.`,
        },
      ],
    };
  }
}

/**
 * A formation as gestionnaire `acteur` may read it to compare a row with it: a diffused offer of
 * another région with an open revision, which he may not read (the review page and GET …/revision
 * answer 403: docs/gestion.md), is its diffused version, without the revision — unless the
 * revision or the diffused version has a session in his régions (he decides on it then). Anyone
 * else, and a formation not diffused (`nonDiffusee`: compared, never echoed, masquerNonLisibles):
 * as it is.
 */
export function commeLaVoit(acteur: Acteur, vue: FormationVue, nonDiffusee: boolean): FormationVue {
  if (acteur.kind !== 'utilisateur' || acteur.role !== 'gestionnaire' || nonDiffusee) return vue;
  if (!vue.revisionOuverte || !vue.publiee) return vue;
  const ici = (input: FormationVue['input']) =>
    canWrite(acteur, null, regionsDeSessions(input.sessions ?? []));
  if (ici(vue.publiee) || ici(vue.input)) return vue;
  const { publiee, revisionOuverte: _revision, ...reste } = vue;
  return { ...reste, input: publiee, revisionOuverte: null, revisionCachee: vue.input };
}

/**
 * The rows of a formation the gestionnaire may not read (another région's, not diffused: kept by
 * the import to compare its rows, docs/formats.md) echo nothing of its content: an unchanged row
 * stays « inchangée », named by the workbook's own title, without the remarks that quote Offre's
 * values (CLASSEUR_VERSION_ANCIENNE…); a row in error has the one error CLASSEUR_HORS_REGION
 * (which names the régions of its sessions, as the review page's 403 does). Mutates `analyse`.
 */
export function masquerNonLisibles(
  analyse: Analyse,
  acteur: Acteur,
  o: {
    formations: ReadonlyMap<string, FormationVue>;
    masquees: ReadonlySet<string>;
    lignes: readonly LigneLue[];
  },
): void {
  if (acteur.kind !== 'utilisateur' || o.masquees.size === 0) return;
  const lues = new Map(o.lignes.map((l) => [l.ligne, l]));
  const entete = (l: LigneRapport) => {
    const lue = lues.get(l.ligne);
    return lue ? (lue.valeurs.intitule ?? null) : null;
  };
  for (const [i, l] of analyse.lignes.entries()) {
    const id = l.reference ? readReference(l.reference).formationId : null;
    const vue = id && o.masquees.has(id) ? o.formations.get(id) : undefined;
    if (!vue) continue;
    const avant = regionsDeSessions(vue.input.sessions ?? []);
    analyse.lignes[i] = {
      ...l,
      intitule: entete(l),
      avertissements: [],
      ...(l.verdict === 'erreur'
        ? {
            champs: [],
            erreurs: [
              {
                colonne: '',
                code: 'CLASSEUR_HORS_REGION',
                message: `Ligne ${l.ligne} : ${messageHorsPerimetre(acteur.regions, avant)}`,
              },
            ],
          }
        : {}),
    };
  }
}

/**
 * The rows of `cible` turned into errors (one each, `erreur` of the row, its message after
 * « Ligne N, colonne « … » : »), and its target dropped from `analyse`. Mutates `analyse`.
 */
function lignesEnErreur(
  analyse: Analyse,
  cible: Cible,
  erreur: (l: LigneValide, ligne: LigneRapport) => Remarque,
): void {
  for (const [cle, c] of analyse.cibles) if (c === cible) analyse.cibles.delete(cle);
  const index = indexDesLignes(analyse.lignes);
  for (const l of cible.lignes) {
    const i = index.get(l.ligne)!;
    const ligne = analyse.lignes[i]!;
    const e = erreur(l, ligne);
    // A row in error adds nothing.
    const { session_ajoutee: _ajout, ...reste } = ligne;
    analyse.lignes[i] = {
      ...reste,
      verdict: 'erreur',
      a_valider: false,
      champs: [],
      erreurs: [
        { ...e, message: `Ligne ${l.ligne}${e.colonne ? `, colonne « ${e.colonne} »` : ''} : ${e.message}` },
      ],
      avertissements: sansPromesse(ligne.avertissements),
    };
  }
}
