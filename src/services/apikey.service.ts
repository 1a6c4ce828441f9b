import { createHash, randomBytes } from 'node:crypto';
import type { AppContext } from '../context.ts';
import {
  addApiUsage,
  findApiKeyByHash,
  findApiKeyById,
  findApiKeys,
  findApiKeysNamed,
  insertApiKey,
  listApiKeys,
  listApiUsageDepuis,
  lockApiKeyProfils,
  revokeApiKey as revokeApiKeyRow,
  sirenConnu,
  updateApiKeyProfils,
  updateApiKeyQuota,
} from '../db/apikey.repository.ts';
import type { Executor } from '../db/executor.ts';
import { appendHistorique } from '../db/historique.repository.ts';
import { type Acteur, acteurLabel, NOM_CLE_MAX, SCOPES, type Scope } from '../domain/acteur.ts';
import { isoDay, jourAParis, readJour } from '../domain/dates.ts';
import { OffreError } from '../domain/errors.ts';
import { isValidSiren, sansEspaces } from '../domain/identifiants.ts';
import { newId } from '../domain/ids.ts';
import { type IfMatch, verifierIfMatch } from '../domain/if-match.ts';
import { nombre } from '../domain/nombres.ts';
import { PROFILS_PARTENAIRE, profilPartenaire } from '../domain/partenaires.ts';
import type { Canal } from '../domain/texte-saisi.ts';
import { versionDe } from '../domain/version-empreinte.ts';
import { auditer } from './audit.service.ts';
import { precision } from './comptes/utilisateur.service.ts';

// A key carries 256 random bits, so a fast unsalted SHA-256 is enough to store it: unlike a
// password it cannot be guessed from a dictionary, and a fast hash keeps the per-request lookup cheap.
export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

export interface CreatedApiKey {
  id: string;
  name: string;
  scope: Scope;
  siren: string | null;
  /** Partner profiles whose files the key reads. */
  profils: string[];
  /** End of validity (ISO 8601), or null for a key valid until revoked. */
  expires_at: string | null;
  /** The secret, shown once: only its hash is stored. */
  key: string;
}

/**
 * The end of validity of a key from a French or ISO date ("2027-06-30"): the end of that day,
 * Paris time being ignored (UTC midnight of the next day). Refused when unreadable or past.
 */
export function parseExpiration(
  v: string | null | undefined,
  now: Date,
  champ = 'expire',
  canal: Canal = 'cli',
): Date | null {
  const t = v?.trim();
  if (!t) return null;
  const jour = readJour(t);
  // A form's message is the problem alone: the page puts the field's label before it.
  const form = canal === 'formulaire';
  if (!jour)
    throw new OffreError(
      'CLE_EXPIRATION',
      form
        ? `« ${t} » n’est pas une date du calendrier (AAAA-MM-JJ attendu).`
        : `Date d’expiration « ${t} » : pas une date du calendrier (AAAA-MM-JJ attendu).`,
      { champ },
    );
  const at = new Date(`${jour}T00:00:00Z`);
  const fin = new Date(at.getTime() + 86_400_000);
  if (fin <= now)
    throw new OffreError(
      'CLE_EXPIRATION',
      form ? `« ${t} » est déjà passé.` : `Date d’expiration « ${t} » déjà passée.`,
      { champ },
    );
  return fin;
}

/**
 * The last day a key is valid (AAAA-MM-JJ, UTC day): the day before its `expires_at`, which is the
 * UTC midnight ending the day typed (`parseExpiration`). Shown by /admin/cles and `offre apikey`.
 */
export const dernierJourValide = (expiresAt: string): string => isoDay(new Date(Date.parse(expiresAt) - 1));

/**
 * The partner profiles a key of `scope` reads (codes of PROFILS_PARTENAIRE, domain/partenaires.ts),
 * trimmed and without repeats. Errors: CLE_PROFIL (400, champ `profils`): an unknown code, or
 * profiles on a key other than `read` (an `admin` key already reads every file; `scope` null: a
 * scope refused, the profiles' match with it not judged).
 */
function readProfils(saisis: readonly string[] | null | undefined, scope: string | null): string[] {
  const profils = [...new Set((saisis ?? []).map((p) => p.trim()).filter(Boolean))];
  const inconnu = profils.find((p) => !profilPartenaire(p));
  if (inconnu)
    throw new OffreError(
      'CLE_PROFIL',
      `Profil partenaire « ${inconnu} » inconnu : ${PROFILS_PARTENAIRE.map((p) => p.code).join(', ')}.`,
      { champ: 'profils' },
    );
  if (profils.length && scope !== null && scope !== 'read')
    throw new OffreError(
      'CLE_PROFIL',
      'Seule une clé « read » se lie à des profils partenaires (une clé « admin » lit déjà tous les fichiers).',
      { champ: 'profils' },
    );
  return profils;
}

/** A new key's fields as read: what createApiKey stores. */
interface CleLue {
  readonly name: string;
  readonly scope: Scope;
  readonly siren: string | null;
  readonly profils: string[];
  readonly expires: Date | null;
}

/** What `f` returns, or its OffreError pushed on `erreurs` (anything else rethrows). */
function essai<T>(erreurs: OffreError[], f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof OffreError)) throw e;
    erreurs.push(e);
    return undefined;
  }
}

/** The SIREN's refusal for a key of `scope` (null: a scope refused, only the number is judged). */
async function refusSiren(
  ctx: AppContext,
  siren: string | null,
  scope: Scope | null,
  canal: Canal,
): Promise<OffreError | null> {
  if (siren && !isValidSiren(siren))
    return new OffreError('CLE_SIREN', `SIREN « ${siren} » invalide (9 chiffres, clé de Luhn).`, {
      champ: 'siren',
    });
  // Least privilege: a write key acts for one organisation; full access is what `admin` is for.
  if (scope === 'write' && !siren)
    return new OffreError(
      'CLE_SIREN',
      canal === 'cli'
        ? 'Une clé « write » doit être liée au SIREN de l’organisme (--siren). Pour tout voir et tout modifier, utilisez --scope admin.'
        : 'Une clé « write » doit être liée au SIREN de l’organisme. Pour tout voir et tout modifier, choisissez la portée « admin ».',
      { champ: 'siren' },
    );
  if (scope !== null && scope !== 'write' && siren)
    return new OffreError('CLE_SIREN', 'Seule une clé « write » se lie à un SIREN.', { champ: 'siren' });
  if (siren && !(await sirenConnu(ctx.db, siren)))
    return new OffreError(
      'CLE_SIREN',
      `SIREN « ${siren} » inconnu : aucune structure ni aucun organisme enregistré ne porte ce SIREN. Vérifiez le numéro, ou importez d’abord l’organisme.`,
      { champ: 'siren' },
    );
  return null;
}

/**
 * A new key's fields read, or every refusal of them at once, at most one a field, in the order
 * name, scope, SIREN, profiles, expiry (a form shows each under its field; the API and the command
 * line say the first): CLE_NOM, CLE_PORTEE, CLE_SIREN, CLE_PROFIL, CLE_EXPIRATION (400, `champ`
 * set). What a scope asks of the SIREN and the profiles is judged once the scope is known.
 */
async function lireCle(
  ctx: AppContext,
  input: Parameters<typeof createApiKey>[1],
  canal: Canal,
): Promise<{ cle: CleLue; erreurs: [] } | { cle: null; erreurs: OffreError[] }> {
  const erreurs: OffreError[] = [];
  const name = input.name.trim();
  if (!name)
    erreurs.push(
      new OffreError(
        'CLE_NOM',
        `Donnez un nom à la clé${precision(canal, '--name')}, par exemple le système qui l’utilisera.`,
        { champ: 'name' },
      ),
    );
  else if (name.length > NOM_CLE_MAX)
    erreurs.push(
      new OffreError(
        'CLE_NOM',
        `Le nom de la clé${precision(canal, '--name')} ne doit pas dépasser ${NOM_CLE_MAX} caractères ; reçu : ${nombre(name.length)} caractères.`,
        { champ: 'name' },
      ),
    );
  const scope = (SCOPES as readonly string[]).includes(input.scope) ? (input.scope as Scope) : null;
  if (scope === null)
    erreurs.push(
      new OffreError(
        'CLE_PORTEE',
        `${canal === 'formulaire' ? '' : 'Portée '}« ${input.scope} » inconnue : read, write ou admin.`,
        { champ: 'scope' },
      ),
    );
  const siren = sansEspaces(input.siren ?? '') || null;
  const sirenRefuse = await refusSiren(ctx, siren, scope, canal);
  if (sirenRefuse) erreurs.push(sirenRefuse);
  const profils = essai(erreurs, () => readProfils(input.profils, scope));
  const expires = essai(erreurs, () => parseExpiration(input.expire, ctx.now(), 'expire', canal));
  if (erreurs.length || scope === null || profils === undefined || expires === undefined)
    return { cle: null, erreurs };
  return { cle: { name, scope, siren, profils, expires }, erreurs: [] };
}

/**
 * Every refusal of a new key's fields at once (the /admin/cles form shows each under its field);
 * none: createApiKey may still refuse a name already taken (CLE_NOM_PRIS, 409).
 */
export async function checkApiKey(
  ctx: AppContext,
  input: Parameters<typeof createApiKey>[1],
  canal: Canal = 'cli',
): Promise<OffreError[]> {
  return (await lireCle(ctx, input, canal)).erreurs;
}

/**
 * Creates a key and returns its secret, shown once. `expire`: last day of validity (AAAA-MM-JJ).
 * Errors: the first of checkApiKey's — CLE_NOM (empty, or longer than NOM_CLE_MAX), CLE_PORTEE,
 * CLE_SIREN (also: SIREN of no structure, organisme or SIRENE establishment), CLE_PROFIL,
 * CLE_EXPIRATION (OffreError, 400, `champ` set) —, then CLE_NOM_PRIS (409).
 */
export async function createApiKey(
  ctx: AppContext,
  input: {
    name: string;
    scope: string;
    siren?: string | null;
    expire?: string | null;
    /** Partner profiles whose files the key reads (read keys only; codes of PROFILS_PARTENAIRE). */
    profils?: readonly string[] | null;
  },
  par: Acteur | null = null,
  canal: Canal = 'cli',
): Promise<CreatedApiKey> {
  const lue = await lireCle(ctx, input, canal);
  if (!lue.cle) throw lue.erreurs[0]!;
  const { name, scope, siren, profils, expires } = lue.cle;
  // A name names one active key of its holder (the same SIREN, or the platform's keys): a form
  // sent twice does not make a second secret, and `revoke <nom>` stays unambiguous; names are
  // compared whatever their case.
  const homonyme = (await findApiKeysNamed(ctx.db, name)).find(
    (k) => !k.revoked_at && (!k.expires_at || k.expires_at > ctx.now()) && (k.siren ?? null) === siren,
  );
  if (homonyme)
    throw new OffreError(
      'CLE_NOM_PRIS',
      `Une clé active s’appelle déjà « ${homonyme.name} »${siren ? ` pour le SIREN ${siren}` : ''} (${homonyme.id}) : donnez un autre nom${precision(canal, '--name')}, ou révoquez d’abord l’ancienne clé.`,
      { champ: 'name', cle: homonyme.id },
      409,
    );
  const key = `offre_${randomBytes(32).toString('base64url')}`;
  const id = newId('cle', ctx.now());
  const created_by = par ? acteurLabel(par) : 'systeme:cli';
  await ctx.db.transaction().execute(async (trx) => {
    await insertApiKey(trx, {
      id,
      name,
      prefix: key.slice(0, 12),
      hash: hashApiKey(key),
      scope,
      siren,
      profils,
      expires_at: expires,
      created_by,
    });
    await appendHistorique(trx, [
      {
        formation_id: null,
        entite: 'api_key',
        entite_id: id,
        action: 'creation',
        acteur: created_by,
        at: ctx.now(),
        diff: { name, scope, siren, profils, expires_at: expires?.toISOString() ?? null },
      },
    ]);
    await auditer(trx, ctx.now(), {
      evenement: 'cle_creee',
      acteur: created_by,
      cible: id,
      details: { name, prefixe: key.slice(0, 12), scope, siren },
    });
  });
  return { id, name, scope, siren, profils, expires_at: expires?.toISOString() ?? null, key };
}

/** A key as listed (`offre apikey list`, /admin/cles, GET /api/v1/admin/cles): never its secret. */
export interface ApiKeyVue {
  id: string;
  name: string;
  /** First 12 characters of the secret, to recognise it. */
  prefix: string;
  scope: string;
  siren: string | null;
  profils: string[];
  /** The version of its profiles (versionProfils): the If-Match of PUT …/profils, the page's `version`. */
  version: string;
  created_at: string;
  created_by: string | null;
  expires_at: string | null;
  revoked_at: string | null;
  revoked_by: string | null;
  /** The key's own requests per window (null: the configured default, OFFRE_QUOTA_*_CLE). */
  quota_lecture: number | null;
  quota_ecriture: number | null;
  /** active, revoquee or expiree (at `now`). */
  etat: 'active' | 'revoquee' | 'expiree';
  /** Last day with at least one call (AAAA-MM-JJ, UTC), or null. */
  dernier_usage: string | null;
  /** Calls per day over the last 30 days (UTC), days without calls left out, oldest first. */
  appels_par_jour: { jour: string; appels: number }[];
  appels_30_jours: number;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** The first day of the last 30 (UTC, YYYY-MM-DD) at `now`: the calls a key's view counts. */
const depuisTrenteJours = (now: Date) => jourAParis(new Date(now.getTime() - 29 * 86_400_000));

/** A key row as its view reads it at `now`, with its calls per day (`usage`: the key's, oldest first). */
function vueDe(
  c: Awaited<ReturnType<typeof listApiKeys>>[number],
  usage: readonly { jour: unknown; appels: number }[],
  now: Date,
): ApiKeyVue {
  const appels = usage.map((u) => ({ jour: String(u.jour), appels: u.appels }));
  return {
    id: c.id,
    name: c.name,
    prefix: c.prefix,
    scope: c.scope,
    siren: c.siren,
    profils: c.profils,
    version: versionProfils(c.profils),
    created_at: iso(c.created_at)!,
    created_by: c.created_by,
    expires_at: iso(c.expires_at),
    revoked_at: iso(c.revoked_at),
    revoked_by: c.revoked_by,
    quota_lecture: c.quota_lecture,
    quota_ecriture: c.quota_ecriture,
    etat: c.revoked_at ? 'revoquee' : c.expires_at && new Date(c.expires_at) <= now ? 'expiree' : 'active',
    dernier_usage: c.dernier_usage ? String(c.dernier_usage) : null,
    appels_par_jour: appels,
    appels_30_jours: appels.reduce((n, a) => n + a.appels, 0),
  };
}

/** Every key with its state, last use and calls per day for the last 30 days. */
export async function listCles(ctx: AppContext): Promise<ApiKeyVue[]> {
  const now = ctx.now();
  const [cles, usage] = await Promise.all([
    listApiKeys(ctx.db),
    listApiUsageDepuis(ctx.db, depuisTrenteJours(now)),
  ]);
  const parCle = new Map<string, typeof usage>();
  for (const u of usage) parCle.set(u.api_key_id, [...(parCle.get(u.api_key_id) ?? []), u]);
  return cles.map((c) => vueDe(c, parCle.get(c.id) ?? [], now));
}

/**
 * The version of a key's partner profiles, what a save of them replaces (a digest, domain/
 * version-empreinte.ts): its ETag on GET /api/v1/admin/cles/{id}, the If-Match of PUT …/profils,
 * the hidden `version` of the /admin/cles/{id}/profils form.
 */
export const versionProfils = (profils: readonly string[]) => versionDe([JSON.stringify(profils)]);

/** Key `id` as listed (its id only, never its name). Errors: CLE_INTROUVABLE (404). */
export async function getCle(ctx: AppContext, id: string): Promise<ApiKeyVue> {
  const now = ctx.now();
  const [cle, usage] = await Promise.all([
    findApiKeyById(ctx.db, id),
    listApiUsageDepuis(ctx.db, depuisTrenteJours(now), id),
  ]);
  if (!cle) throw new OffreError('CLE_INTROUVABLE', `Aucune clé d’API d’identifiant « ${id} ».`, {}, 404);
  return vueDe(cle, usage, now);
}

/**
 * Revokes the key named by its id or its name, at once (the next call gets 401), and writes it
 * to history with who did it. Errors: CLE_INTROUVABLE (404), CLE_AMBIGUE (409, several keys share
 * the name: give the id), CLE_DEJA_REVOQUEE (409).
 */
export async function revokeCle(
  ctx: AppContext,
  idOuNom: string,
  par: Acteur,
): Promise<{ id: string; name: string; revoked_at: string }> {
  const t = idOuNom.trim();
  const trouvees = t ? await findApiKeys(ctx.db, t) : [];
  const exacte = trouvees.find((k) => k.id === t);
  const actives = trouvees.filter((k) => !k.revoked_at);
  const cle = exacte ?? (actives.length === 1 ? actives[0] : actives.length === 0 ? trouvees[0] : undefined);
  if (!cle) {
    if (trouvees.length === 0)
      throw new OffreError('CLE_INTROUVABLE', `Aucune clé d’API « ${t} » (nom ou identifiant).`, {}, 404);
    throw new OffreError(
      'CLE_AMBIGUE',
      `Plusieurs clés actives s’appellent « ${t} » : donnez son identifiant (${actives.map((k) => k.id).join(', ')}).`,
      {},
      409,
    );
  }
  if (cle.revoked_at)
    throw new OffreError(
      'CLE_DEJA_REVOQUEE',
      `La clé « ${cle.name} » (${cle.id}) est déjà révoquée.`,
      {},
      409,
    );
  const at = ctx.now();
  const qui = acteurLabel(par);
  await ctx.db.transaction().execute(async (trx) => {
    await revokeApiKeyRow(trx, cle.id, at, qui);
    await appendHistorique(trx, [
      {
        formation_id: null,
        entite: 'api_key',
        entite_id: cle.id,
        action: 'revocation',
        acteur: qui,
        at,
        diff: {},
      },
    ]);
    await auditer(trx, at, {
      evenement: 'cle_revoquee',
      acteur: qui,
      cible: cle.id,
      details: { name: cle.name },
    });
  });
  return { id: cle.id, name: cle.name, revoked_at: at.toISOString() };
}

/** The actor of a bearer key, or null when unknown, revoked or expired (read at every call). */
export async function authenticateApiKey(
  db: Executor,
  key: string,
  now = new Date(),
): Promise<Acteur | null> {
  return (await authenticateCle(db, key, now))?.acteur ?? null;
}

/** Same, with the key's own quotas (null: the configured default). */
export async function authenticateCle(
  db: Executor,
  key: string,
  now = new Date(),
): Promise<{
  acteur: Acteur & { kind: 'cle' };
  quotas: { lecture: number | null; ecriture: number | null };
} | null> {
  const row = await findApiKeyByHash(db, hashApiKey(key));
  if (!row || row.revoked_at) return null;
  if (row.expires_at && new Date(row.expires_at) <= now) return null;
  return {
    acteur: {
      kind: 'cle',
      id: row.id,
      name: row.name,
      scope: row.scope as Scope,
      siren: row.siren,
      profils: row.profils,
    },
    quotas: { lecture: row.quota_lecture, ecriture: row.quota_ecriture },
  };
}

/** Largest quota an administrator may give one key (requests per window). */
export const QUOTA_MAX = 1_000_000;

const readQuota = (v: string | number | null | undefined, champ: string): number | null => {
  const t = String(v ?? '').trim();
  if (!t) return null;
  const n = /^\d{1,7}$/.test(t) ? Number(t) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > QUOTA_MAX)
    throw new OffreError(
      'CLE_QUOTA',
      `Quota « ${t} » invalide : un nombre entier de requêtes par fenêtre, de 1 à ${nombre(QUOTA_MAX)} (vide : le quota par défaut).`,
      { champ },
    );
  return n;
};

/**
 * Both refusals of a key's quotas at once (CLE_QUOTA, `champ` lecture or ecriture), in that order:
 * the form shows each under its field, the API and the command line say the first.
 */
export function checkQuota(saisi: {
  lecture?: string | number | null;
  ecriture?: string | number | null;
}): OffreError[] {
  const erreurs: OffreError[] = [];
  essai(erreurs, () => readQuota(saisi.lecture, 'lecture'));
  essai(erreurs, () => readQuota(saisi.ecriture, 'ecriture'));
  return erreurs;
}

/** The key named by its id or its name. Errors: CLE_INTROUVABLE (404), CLE_AMBIGUE (409). */
async function cleNommee(ctx: AppContext, idOuNom: string) {
  const t = idOuNom.trim();
  const trouvees = t ? await findApiKeys(ctx.db, t) : [];
  const cle = trouvees.find((k) => k.id === t) ?? (trouvees.length === 1 ? trouvees[0] : undefined);
  if (cle) return cle;
  if (trouvees.length === 0)
    throw new OffreError('CLE_INTROUVABLE', `Aucune clé d’API « ${t} » (nom ou identifiant).`, {}, 404);
  throw new OffreError(
    'CLE_AMBIGUE',
    `Plusieurs clés s’appellent « ${t} » : donnez son identifiant (${trouvees.map((k) => k.id).join(', ')}).`,
    {},
    409,
  );
}

/**
 * Sets the partner profiles whose files a `read` key reads (`offre apikey profils`, /admin/cles,
 * PUT /api/v1/admin/cles/:id/profils): the whole list, empty to take them all away. Written to the
 * key's history and to the audit trail with who did it. `attendue`: the version the caller read
 * (versionProfils), checked under the key's row lock. Errors: CLE_PROFIL (400, champ `profils`),
 * CLE_INACTIVE (409: revoked or expired), CLE_INTROUVABLE (404), CLE_AMBIGUE (409),
 * VERSION_MANQUANTE (400: a page's form without its version), CLE_MODIFIEE (409: the page's
 * version is stale), PRECONDITION_ECHOUEE (412: the API's If-Match is stale).
 */
export async function updateProfilsApiKey(
  ctx: AppContext,
  idOuNom: string,
  saisis: readonly string[] | null | undefined,
  par: Acteur,
  attendue: AttenduProfils = {},
): Promise<{ id: string; name: string; profils: string[]; version: string }> {
  const cle = await cleNommee(ctx, idOuNom);
  const at = ctx.now();
  if (cle.revoked_at || (cle.expires_at && new Date(cle.expires_at) <= at))
    throw new OffreError(
      'CLE_INACTIVE',
      `La clé « ${cle.name} » (${cle.id}) est ${cle.revoked_at ? 'révoquée' : 'expirée'} : ses profils ne changent plus.`,
      {},
      409,
    );
  const profils = readProfils(saisis, cle.scope);
  const qui = acteurLabel(par);
  await ctx.db.transaction().execute(async (trx) => {
    const actuels = (await lockApiKeyProfils(trx, cle.id)) ?? cle.profils;
    garderVersionProfils(cle, actuels, attendue);
    await updateApiKeyProfils(trx, cle.id, profils);
    await appendHistorique(trx, [
      {
        formation_id: null,
        entite: 'api_key',
        entite_id: cle.id,
        action: 'profils',
        acteur: qui,
        at,
        diff: { profils: { avant: actuels, apres: profils } },
      },
    ]);
    await auditer(trx, at, {
      evenement: 'cle_profils',
      acteur: qui,
      cible: cle.id,
      details: { name: cle.name, avant: actuels, apres: profils },
    });
  });
  return { id: cle.id, name: cle.name, profils, version: versionProfils(profils) };
}

/** What a save of a key's profiles expects of them (absent: not checked). */
export interface AttenduProfils {
  /** The version the page's form carried (null: the form came without it). */
  readonly version?: string | null;
  /** The API's If-Match. */
  readonly siMatch?: IfMatch;
}

/**
 * Refuses a save of key `cle`'s profiles (`actuels`, read under its row lock) made on another
 * version than theirs: VERSION_MANQUANTE (400) for a form without one, CLE_MODIFIEE (409) for a
 * page's stale one, PRECONDITION_ECHOUEE (412) for a stale If-Match.
 */
function garderVersionProfils(
  cle: { readonly id: string; readonly name: string },
  actuels: readonly string[],
  attendue: AttenduProfils,
): void {
  const actuelle = versionProfils(actuels);
  if (attendue.version === null)
    throw new OffreError(
      'VERSION_MANQUANTE',
      'Le formulaire envoyé ne porte pas le champ « version » (la version des profils affichés à son ouverture) : rien n’a été enregistré. Vos saisies sont reprises ci-dessous ; vérifiez-les, puis enregistrez de nouveau.',
      { champ: 'version' },
      400,
    );
  if (attendue.version !== undefined && attendue.version !== actuelle)
    throw new OffreError(
      'CLE_MODIFIEE',
      `Les profils partenaires de la clé « ${cle.name} » ont été modifiés depuis l’ouverture de la page (ils sont maintenant : ${actuels.join(', ') || 'aucun'}) : rien n’a été enregistré, pour ne pas effacer ce changement.`,
      { champ: 'version', version_actuelle: actuelle, profils: [...actuels] },
      409,
    );
  verifierIfMatch(
    attendue.siMatch,
    actuelle,
    `de la clé d’API « ${cle.name} » (${cle.id})`,
    `ses profils partenaires ont été modifiés depuis votre lecture ; rien n’a été enregistré. Relisez-la (GET /api/v1/admin/cles/${cle.id}), reportez-y votre modification, puis renvoyez-la avec le nouvel ETag.`,
  );
}

/**
 * Gives a key its own quotas — e.g. a consumer system polling the whole offer — or, with empty
 * values, the configured default again. Written to history and to the audit trail.
 * Errors: CLE_QUOTA (400, `champ` lecture or ecriture), CLE_INTROUVABLE (404), CLE_AMBIGUE (409).
 */
export async function updateQuotaApiKey(
  ctx: AppContext,
  idOuNom: string,
  saisi: { lecture?: string | number | null; ecriture?: string | number | null },
  par: Acteur,
): Promise<{ id: string; name: string; quota_lecture: number | null; quota_ecriture: number | null }> {
  const erreurs = checkQuota(saisi);
  if (erreurs.length) throw erreurs[0]!;
  const quota = {
    quota_lecture: readQuota(saisi.lecture, 'lecture'),
    quota_ecriture: readQuota(saisi.ecriture, 'ecriture'),
  };
  const cle = await cleNommee(ctx, idOuNom);
  const qui = acteurLabel(par);
  const at = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await updateApiKeyQuota(trx, cle.id, quota);
    await appendHistorique(trx, [
      {
        formation_id: null,
        entite: 'api_key',
        entite_id: cle.id,
        action: 'quota',
        acteur: qui,
        at,
        diff: quota,
      },
    ]);
    await auditer(trx, at, {
      evenement: 'cle_quota',
      acteur: qui,
      cible: cle.id,
      details: { name: cle.name, ...quota },
    });
  });
  return { id: cle.id, name: cle.name, ...quota };
}

/**
 * Calls per key and day, counted in memory and written in one statement at most every
 * `flushMs`: a write per API call would serialise every read behind the usage row.
 */
export function usageCounter(db: Executor, flushMs = 2000) {
  let pending = new Map<string, number>();
  let timer: NodeJS.Timeout | null = null;
  const flush = async () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (pending.size === 0) return;
    const rows = [...pending].map(([k, appels]) => {
      const [api_key_id, jour] = k.split('|') as [string, string];
      return { api_key_id, jour, appels };
    });
    pending = new Map();
    await addApiUsage(db, rows);
  };
  return {
    count(apiKeyId: string, at: Date) {
      // The day as the key's owner reads it (Paris), as `offre apikey list` and the pages show it.
      const k = `${apiKeyId}|${jourAParis(at)}`;
      pending.set(k, (pending.get(k) ?? 0) + 1);
      timer ??= setTimeout(() => void flush().catch(() => {}), flushMs).unref();
    },
    flush,
  };
}
