import type { AppContext } from '../../context.ts';
import type { Executor } from '../../db/executor.ts';
import { findStructure, insertStructure, selectFaitsSiren } from '../../db/structure.repository.ts';
import {
  findUtilisateurByEmail,
  insertUtilisateur,
  type UtilisateurRow,
} from '../../db/utilisateur.repository.ts';
import { type Acteur, ROLES, type Role } from '../../domain/acteur.ts';
import { normalizeEmail } from '../../domain/courriel.ts';
import { OffreError } from '../../domain/errors.ts';
import { REGIONS } from '../../domain/geo.ts';
import { isValidSiren } from '../../domain/identifiants.ts';
import { newId } from '../../domain/ids.ts';
import { ACADEMIES } from '../../domain/regles/academies.ts';
import { type Canal, LONGUEURS_COMPTE, refusTexte } from '../../domain/texte-saisi.ts';
import { hashPassword, onetimePassword, verifyPassword } from './mot-de-passe.ts';
import { structureSelonFaits } from './structure.service.ts';

export interface NewUtilisateur {
  email: string;
  role: string;
  nom?: string | null;
  siren?: string | null;
  /**
   * The structure's name when it is created and official data (Sirene, DGEFP list) does not know
   * the SIREN (organisme role); official data wins when it knows it.
   */
  raison_sociale?: string | null;
  /** One or more région codes (a list, or "84,27"); for an organisme, its structure's région when official data has none. */
  region?: string | readonly string[] | null;
  /** One or more académie codes (a list, or "10,09"). */
  academie?: string | readonly string[] | null;
}

const liste = (v: string | readonly string[] | null | undefined): string[] =>
  [v ?? []]
    .flat()
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);

/** ` (--option…)` for the CLI, `` for a form (the message is shown under its field). */
export const precision = (canal: Canal, cli: string, formulaire = '') =>
  canal === 'cli' ? ` (${cli})` : formulaire ? ` (${formulaire})` : '';

/**
 * Every problem of a new user's input at once, in the form's order (e-mail, role, SIREN, régions,
 * académies), one per field: createUtilisateur refuses the first, the administrators' form lists
 * them all. Codes: COURRIEL_* (normalizeEmail), UTILISATEUR_ROLE, UTILISATEUR_SIREN,
 * UTILISATEUR_REGION, UTILISATEUR_ACADEMIE; none names its field (`canal` words the messages).
 */
export function checkUtilisateur(input: NewUtilisateur, canal: Canal = 'cli'): OffreError[] {
  const erreurs: OffreError[] = [];
  try {
    normalizeEmail(input.email);
  } catch (e) {
    if (!(e instanceof OffreError)) throw e;
    erreurs.push(e);
  }
  const connu = (ROLES as readonly string[]).includes(input.role);
  if (!connu)
    erreurs.push(
      new OffreError(
        'UTILISATEUR_ROLE',
        `Rôle « ${input.role} » inconnu : organisme, gestionnaire, instructeur, prescripteur ou admin.`,
      ),
    );
  const role = input.role as Role;
  const siren = input.siren?.trim() || null;
  const regions = liste(input.region);
  const academies = liste(input.academie);
  // What the role asks for is said once the role is known.
  if (connu && role === 'organisme' && !siren)
    erreurs.push(
      new OffreError(
        'UTILISATEUR_SIREN',
        `Un utilisateur « organisme » doit être lié à un SIREN${precision(canal, '--siren')}.`,
      ),
    );
  else if (connu && siren && role !== 'organisme')
    erreurs.push(new OffreError('UTILISATEUR_SIREN', 'Seul un utilisateur « organisme » se lie à un SIREN.'));
  else if (siren && !isValidSiren(siren))
    erreurs.push(
      new OffreError('UTILISATEUR_SIREN', `SIREN « ${siren} » invalide (9 chiffres, clé de Luhn).`),
    );
  const region = regions.find((r) => !REGIONS[r]);
  if (connu && role === 'gestionnaire' && !regions.length)
    erreurs.push(
      new OffreError(
        'UTILISATEUR_REGION',
        `Un gestionnaire doit être lié à une ou plusieurs régions${precision(canal, '--region, code INSEE, ex. 84 ou 84,27', 'codes INSEE, ex. 84 ou 84,27')}.`,
      ),
    );
  else if (region !== undefined)
    erreurs.push(
      new OffreError(
        'UTILISATEUR_REGION',
        `Région « ${region} » inconnue : code INSEE de région (ex. 84 pour Auvergne-Rhône-Alpes).`,
      ),
    );
  const academie = academies.find((a) => !ACADEMIES[a]);
  if (connu && role === 'instructeur' && !academies.length)
    erreurs.push(
      new OffreError(
        'UTILISATEUR_ACADEMIE',
        `Un instructeur doit être lié à une académie${precision(canal, '--academie', 'code, ex. 10 pour Lyon')}.`,
      ),
    );
  else if (academie !== undefined)
    erreurs.push(
      new OffreError('UTILISATEUR_ACADEMIE', `Académie « ${academie} » inconnue (code, ex. 10 pour Lyon).`),
    );
  // Texts as typed, never cut (domain/texte-saisi.ts); the command line names its options.
  const nom = refusTexte(input.nom?.trim(), 'nom', LONGUEURS_COMPTE.nom, {
    libelle: canal === 'cli' ? 'Nom (--nom)' : undefined,
  });
  if (nom) erreurs.push(nom);
  const raison = refusTexte(input.raison_sociale?.trim(), 'raison_sociale', LONGUEURS_COMPTE.raison_sociale, {
    libelle: canal === 'cli' ? 'Raison sociale (--raison-sociale)' : undefined,
  });
  if (raison) erreurs.push(raison);
  return erreurs;
}

/**
 * Creates a user (bootstrap: `offre user add`, and administrators) and returns its one-time
 * password, to change at first sign-in. An organisme user's structure is created active if it
 * does not exist yet (whoever runs this command is trusted with the SIREN).
 */
export async function createUtilisateur(
  ctx: AppContext,
  input: NewUtilisateur,
  canal: Canal = 'cli',
): Promise<{
  id: string;
  email: string;
  role: Role;
  password: string;
  /** The structure created with an organisme user (null: it existed, or another role). */
  structure: { siren: string; raison_sociale: string; region: string | null; connue: boolean } | null;
  /**
   * The existing structure of an organisme user when it is not validated (a pending sign-up, or a
   * refused one): the account sees nothing until a gestionnaire of its région validates it.
   */
  nonValidee: { siren: string; raison_sociale: string; region: string | null; statut: string } | null;
}> {
  const erreurs = checkUtilisateur(input, canal);
  if (erreurs.length) throw erreurs[0]!;
  const email = normalizeEmail(input.email);
  const role = input.role as Role;
  const siren = input.siren?.trim() || null;
  const regions = liste(input.region);
  const academies = liste(input.academie);
  if (await findUtilisateurByEmail(ctx.db, email))
    throw new OffreError('UTILISATEUR_EXISTE', `Un utilisateur ${email} existe déjà.`, {}, 409);
  const password = onetimePassword();
  const id = newId('ut', ctx.now());
  const password_hash = await hashPassword(password);
  let nonValidee = null;
  const structure = await ctx.db.transaction().execute(async (trx) => {
    let creee = null;
    const existante = siren ? await findStructure(trx, siren) : undefined;
    if (existante && existante.statut !== 'active')
      nonValidee = {
        siren: existante.siren,
        raison_sociale: existante.raison_sociale,
        region: existante.region,
        statut: existante.statut,
      };
    if (siren && !existante) {
      // Named, placed in its région and given its SIRETs as official data knows them (Sirene, DGEFP).
      const connue = structureSelonFaits(siren, await selectFaitsSiren(trx, [siren]));
      creee = {
        siren,
        raison_sociale: connue.raison_sociale ?? (input.raison_sociale?.trim() || siren),
        region: connue.region ?? regions[0] ?? null,
        connue: !!connue.raison_sociale,
      };
      await insertStructure(
        trx,
        {
          siren,
          raison_sociale: creee.raison_sociale,
          region: creee.region,
          statut: 'active',
          decided_at: ctx.now(),
          decided_by: 'systeme:cli',
        },
        connue.sirets,
      );
    }
    await insertUtilisateur(trx, {
      id,
      email,
      nom: input.nom?.trim() || null,
      password_hash,
      role,
      siren,
      regions: role === 'gestionnaire' ? regions : [],
      academies: role === 'instructeur' ? academies : [],
      doit_changer_mot_de_passe: true,
    });
    return creee;
  });
  return { id, email, role, password, structure, nonValidee };
}

/** The actor of a user row (what access rules read). */
export function acteurOf(
  u: Pick<UtilisateurRow, 'id' | 'email' | 'nom' | 'role' | 'siren' | 'regions' | 'academies'>,
) {
  return {
    kind: 'utilisateur',
    id: u.id,
    email: u.email,
    nom: u.nom || u.email,
    role: u.role,
    siren: u.siren,
    regions: Object.freeze([...u.regions]),
    academies: Object.freeze([...u.academies]),
  } satisfies Acteur as Acteur & { kind: 'utilisateur' };
}

/** The user for these credentials, or null (same answer, same time, whether the e-mail or the password is wrong). */
export async function authenticateUtilisateur(
  db: Executor,
  email: string,
  password: string,
): Promise<(Acteur & { kind: 'utilisateur' }) | null> {
  const u = await findUtilisateurByEmail(db, email.trim().toLowerCase());
  if (!(await verifyPassword(u?.actif ? u.password_hash : null, password)) || !u) return null;
  return acteurOf(u);
}
