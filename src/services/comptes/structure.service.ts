import { type AppContext, configOf } from '../../context.ts';
import { nomsDesSirens } from '../../db/espace.repository.ts';
import type { Executor } from '../../db/executor.ts';
import { appendHistorique, selectDerniereDecisionStructure } from '../../db/historique.repository.ts';
import { addLimites } from '../../db/limite.repository.ts';
import {
  activateStructure,
  deleteStructure,
  findStructure,
  insertStructure,
  listEtablissementsDeclares,
  listStructures,
  nomsCommunes,
  refuseStructureRow,
  reopenStructure,
  selectFaitsSiren,
  selectLieuxSiren,
} from '../../db/structure.repository.ts';
import {
  deleteUtilisateurs,
  findUtilisateurByEmail,
  insertUtilisateur,
  listAdministrateursActifs,
  listGestionnairesDeRegion,
  listUtilisateursActifsDeStructure,
  listUtilisateursDeStructure,
  nomsParLibelle,
} from '../../db/utilisateur.repository.ts';
import { canDecideStructure } from '../../domain/acces.ts';
import { type Acteur, acteurLabel, auteur } from '../../domain/acteur.ts';
import { normalizeEmail } from '../../domain/courriel.ts';
import { dateHeureLongue } from '../../domain/dates.ts';
import type { CodeErreur } from '../../domain/errors.catalogue.ts';
import { forbidden, notFound, OffreError } from '../../domain/errors.ts';
import { departementOfInsee, REGIONS, regionOfDepartement } from '../../domain/geo.ts';
import {
  isValidSiren,
  isValidSiret,
  messageSirenInvalide,
  messageSiretInvalide,
  sansEspaces,
  siretLisible,
  siretsSaisis,
} from '../../domain/identifiants.ts';
import { newId } from '../../domain/ids.ts';
import {
  examinateursInscription,
  type RegionsDeDecision,
  refusHorsRegions,
  regionsDeDecision,
} from '../../domain/inscription-region.ts';
import { avecDeclare, nomInscription } from '../../domain/organisme-nom.ts';
import { type Canal, LONGUEURS_COMPTE, refusTexte } from '../../domain/texte-saisi.ts';
import type { Decideur } from './courriel.modeles.ts';
import { type CourrielPrevu, enqueueCourriel, reveillerEnvoi } from './courriel.service.ts';
import { dansLaLimite, FENETRE_DEMANDES_MS } from './demandes.limite.ts';
import { checkNouveauMotDePasse, hashPassword } from './mot-de-passe.ts';

// Self-service sign-up of a structure (an organisme, by SIREN) and its first user, pending until
// a gestionnaire of its région approves it: a stranger must never claim a SIREN and edit its
// offers. Its région is where the SIREN is (Sirene establishments, offers, organisme records:
// domain/inscription-region.ts), the one typed on the form only for a SIREN none of those know.
// Approval and refusal are kept in the history (entite 'structure').

export interface Inscription {
  readonly siren: string;
  readonly raison_sociale: string;
  readonly region: string;
  /** Establishments (SIRET) the structure declares: one per line, or commas / semicolons (`siretsSaisis`). */
  readonly sirets?: string;
  readonly nom: string;
  readonly email: string;
  readonly mot_de_passe: string;
  readonly confirmation: string;
}

const champ = (code: CodeErreur, message: string, c: string) => new OffreError(code, message, { champ: c });

/** Every field error of a sign-up form at once (the page lists them all). */
export function checkInscription(i: Inscription): { erreurs: OffreError[]; sirets: string[] } {
  const erreurs: OffreError[] = [];
  const siren = sansEspaces(i.siren);
  if (!isValidSiren(siren))
    erreurs.push(
      champ(
        'SIREN_INVALIDE',
        siren ? `${messageSirenInvalide(siren)}.` : 'Indiquez le SIREN de votre structure (9 chiffres).',
        'siren',
      ),
    );
  if (!i.raison_sociale.trim())
    erreurs.push(champ('RAISON_SOCIALE_ABSENTE', 'Indiquez le nom de votre structure.', 'raison_sociale'));
  const raison = refusTexte(i.raison_sociale.trim(), 'raison_sociale', LONGUEURS_COMPTE.raison_sociale);
  if (raison) erreurs.push(raison);
  if (!REGIONS[i.region])
    erreurs.push(champ('REGION_ABSENTE', 'Choisissez la région de la structure.', 'region'));
  const sirets = siretsSaisis(i.sirets);
  // Each wrong one named, with what is wrong with it (the forms' one wording for an invalid SIRET).
  const faux = sirets.flatMap((s) =>
    !isValidSiret(s)
      ? [`${messageSiretInvalide(s)}.`]
      : s.slice(0, 9) !== siren
        ? [
            `Le SIRET ${siretLisible(s)} est d’un autre SIREN (${s.slice(0, 9)}) : chaque SIRET commence par le SIREN de la structure.`,
          ]
        : [],
  );
  if (faux.length) erreurs.push(champ('SIRET_INVALIDE', faux.join(' '), 'sirets'));
  if (!i.nom.trim()) erreurs.push(champ('NOM_ABSENT', 'Indiquez vos nom et prénom.', 'nom'));
  const nom = refusTexte(i.nom.trim(), 'nom', LONGUEURS_COMPTE.nom);
  if (nom) erreurs.push(nom);
  try {
    normalizeEmail(i.email);
  } catch (e) {
    erreurs.push(e as OffreError);
  }
  // The confirmation is said on its own field even when the password itself is refused (too short…).
  erreurs.push(...checkNouveauMotDePasse(i.mot_de_passe, i.confirmation, 'mot_de_passe'));
  return { erreurs, sirets };
}

/**
 * Creates the pending structure and its first user, and says whom to tell: the deciding régions'
 * gestionnaires (none active: the administrators).
 * Never says whether the SIREN or the address already has an account or a pending sign-up: the
 * answer is the same, nothing is stored, and those who should know are told (docs/comptes.md) —
 * a structure that has an account: its active users (`demande_rejoindre_structure`: who asked, how
 * to invite); a pending one: those who review it (`inscription_concurrente`: a competing claim, to
 * weigh before deciding); an address that has an account: its owner (`inscription_compte_existant`).
 * At most `demandesParStructure` such requests per SIREN per 24 hours e-mail the structure's users
 * or reviewers, and at most `demandesParAdresse` per address e-mail the address's owner, whatever
 * the IP (counted in `limite_tentative`, shared by every process); beyond, nobody is e-mailed and
 * the first refusal goes to the security journal. `utilisateurId` is null when nothing was created.
 * The messages are returned, not written (`courriels`, for enqueueCourriels): the web page writes
 * them to the outbox after it answered, so that no path answers sooner than another for having
 * more to write (most paths store nothing to write them with); the password is hashed on every
 * path, before anything is looked up.
 */
export async function signUpStructure(
  ctx: AppContext,
  i: Inscription,
  /** The requester's IP address, for the security journal. */
  origine: { ip?: string | null } = {},
): Promise<{
  siren: string;
  utilisateurId: string | null;
  nom: string;
  declare: string | null;
  /** Who reviews it, as the confirmation says it (domain/inscription-region.ts examinateursInscription). */
  examen: string;
  /** The messages to write to the outbox once answered (enqueueCourriels). */
  courriels: CourrielPrevu[];
}> {
  const { erreurs, sirets } = checkInscription(i);
  if (erreurs.length) throw erreurs[0]!;
  const siren = sansEspaces(i.siren);
  const email = normalizeEmail(i.email);
  // On every path, first: an answer about an existing structure or address must not come sooner.
  const password_hash = await hashPassword(i.mot_de_passe);
  const now = ctx.now();
  const utilisateurId = newId('ut', now);
  const raison = i.raison_sociale.trim();
  const { existant, deja } = await ctx.db.transaction().execute(async (trx) => {
    const existante = await findStructure(trx, siren, { forUpdate: true });
    const existant = await findUtilisateurByEmail(trx, email);
    // A structure that has an account, or whose sign-up is pending, is not said either (the
    // invitation does not say it: fresh users' reports, 07/12/2026): nothing is stored, those who
    // should know are told, and the caller answers as for a new structure.
    if (existante && existante.statut !== 'refusee') return { existant, deja: existante };
    // An address that already has an account is not said (that would tell anyone which addresses
    // have one): nothing is stored, its owner is told by e-mail, the caller answers as for a new one.
    if (existant) return { existant, deja: null };
    // A refused structure (kept for accounts an administrator attached) may sign up again.
    if (existante)
      await reopenStructure(
        trx,
        { siren, raison_sociale: raison, region: i.region, created_at: now, demandeur: utilisateurId },
        sirets,
      );
    else
      await insertStructure(
        trx,
        {
          siren,
          raison_sociale: raison,
          region: i.region,
          statut: 'en_attente',
          created_at: now,
          demandeur: utilisateurId,
        },
        sirets,
      );
    await insertUtilisateur(trx, {
      id: utilisateurId,
      email,
      nom: i.nom.trim(),
      password_hash,
      role: 'organisme',
      siren,
      doit_changer_mot_de_passe: false,
      password_changed_at: now,
    });
    await appendHistorique(trx, [
      {
        formation_id: null,
        entite: 'structure',
        entite_id: siren,
        action: 'inscription',
        acteur: `utilisateur:${email}`,
        at: now,
        diff: [],
      },
    ]);
    return { existant: undefined, deja: null };
  });
  // Counted on every path (the same statement whatever the SIREN or the address); only requests
  // about an existing structure or address are held back — a new sign-up always reaches its reviewers.
  const cleAdresse = `inscription:adresse:${email}`;
  const cleSiren = `inscription:siren:${siren}`;
  // One statement, its keys always in this order (« adresse » before « siren »): no deadlock.
  const demandes = await addLimites(
    ctx.db,
    [
      { cle: cleAdresse, n: 1 },
      { cle: cleSiren, n: 1 },
    ],
    now,
    FENETRE_DEMANDES_MS,
  );
  const { comptes } = configOf(ctx);
  const { nom, declare } = await nomDeStructure(ctx.db, siren, raison);
  // Who reviews it: the gestionnaires of the deciding régions, else the administrators (every
  // pending sign-up is in their queue). Said the same whatever the SIREN or the address.
  const decision = await decisionDe(ctx.db, siren, i.region);
  const gestionnaires = await gestionnairesDe(ctx.db, decision.regions);
  const examen = examinateursInscription(decision, i.region, gestionnaires.length);
  const courriels: CourrielPrevu[] = [];
  // The address's owner has heard enough today: nobody is e-mailed, the answer stays the same.
  if (
    existant &&
    (await dansLaLimite(ctx, demandes.get(cleAdresse)!.nombre, comptes.demandesParAdresse, {
      cible: existant.email,
      ip: origine.ip,
      details: { genre: 'inscription_compte_existant', par: 'adresse' },
    }))
  )
    courriels.push({
      a: { email: existant.email, utilisateurId: existant.id },
      modele: { modele: 'inscription_compte_existant', structure: nom, siren },
    });
  // The structure's own user asking again (the pending request's author, a colleague): the e-mail
  // above is enough, the structure's users or reviewers need not hear of it.
  if (deja && existant?.siren !== siren) {
    // The structure's users (or reviewers) have heard enough today: nobody is e-mailed, the
    // answer stays the same (no enumeration), the first refusal of the window is journaled.
    const permis = await dansLaLimite(ctx, demandes.get(cleSiren)!.nombre, comptes.demandesParStructure, {
      cible: `structure:${siren}`,
      ip: origine.ip,
      details: {
        genre: deja.statut === 'active' ? 'demande_rejoindre' : 'inscription_concurrente',
        par: 'siren',
      },
    });
    if (permis && deja.statut === 'active') {
      // Whoever can invite is told who asked (name and address as typed, unverified), and how to invite.
      for (const u of await listUtilisateursActifsDeStructure(ctx.db, siren))
        courriels.push({
          a: { email: u.email, utilisateurId: u.id },
          modele: {
            modele: 'demande_rejoindre_structure',
            structure: deja.raison_sociale,
            siren,
            nom: i.nom.trim(),
            email,
          },
        });
    } else if (permis) {
      // Those who review the pending sign-up hear of a competing claim (name and address as typed,
      // unverified): they weigh it before deciding and can put both in touch. The pending request's
      // author is not told (unverified too: it would learn a stranger's name and address).
      const sienne = await decisionDe(ctx.db, siren, deja.region);
      const leurs = await gestionnairesDe(ctx.db, sienne.regions);
      const n = await nomDeStructure(ctx.db, siren, deja.raison_sociale);
      for (const g of leurs.length ? leurs : await listAdministrateursActifs(ctx.db))
        courriels.push({
          a: { email: g.email, utilisateurId: g.id },
          modele: {
            modele: 'inscription_concurrente',
            structure: avecDeclare(n.nom, n.declare),
            siren,
            nom: i.nom.trim(),
            email,
          },
        });
    }
  }
  if (deja || existant) return { siren, utilisateurId: null, nom, declare, examen, courriels };
  // No gestionnaire for the deciding régions: the administrators decide (their queue has every
  // pending sign-up) and are told, as the confirmation page says.
  const examinateurs = gestionnaires.length ? gestionnaires : await listAdministrateursActifs(ctx.db);
  for (const g of examinateurs)
    courriels.push({
      a: { email: g.email, utilisateurId: g.id },
      modele: {
        modele: 'inscription_a_examiner',
        structure: avecDeclare(nom, declare),
        siren,
        region: i.region,
        regions: decision.ecart ? decision.regions : [],
        ...(gestionnaires.length ? {} : { sansGestionnaire: decision.regions }),
      },
    });
  return { siren, utilisateurId, nom, declare, examen, courriels };
}

/** The active gestionnaires of these régions, each once. */
async function gestionnairesDe(db: Executor, regions: readonly string[]) {
  const out = new Map<string, { id: string; email: string }>();
  for (const r of regions) for (const g of await listGestionnairesDeRegion(db, r)) out.set(g.id, g);
  return [...out.values()];
}

/**
 * A signing-up structure's name: the one Offre knows for its SIREN (organismes, DGEFP list,
 * Sirene: domain/organisme-nom.ts), and the typed raison sociale when it differs (« déclaré »).
 */
async function nomDeStructure(db: Executor, siren: string, raisonSociale: string) {
  return nomInscription((await nomsDesSirens(db, [siren])).get(siren) ?? null, raisonSociale);
}

/** A structure waiting for approval, with what official data says about its SIREN. */
export interface InscriptionAExaminer {
  readonly siren: string;
  /** The name Offre knows for the SIREN (Sirene…), else the typed raison sociale. */
  readonly raison_sociale: string;
  /** The raison sociale typed on the form, when it differs from the known name. */
  readonly declare: string | null;
  /** The région typed on the sign-up form. */
  readonly region: string | null;
  /** The régions whose gestionnaires decide (where the SIREN is; else the requested one). */
  readonly decision: RegionsDeDecision;
  readonly created_at: Date;
  readonly utilisateurs: readonly { email: string; nom: string | null }[];
  readonly declares: readonly string[];
  /** Sirene establishments of the SIREN (`etat` A active, F closed), with their région. */
  readonly sirene: readonly {
    siret: string;
    etat: string;
    denomination: string | null;
    code_commune: string | null;
    /** The commune's name (commune list), null when unknown. */
    commune: string | null;
    region: string | null;
  }[];
  /** DGEFP list of training organisations: declarations (NDA) and Qualiopi apprenticeship flag. */
  readonly dgefp: readonly {
    nda: string;
    siret: string | null;
    denomination: string | null;
    qualiopi_apprentissage: boolean;
  }[];
}

/** A Sirene establishment's région, from its commune's département (null when unknown). */
export const regionDeCommune = (codeCommune: string | null): string | null =>
  regionOfDepartement(departementOfInsee(codeCommune));

/**
 * What official data knows of a SIREN's structure, to fill it without asking: its name (Sirene,
 * then the DGEFP list), its région (the one most of its open Sirene establishments are in, ties to
 * the first SIRET, i.e. usually the siège) and its known SIRETs (open Sirene establishments and
 * DGEFP declarations, valid and of this SIREN).
 */
export function structureSelonFaits(
  siren: string,
  faits: Awaited<ReturnType<typeof selectFaitsSiren>>,
): { raison_sociale: string | null; region: string | null; sirets: string[] } {
  const ouverts = faits.etablissements.filter((e) => e.siren === siren && e.etat === 'A');
  const declarations = faits.declarations.filter((d) => d.siren === siren);
  const parRegion = new Map<string, number>();
  for (const e of ouverts) {
    const r = regionDeCommune(e.code_commune);
    if (r) parRegion.set(r, (parRegion.get(r) ?? 0) + 1);
  }
  const region = [...parRegion.entries()].reduce<[string, number] | null>(
    (m, e) => (!m || e[1] > m[1] ? e : m),
    null,
  )?.[0];
  const sirets = [...ouverts.map((e) => e.siret), ...declarations.flatMap((d) => (d.siret ? [d.siret] : []))];
  return {
    raison_sociale:
      [...ouverts, ...faits.etablissements, ...declarations].find((f) => f.siren === siren && f.denomination)
        ?.denomination ?? null,
    region: region ?? null,
    sirets: [...new Set(sirets.filter((s) => isValidSiret(s) && s.startsWith(siren)))].sort(),
  };
}

/** The régions that decide on `siren`'s sign-up requested in `demandee` (domain/inscription-region.ts). */
async function decisionDe(db: Executor, siren: string, demandee: string | null) {
  return regionsDeDecision((await selectLieuxSiren(db, [siren])).get(siren)!, demandee);
}

/**
 * Pending sign-ups `acteur` may decide: those of a région it manages (gestionnaire) — where the
 * SIREN is, whatever région was typed — or all (admin, system). Pending sign-ups are few: all are
 * read, then routed.
 */
export async function inscriptionsAExaminer(
  ctx: AppContext,
  acteur: Acteur,
): Promise<InscriptionAExaminer[]> {
  const toutes = acteur.kind === 'systeme' || (acteur.kind === 'utilisateur' && acteur.role === 'admin');
  if (!toutes && !(acteur.kind === 'utilisateur' && acteur.role === 'gestionnaire'))
    throw forbidden('Réservé aux gestionnaires et administrateurs.');
  const enAttente = await listStructures(ctx.db, { statut: 'en_attente' });
  const lieux = await selectLieuxSiren(
    ctx.db,
    enAttente.map((s) => s.siren),
  );
  const routees = enAttente
    .map((s) => ({ s, decision: regionsDeDecision(lieux.get(s.siren)!, s.region) }))
    .filter(({ decision }) => toutes || canDecideStructure(acteur, decision.regions));
  const structures = routees.map((r) => r.s);
  const sirens = structures.map((s) => s.siren);
  const [faits, declares, utilisateurs, noms] = await Promise.all([
    selectFaitsSiren(ctx.db, sirens),
    listEtablissementsDeclares(ctx.db, sirens),
    Promise.all(sirens.map((s) => listUtilisateursDeStructure(ctx.db, s))),
    nomsDesSirens(ctx.db, sirens),
  ]);
  const communes = await nomsCommunes(
    ctx.db,
    faits.etablissements.flatMap((e) => (e.code_commune ? [e.code_commune] : [])),
  );
  return structures.map((s, i) => ({
    siren: s.siren,
    ...nomsAffiches(noms.get(s.siren) ?? null, s.raison_sociale),
    region: s.region,
    decision: routees[i]!.decision,
    created_at: new Date(s.created_at),
    utilisateurs: utilisateurs[i]!.map((u) => ({ email: u.email, nom: u.nom })),
    declares: declares.filter((d) => d.siren === s.siren).map((d) => d.siret),
    sirene: faits.etablissements
      .filter((e) => e.siren === s.siren)
      .map((e) => ({
        ...e,
        commune: (e.code_commune && communes.get(e.code_commune)) || null,
        region: regionDeCommune(e.code_commune),
      })),
    dgefp: faits.declarations.filter((d) => d.siren === s.siren),
  }));
}

const nomsAffiches = (connu: string | null, raisonSociale: string) => {
  const { nom, declare } = nomInscription(connu, raisonSociale);
  return { raison_sociale: nom, declare };
};

/** The région a removed structure's refusal was filed under (its history's diff), or null. */
function regionDuRefus(diff: unknown): string | null {
  const r = Array.isArray(diff) ? diff.find((c) => c?.champ === 'region') : undefined;
  return typeof r?.avant === 'string' ? r.avant : null;
}

/**
 * « Cette demande a déjà été refusée (validée) par X le … » (409): a second decision on a sign-up
 * (a second tab, the page's other form still open). INSCRIPTION_DEJA_REFUSEE, STRUCTURE_DEJA_ACTIVE.
 */
async function dejaDecidee(
  db: Executor,
  siren: string,
  statut: string,
  par: string | null,
  le: Date | string | null,
): Promise<OffreError> {
  const refusee = statut === 'refusee';
  const qui = par ? ` par ${auteur(par, await nomsParLibelle(db, [par]))}` : '';
  const quand = le ? ` le ${dateHeureLongue(new Date(le))}` : '';
  return new OffreError(
    refusee ? 'INSCRIPTION_DEJA_REFUSEE' : 'STRUCTURE_DEJA_ACTIVE',
    `Cette demande a déjà été ${refusee ? 'refusée' : 'validée'}${qui}${quand} : il n’y a plus rien à décider pour la structure ${siren}.`,
    { statut },
    409,
  );
}

/**
 * The pending structure `acteur` may decide on, locked for the transaction, with the région its
 * decision files it under: the stored one when it decides, else the first deciding région the
 * actor manages (any deciding région for an administrator or the CLI).
 */
async function decider(trx: Executor, acteur: Acteur, siren: string) {
  const s = await findStructure(trx, siren, { forUpdate: true });
  if (!s) {
    // A refusal removes the structure (no account left): the request decided is in the history,
    // with the région it was filed under. Told to whoever could have decided it; unknown otherwise.
    const d = await selectDerniereDecisionStructure(trx, siren);
    const region = d?.action === 'refus' ? regionDuRefus(d.diff) : null;
    if (d?.action !== 'refus' || !canDecideStructure(acteur, (await decisionDe(trx, siren, region)).regions))
      throw notFound(`Structure ${siren}`);
    throw await dejaDecidee(trx, siren, 'refusee', d.acteur, d.at);
  }
  const decision = await decisionDe(trx, siren, s.region);
  if (!canDecideStructure(acteur, decision.regions))
    throw forbidden(refusHorsRegions(s.raison_sociale, decision));
  if (s.statut !== 'en_attente') throw await dejaDecidee(trx, siren, s.statut, s.decided_by, s.decided_at);
  const miennes = acteur.kind === 'utilisateur' && acteur.role === 'gestionnaire' ? acteur.regions : null;
  const region =
    s.region && decision.regions.includes(s.region) && (!miennes || miennes.includes(s.region))
      ? s.region
      : (decision.regions.find((r) => !miennes || miennes.includes(r)) ?? s.region);
  return { ...s, region, region_demandee: s.region };
}

/**
 * Who decided, as the applicant's e-mail says it: a gestionnaire of the région the decision files
 * the structure under, else the Offre administration (an administrator, the command line).
 */
const decideurDe = (acteur: Acteur, region: string | null): Decideur =>
  acteur.kind === 'utilisateur' && acteur.role === 'gestionnaire'
    ? { par: 'gestionnaire', region }
    : { par: 'administration' };

/** Approves a pending sign-up: its users can sign in and act for the SIREN; they are told by e-mail. */
export async function approveStructure(ctx: AppContext, acteur: Acteur, siren: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const s = await decider(trx, acteur, siren);
    await activateStructure(trx, siren, ctx.now(), acteurLabel(acteur), s.region);
    await appendHistorique(trx, [
      {
        formation_id: null,
        entite: 'structure',
        entite_id: siren,
        action: 'approbation',
        acteur: acteurLabel(acteur),
        at: ctx.now(),
        // The requested région was not where the SIREN is: the structure goes to the deciding one.
        diff:
          s.region_demandee !== s.region
            ? [{ champ: 'region', avant: s.region_demandee, apres: s.region }]
            : [],
      },
    ]);
    // Told in the same transaction (the outbox): a rolled-back approval announces nothing.
    const { nom } = await nomDeStructure(trx, siren, s.raison_sociale);
    for (const u of await listUtilisateursDeStructure(trx, siren))
      await enqueueCourriel(
        ctx,
        trx,
        { email: u.email, utilisateurId: u.id },
        { modele: 'compte_approuve', structure: nom, siren, decideur: decideurDe(acteur, s.region) },
      );
  });
  reveillerEnvoi(ctx);
}

/**
 * Refuses a pending sign-up with a reason: the account that sign-up created (`demandeur`) is
 * removed and told why. Accounts an administrator attached to the pending structure stay, with
 * the structure kept as `refusee` (they see nothing; a new sign-up of the SIREN reopens it);
 * without such accounts the structure is removed, as before.
 */
export async function refuseStructure(
  ctx: AppContext,
  acteur: Acteur,
  siren: string,
  motif: string,
  canal: Canal = 'formulaire',
): Promise<void> {
  const raison = motif.trim();
  if (!raison)
    throw new OffreError('MOTIF_ABSENT', 'Indiquez le motif du refus : il est envoyé au demandeur.', {
      champ: 'motif',
    });
  const refus = checkMotif(raison, canal);
  if (refus) throw refus;
  await ctx.db.transaction().execute(async (trx) => {
    const s = await decider(trx, acteur, siren);
    const tous = await listUtilisateursDeStructure(trx, siren);
    const utilisateurs = tous.filter((u) => u.id === s.demandeur);
    const gardes = tous.filter((u) => u.id !== s.demandeur);
    if (gardes.length) {
      await deleteUtilisateurs(
        trx,
        utilisateurs.map((u) => u.id),
      );
      await refuseStructureRow(trx, siren, ctx.now(), acteurLabel(acteur));
    } else await deleteStructure(trx, siren);
    await appendHistorique(trx, [
      {
        formation_id: null,
        entite: 'structure',
        entite_id: siren,
        action: 'refus',
        acteur: acteurLabel(acteur),
        at: ctx.now(),
        // The structure is removed: its région stays here, for who may read this decision.
        diff: [
          { champ: 'motif', avant: null, apres: raison },
          { champ: 'region', avant: s.region, apres: null },
        ],
      },
    ]);
    // Told in the same transaction (the outbox): a rolled-back refusal announces nothing.
    const { nom } = await nomDeStructure(trx, siren, s.raison_sociale);
    for (const u of utilisateurs)
      await enqueueCourriel(
        ctx,
        trx,
        { email: u.email },
        {
          modele: 'compte_refuse',
          structure: nom,
          siren,
          motif: raison,
          decideur: decideurDe(acteur, s.region),
        },
      );
  });
  reveillerEnvoi(ctx);
}

/** A refusal's reason (trimmed) refused for a character or its length, or null: e-mailed as typed, on several lines. */
export const checkMotif = (motif: string, canal: Canal = 'formulaire') =>
  refusTexte(motif, 'motif', LONGUEURS_COMPTE.motif, {
    multiligne: true,
    libelle: canal === 'cli' ? 'Motif (--motif)' : undefined,
  });

/** Structures for `offre structure list` (all, or the pending ones). */
export function listStructuresForCli(ctx: AppContext, opts: { enAttente?: boolean } = {}) {
  return listStructures(ctx.db, opts.enAttente ? { statut: 'en_attente' } : {});
}
