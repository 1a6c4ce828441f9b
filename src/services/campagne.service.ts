import type { Writable } from 'node:stream';
import { PassThrough } from 'node:stream';
import yazl from 'yazl';
import type { AppContext } from '../context.ts';
import {
  type Campagne,
  type CampagneRegion,
  ensureCampagne,
  ensureCampagneCourante,
  getCampagne,
  getCampagneCourante,
  getCampagneRegion,
  lireCampagneCourante,
  listCampagneRegions,
  listCampagnes,
  listHistoriqueCampagne,
  lockCampagne,
  selectSiretsDeRegions,
  setCampagneCourante,
  updateCampagne,
  upsertCampagneRegion,
} from '../db/campagne.repository.ts';
import type { Executor } from '../db/executor.ts';
import { appendHistorique } from '../db/historique.repository.ts';
import { findStructure } from '../db/structure.repository.ts';
import { isAdministrateur } from '../domain/acces.ts';
import { type Acteur, acteurLabel } from '../domain/acteur.ts';
import { versionCalendrier } from '../domain/calendrier-version.ts';
import {
  type Calendrier,
  CHAMPS_NATIONAUX,
  CHAMPS_REGIONAUX,
  type ChampCalendrier,
  type ChampRegional,
  datesPropresRegion,
  type Echeance,
  echeancesAVenir,
  MESSAGE_ANNEE_CAMPAGNE,
  type OrigineDate,
  type OriginesCollecte,
  originesCalendrier,
  originesCollecte,
  validateCalendrier,
} from '../domain/campagne.ts';
import { isoDay } from '../domain/dates.ts';
import { forbidden, OffreError } from '../domain/errors.ts';
import { messageRegionInconnue, nomRegion, REGIONS } from '../domain/geo.ts';
import { type AttenduCalendrier, garderVersionCalendrier } from './calendrier-version.ts';
import { campagneInconnue } from './campagne-existante.ts';
import { recomputeAll } from './conformite.service.ts';
import { prepareClasseur } from './export-classeur.service.ts';
import { regionsDeGestion } from './gestion/validation.service.ts';

// Campaigns (issue 9 item 5): each campaign's calendar — national for the platforms and the session
// window (administrators), regional for the collection (the région's gestionnaires) —, which
// campaign is current and the switch to another, the workbooks of a région's organismes as one zip.
// The rule the calendar enforces lives in domain/campagne.ts (`fermeturePlateforme`).

const NATIONAL = Object.fromEntries(CHAMPS_NATIONAUX.map((k) => [k, true]));

/** A campaign's calendar for `region` (its collection dates when it set some), or the national one (null). */
export function calendrierDe(c: Campagne, r: CampagneRegion | undefined, region: string | null): Calendrier {
  return {
    annee: c.annee,
    libelle: c.libelle,
    courante: c.courante,
    region,
    origines: originesCalendrier(r, region),
    version: versionCalendrier(c, region ? r : undefined, region),
    ouverture_collecte: r?.ouverture_collecte ?? c.ouverture_collecte,
    retour_attendu: r?.retour_attendu ?? c.retour_attendu,
    transmission_catalogue: r?.transmission_catalogue ?? c.transmission_catalogue,
    fermeture_affelnet: c.fermeture_affelnet,
    ouverture_parcoursup: c.ouverture_parcoursup,
    fermeture_parcoursup: c.fermeture_parcoursup,
    fenetre_debut: c.fenetre_debut,
    fenetre_fin: c.fenetre_fin,
  };
}

/** Administrators (people, admin keys) and the system change the national calendar and the current campaign. */
function requireAdmin(acteur: Acteur, quoi: string): void {
  if (!isAdministrateur(acteur)) throw forbidden(`${quoi} est réservé aux administrateurs de la plateforme.`);
}

const majuscule = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function regionConnue(region: string): void {
  if (!REGIONS[region])
    throw new OffreError('REGION_INCONNUE', `${majuscule(messageRegionInconnue(region))}.`, {
      champ: 'region',
    });
}

/** Every campaign (latest first) with its calendar as it applies to `region` (null: national). */
export async function calendriers(db: Executor, now: Date, region: string | null): Promise<Calendrier[]> {
  if (region) regionConnue(region);
  await ensureCampagneCourante(db, now);
  const out: Calendrier[] = [];
  for (const c of await listCampagnes(db)) out.push(await calendrierRegional(db, c, region));
  return out;
}

/** One campaign's calendar for `region` (null: national). Errors: 404 CAMPAGNE_INCONNUE, 400 unknown région. */
export async function calendrier(db: Executor, annee: number, region: string | null): Promise<Calendrier> {
  if (region) regionConnue(region);
  const c = await getCampagne(db, annee);
  if (!c) throw await campagneInconnue(db, annee);
  return calendrierRegional(db, c, region);
}

/** Campaign `c`'s calendar for `region` (null: national), its région's dates read from the database. */
async function calendrierRegional(db: Executor, c: Campagne, region: string | null): Promise<Calendrier> {
  return calendrierDe(c, region ? await getCampagneRegion(db, c.annee, region) : undefined, region);
}

/**
 * Whose each collection date of campaign `annee`'s calendar for `region` is (domain
 * originesCollecte): the région's own, or the national one it follows, not having set its own.
 * Null for the national calendar. What the page and `offre campagne calendrier` say beside the dates.
 */
export async function originesDeCollecte(
  db: Executor,
  annee: number,
  region: string | null,
): Promise<OriginesCollecte | null> {
  if (!region) return null;
  return originesCollecte(await getCampagneRegion(db, annee, region));
}

/** The current campaign's calendar for `region`, read (with its defaults when none is stored yet). */
export async function calendrierCourant(db: Executor, now: Date, region: string | null): Promise<Calendrier> {
  if (region) regionConnue(region);
  return calendrierRegional(db, await lireCampagneCourante(db, now), region);
}

/** calendrierCourant for a writer (`offre campagne calendrier --set`): the campaign is created first when none is stored. */
export async function calendrierCourantEcrit(
  db: Executor,
  now: Date,
  region: string | null,
): Promise<Calendrier> {
  if (region) regionConnue(region);
  return calendrierRegional(db, await ensureCampagneCourante(db, now), region);
}

/** The régions whose collection dates `acteur` may change (null: all). Errors: 403 for anyone else. */
export const regionsDeCampagne = regionsDeGestion;

export interface ResultatCalendrier {
  readonly calendrier: Calendrier;
  /** Offers recomputed because the current campaign's national dates changed. */
  readonly recalculees: number;
}

/**
 * Changes a campaign's calendar: `region` null → the national dates (CHAMPS_NATIONAUX and the
 * collection defaults; administrators), else that région's collection dates (its gestionnaires
 * and administrators). `saisie` holds `AAAA-MM-JJ` or `JJ/MM/AAAA` strings, empty for no date
 * (for a région: the national one); a date absent from it (undefined) is left as it is.
 * Errors: 403 outside the actor's scope; 404 unknown campaign; CALENDRIER_INVALIDE (a list, one
 * per field) when a date is not a calendar day or out of order. A change of the current
 * campaign's national dates recomputes every offer (session window, Affelnet closing).
 * `voulues`: for a région, the origin it wants for its dates (domain datesPropresRegion): « region »
 * keeps a date equal to the national one as its own (pinned), « nationale » makes it follow the
 * national one again. `attendue`: the version the save was made on (calendrier-version.ts): a
 * calendar changed since is refused (409 CALENDRIER_MODIFIE, 412 with If-Match), nothing stored.
 */
export async function updateCalendrier(
  ctx: AppContext,
  acteur: Acteur,
  annee: number,
  region: string | null,
  saisie: Readonly<Partial<Record<ChampCalendrier, string>>>,
  voulues: Readonly<Partial<Record<ChampRegional, OrigineDate>>> = {},
  attendue: AttenduCalendrier = {},
): Promise<ResultatCalendrier> {
  if (region === null) requireAdmin(acteur, 'Le calendrier national');
  else {
    // An unknown code is a mistake in the request (400 REGION_INCONNUE), not a scope refusal.
    regionConnue(region);
    const regions = regionsDeCampagne(acteur);
    if (regions !== null && !regions.includes(region))
      throw forbidden(`Le calendrier de la région ${nomRegion(region)} est réservé à ses gestionnaires.`);
  }
  const champs: readonly ChampCalendrier[] =
    region === null ? [...CHAMPS_REGIONAUX, ...CHAMPS_NATIONAUX] : CHAMPS_REGIONAUX;
  const now = ctx.now();
  const par = acteurLabel(acteur);
  const { cal, changeNational } = await ctx.db.transaction().execute(async (trx) => {
    // The campaign row locked first: two saves of the campaign's calendars go one after the other,
    // the second one checked against what the first one stored.
    await lockCampagne(trx, annee);
    const actuel = await calendrier(trx, annee, region);
    await garderVersionCalendrier(trx, actuel, attendue);
    // A date the save does not give keeps its value (for a région, its origin too: datesPropresRegion).
    const complete = Object.fromEntries(
      champs.map((k) => [k, saisie[k] !== undefined ? saisie[k] : (actuel[k] ?? '')]),
    );
    const v = validateCalendrier(actuel, champs, complete);
    if (!v.ok) throw v.erreurs;
    // The window's two dates are required (validateCalendrier refuses them empty).
    const dates = v.dates as Partial<Record<ChampCalendrier, string>>;
    if (region === null) {
      await updateCampagne(trx, annee, { ...dates, modifie_par: par, modifie_le: now });
      // A région's own dates must stay in order with the new national ones.
      const erreurs = await regionsDesordonnees(trx, annee);
      if (erreurs.length) throw erreurs;
    } else {
      // A date saved as the national one the région had not set stays national (it follows it),
      // unless the région says it is its own (pinned).
      const propres = datesPropresRegion(
        v.dates as Record<ChampRegional, string | null>,
        (await getCampagne(trx, annee))!,
        await getCampagneRegion(trx, annee, region),
        voulues,
      );
      await upsertCampagneRegion(trx, { annee, region, ...propres, modifie_par: par, modifie_le: now });
    }
    // History records what changed in effect: a date left empty falls back to its default (the
    // national date, or the campaign's computed one), which may be the very date shown before; a
    // date pinned or un-pinned at the same value records its origin's change.
    const apres = await calendrier(trx, annee, region);
    const diff = champs
      .filter((k) => actuel[k] !== apres[k] || actuel.origines[k] !== apres.origines[k])
      .map((k) =>
        actuel[k] !== apres[k]
          ? { champ: k, avant: actuel[k], apres: apres[k] }
          : { champ: `origine:${k}`, avant: actuel.origines[k], apres: apres.origines[k] },
      );
    // Every change is history, with its person (issue 9 item 8).
    await appendHistorique(
      trx,
      diff.length === 0
        ? []
        : [
            {
              formation_id: null,
              entite: 'campagne',
              entite_id: region ? `${annee}:${region}` : String(annee),
              action: 'calendrier_modifie',
              acteur: par,
              at: now,
              diff,
            },
          ],
    );
    const change = region === null && actuel.courante && diff.some((d) => d.champ in NATIONAL);
    return { cal: apres, changeNational: change };
  });
  const recalculees = changeNational ? (await recomputeAll(ctx)).controlees : 0;
  return { calendrier: cal, recalculees };
}

/**
 * Each région whose own collection dates, read with the campaign's national dates as they now
 * are, are out of order: one CALENDRIER_INVALIDE per such date, naming the région and what it kept
 * (a national change refused rather than a région left with a calendar it can no longer save).
 */
async function regionsDesordonnees(db: Executor, annee: number): Promise<OffreError[]> {
  const c = (await getCampagne(db, annee))!;
  const erreurs: OffreError[] = [];
  for (const r of await listCampagneRegions(db, annee)) {
    const cal = calendrierDe(c, r, r.region);
    const v = validateCalendrier(
      cal,
      CHAMPS_REGIONAUX,
      Object.fromEntries(CHAMPS_REGIONAUX.map((k) => [k, cal[k]])),
    );
    if (!v.ok)
      for (const e of v.erreurs)
        erreurs.push(
          new OffreError(
            'CALENDRIER_INVALIDE',
            `${nomRegion(r.region)} garde ses propres dates de collecte, et avec ces dates nationales : ${e.message} Changez d’abord le calendrier de la région (ou ramenez sa date à la date nationale).`,
            { champ: e.details?.champ, region: r.region },
          ),
        );
  }
  return erreurs;
}

/**
 * Makes `annee` the current campaign (created with its default calendar when absent) and
 * recomputes every offer (rules and platform statuses depend on the campaign). Administrators only.
 */
export async function changeCampagneCourante(ctx: AppContext, acteur: Acteur, annee: number) {
  requireAdmin(acteur, 'Le changement de campagne courante');
  if (!Number.isInteger(annee) || annee < 2000 || annee > 2100)
    throw new OffreError(
      'CAMPAGNE_INVALIDE',
      `Campagne « ${annee} » : ${MESSAGE_ANNEE_CAMPAGNE}, de 2000 à 2100.`,
      { champ: 'annee' },
    );
  await ctx.db.transaction().execute(async (trx) => {
    const avant = await getCampagneCourante(trx);
    await ensureCampagne(trx, annee);
    await setCampagneCourante(trx, annee);
    await updateCampagne(trx, annee, { modifie_par: acteurLabel(acteur), modifie_le: ctx.now() });
    await appendHistorique(trx, [
      {
        formation_id: null,
        entite: 'campagne',
        entite_id: String(annee),
        action: 'campagne_courante',
        acteur: acteurLabel(acteur),
        at: ctx.now(),
        diff: [{ champ: 'courante', avant: avant?.annee ?? null, apres: annee }],
      },
    ]);
  });
  const r = await recomputeAll(ctx);
  return { courante: annee, recalculees: r.controlees };
}

export interface EcheancesEspace {
  readonly calendrier: Calendrier;
  readonly echeances: readonly Echeance[];
}

/** The current campaign's dates ahead for an organisation (its structure's région, else national). */
export async function echeancesEspace(ctx: AppContext, siren: string): Promise<EcheancesEspace> {
  const region = (await findStructure(ctx.db, siren))?.region ?? null;
  const cal = await calendrierCourant(ctx.db, ctx.now(), region && REGIONS[region] ? region : null);
  return { calendrier: cal, echeances: echeancesAVenir(cal, isoDay(ctx.now())) };
}

/**
 * The pre-filled workbooks of every organisme of the actor's régions (one per responsable SIRET,
 * as `offre export classeur`) for campaign `annee`, streamed as one zip: each workbook is written
 * into the archive as the archive is sent. Errors (before anything is sent): 403 unless
 * gestionnaire or administrator, 404 unknown campaign, 400 unknown région.
 */
export async function prepareZipClasseurs(
  ctx: AppContext,
  acteur: Acteur,
  annee: number,
  region: string | null,
) {
  const regions = regionsDeCampagne(acteur);
  if (region !== null) {
    regionConnue(region);
    if (regions !== null && !regions.includes(region))
      throw forbidden(`Les classeurs de la région ${nomRegion(region)} sont réservés à ses gestionnaires.`);
  }
  if (!(await getCampagne(ctx.db, annee))) throw await campagneInconnue(ctx.db, annee);
  const cible = region !== null ? [region] : regions;
  const sirets = await selectSiretsDeRegions(ctx.db, cible);
  return {
    nomFichier: `classeurs-${region ?? (cible?.join('-') || 'toutes-regions')}-campagne-${annee}.zip`,
    organismes: sirets.length,
    async ecrire(out: Writable): Promise<void> {
      const zip = new yazl.ZipFile();
      const fini = new Promise<void>((resolve, reject) => {
        out.on('finish', resolve).on('error', reject).on('close', resolve);
      });
      zip.outputStream.on('error', (e) => out.destroy(e)).pipe(out);
      for (const siret of sirets) {
        // An organisme whose last session in the région went away since the list: left out, the
        // archive goes on (its rows would be none of this gestionnaire's anyway).
        const c = await prepareClasseur(ctx, acteur, { siret, annee }).catch((e: unknown) => {
          if (e instanceof OffreError && e.code === 'ACCES_REFUSE') return null;
          throw e;
        });
        if (!c) continue;
        const entree = new PassThrough();
        zip.addReadStream(entree, c.nomFichier, { mtime: ctx.now() });
        await c.ecrire(entree);
      }
      zip.end();
      await fini;
    },
  };
}

export interface ModificationCampagne {
  readonly action: string;
  readonly acteur: string;
  readonly at: Date;
  /** `annee` or `annee:region`. */
  readonly entite_id: string;
  readonly diff: readonly { champ: string; avant: unknown; apres: unknown }[];
}

/** Who changed campaign `annee` (its calendars, national and regional, and the switches to it), latest first. */
export async function historiqueCampagne(
  db: Executor,
  annee: number,
  limit = 20,
): Promise<ModificationCampagne[]> {
  const rows = await listHistoriqueCampagne(db, annee, limit);
  return rows.map((r) => ({
    ...r,
    at: new Date(r.at),
    diff: (typeof r.diff === 'string' ? JSON.parse(r.diff) : r.diff) as ModificationCampagne['diff'],
  }));
}
