import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormationQuerySchema } from '../../src/contract/formations.schemas.ts';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { formationFixture, SIRET_B, type TestApi, testApi } from '../api/helpers.ts';
import { exportClasseur, loadOffre, NOW } from '../classeur/classeur.helpers.ts';
import { remplacer } from '../classeur/zip.fixture.ts';
import { runCli } from '../cli/cli.helper.ts';
import { seedDataDir, TEST_ENGINE } from '../helpers/db.ts';

// Issue 15, acceptance: a table of hostile inputs across the API, the upload routes and the CLI.
// Each row states the answer it must get (status or exit code, and a stable code or the start of
// the French message). For every row: nothing is stored (the database's fingerprint — row counts
// of every table, the last history id, the last change-feed id — is the same before and after)
// and no internal text (stack frame, source path, SQL or driver message) appears in the body or
// on stderr. The count tried / handled cleanly is printed at the end. An injection into a text
// filter is not refused: it is a value that matches nothing (200, empty page), which is asserted.

/** What a response or a CLI run must not show: internals of Node, the code, SQL or the driver. */
const INTERNE =
  /\bat [\w.<>]+ \(|node_modules|\.(ts|js|mjs):\d+|\b(TypeError|ReferenceError|RangeError|SyntaxError)\b|invalid byte sequence|syntax error at|violates|duplicate key|relation "|column "|ECONNREFUSED|Maximum call stack/;

/**
 * Tables a refused request may write by design: the audit trail of refused accesses (issue 15
 * item 6), the quota and attempt counters, the key-use records.
 */
const JOURNAUX = new Set(['audit_securite', 'api_usage', 'api_key_ip', 'limite_tentative', 'secret_serveur']);

/**
 * Row counts of every table (but the journals) and the last history and change-feed ids, read by
 * one statement (a query per table cost ≈ 50 round trips per fingerprint, two fingerprints a row).
 */
async function empreinte(db: Database['db']): Promise<Record<string, number>> {
  const tables = await sql<{ t: string }>`
    select table_name as t from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely_%'
    order by 1`.execute(db);
  const mesures = [
    ...tables.rows
      .filter(({ t }) => !JOURNAUX.has(t))
      .map(({ t }) => sql`select ${t} as k, count(*)::bigint as n from ${sql.id(t)}`),
    sql`select 'max(historique.id)' as k, coalesce(max(id), 0)::bigint as n from historique`,
    sql`select 'max(change_event.seq)' as k, coalesce(max(seq), 0)::bigint as n from change_event`,
  ];
  const r = await sql<{ k: string; n: number }>`${sql.join(mesures, sql` union all `)}`.execute(db);
  return Object.fromEntries(r.rows.map(({ k, n }) => [k, Number(n)]));
}

interface Issue {
  /** HTTP status, or the CLI's exit code. */
  statut: number;
  /** The problem details' `code` (API), or the whole text shown (CLI). */
  code?: string;
  texte: string;
}

interface Ligne {
  nom: string;
  genre: 'api' | 'televersement' | 'cli';
  statut: number;
  /** API: the stable code; CLI: a pattern of the French message on stderr. */
  attendu?: string | RegExp;
  /** For a 200 (an injected filter read as plain text): what the answer must satisfy. */
  verifier?: (corps: string) => void;
  essayer: () => Promise<Issue>;
}

const bilan = { essayees: 0, propres: 0, refusees: 0 };

describe(`entrées hostiles (table) — ${TEST_ENGINE}`, () => {
  let t: TestApi;
  let idA: string;
  let idB: string;
  let exporte: Buffer;
  const dir = mkdtempSync(join(tmpdir(), 'offre-hostiles-'));
  /** CLI database: PostgreSQL → the test's own schema; PGlite → a data folder of its own. */
  let cliEnv: Record<string, string | undefined>;

  beforeAll(async () => {
    t = await testApi({ now: () => NOW });
    await loadOffre(t);
    exporte = await exportClasseur(t);
    const poster = async (cle: string, f: object) => {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/v1/formations',
        headers: { authorization: `Bearer ${cle}` },
        payload: f,
      });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().id as string;
    };
    idA = await poster(t.keys.writeA, formationFixture({ cle_externe: 'HOSTILE-A' }));
    idB = await poster(
      t.keys.writeB,
      formationFixture({
        cle_externe: 'HOSTILE-B',
        siret: SIRET_B,
        responsable: { siret: SIRET_B, uai: null, raison_sociale: 'Organisme B' },
      } as never),
    );
    if (TEST_ENGINE === 'postgres') {
      cliEnv = { DATABASE_URL: t.database.url!, OFFRE_DATA_DIR: undefined };
    } else {
      cliEnv = { DATABASE_URL: undefined, OFFRE_DATA_DIR: join(dir, 'donnees') };
      // As a first start leaves it (migrations, built-in communes): the fingerprints that follow
      // see only what the rows do.
      await seedDataDir(join(dir, 'donnees'), { demarre: true });
    }
  }, 600_000);

  afterAll(async () => {
    process.stderr.write(
      `Entrées hostiles (${TEST_ENGINE}) : ${bilan.essayees} essayées, ${bilan.propres} traitées proprement ` +
        `(${bilan.refusees} refusées avec leur statut et leur code, ${bilan.propres - bilan.refusees} lues comme une valeur sans effet), ` +
        `${bilan.essayees - bilan.propres} en échec.\n`,
    );
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const api =
    (method: string, url: string, opts: { cle?: string; corps?: string | Buffer; type?: string } = {}) =>
    async (): Promise<Issue> => {
      const r = await t.app.inject({
        method: method as 'GET',
        url,
        headers: {
          ...(opts.cle ? { authorization: `Bearer ${opts.cle}` } : {}),
          ...(opts.corps !== undefined ? { 'content-type': opts.type ?? 'application/json' } : {}),
        },
        ...(opts.corps !== undefined ? { payload: opts.corps } : {}),
      });
      let code: string | undefined;
      try {
        code = (r.json() as { code?: string }).code;
      } catch {
        code = undefined;
      }
      return { statut: r.statusCode, code, texte: r.body };
    };
  const fichier = (nom: string, contenu: string | Buffer) => {
    const p = join(dir, nom);
    writeFileSync(p, contenu);
    return p;
  };
  const cli = (args: () => string[]) => async (): Promise<Issue> => {
    const r = await runCli(args(), cliEnv);
    return { statut: r.code, texte: `${r.stderr}\n${r.stdout}` };
  };
  const json = JSON.stringify;
  const vide = (corps: string) => expect(JSON.parse(corps).data).toEqual([]);
  const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const lheo = readFileSync(new URL('../fixtures/lheo/offre-2.3.xml', import.meta.url), 'utf8');
  const profond = (n: number) =>
    `<?xml version="1.0" encoding="UTF-8"?><lheo xmlns="http://lheo.gouv.fr/2.3"><offres><formation numero="P">${'<x>'.repeat(n)}${'</x>'.repeat(n)}</formation></offres></lheo>`;

  const INJECTION = `' OR '1'='1' --`;
  // Filters read as text or codes: an injection is a value that matches nothing. Enums, numbers
  // and codes of a fixed shape (region, departement, code_insee, siret): 400. A place (ou) that
  // names no commune: 400 COMMUNE_INTROUVABLE.
  const TEXTE = new Set(['q', 'rncp', 'cfd', 'uai', 'type_diplome']);
  // Filters with a code of their own (docs/api.md); the others answer REQUETE_INVALIDE.
  const CODE_DU_FILTRE: Record<string, string> = {
    ou: 'COMMUNE_INTROUVABLE',
    siret: 'SIRET_INVALIDE',
    region: 'REGION_INCONNUE',
    departement: 'DEPARTEMENT_INCONNU',
    code_insee: 'CODE_INSEE_INVALIDE',
    rayon: 'RAYON_INVALIDE',
    rayon_km: 'RAYON_INVALIDE',
  };
  const lignes: Ligne[] = [
    ...Object.keys(FormationQuerySchema.shape).map(
      (f): Ligne =>
        f === 'cursor'
          ? {
              nom: `injection dans le filtre ${f}`,
              genre: 'api',
              statut: 400,
              attendu: 'CURSEUR_INVALIDE',
              essayer: api('GET', `/api/v1/formations?cursor=${encodeURIComponent(INJECTION)}`),
            }
          : TEXTE.has(f)
            ? {
                nom: `injection dans le filtre ${f}`,
                genre: 'api',
                statut: 200,
                verifier: vide,
                essayer: api('GET', `/api/v1/formations?${f}=${encodeURIComponent(INJECTION)}`),
              }
            : {
                nom: `injection dans le filtre ${f}`,
                genre: 'api',
                statut: 400,
                attendu: CODE_DU_FILTRE[f] ?? 'REQUETE_INVALIDE',
                essayer: api('GET', `/api/v1/formations?${f}=${encodeURIComponent(INJECTION)}`),
              },
    ),
    {
      nom: 'curseur forgé (base64 d’un objet SQL)',
      genre: 'api',
      statut: 400,
      attendu: 'CURSEUR_INVALIDE',
      essayer: api(
        'GET',
        `/api/v1/formations?cursor=${Buffer.from(json({ id: "x' or 1=1 --" })).toString('base64url')}`,
      ),
    },
    {
      nom: 'curseur de recherche forgé (page négative)',
      genre: 'api',
      statut: 400,
      attendu: 'CURSEUR_INVALIDE',
      essayer: api('GET', `/api/v1/formations?q=bts&cursor=${Buffer.from('-5').toString('base64url')}`),
    },
    {
      nom: 'limit négatif',
      genre: 'api',
      statut: 400,
      attendu: 'REQUETE_INVALIDE',
      essayer: api('GET', '/api/v1/formations?limit=-1'),
    },
    {
      nom: 'limit énorme',
      genre: 'api',
      statut: 400,
      attendu: 'REQUETE_INVALIDE',
      essayer: api('GET', '/api/v1/formations?limit=1e12'),
    },
    {
      nom: 'NUL dans un filtre',
      genre: 'api',
      statut: 400,
      attendu: 'CARACTERE_INTERDIT',
      essayer: api('GET', '/api/v1/formations?q=a%00'),
    },
    {
      // Read as U+FFFD, they made a search without words (the whole catalogue): refused (h-recherche3).
      nom: 'octets UTF-8 invalides (demi-paire) dans un filtre',
      genre: 'api',
      statut: 400,
      attendu: 'CARACTERE_INTERDIT',
      essayer: api('GET', '/api/v1/formations?q=%ED%A0%80'),
    },
    {
      nom: 'échappement % invalide dans le chemin',
      genre: 'api',
      statut: 400,
      attendu: 'URL_INVALIDE',
      essayer: api('GET', '/api/v1/formations/%E0%A4%A'),
    },
    {
      nom: 'id forgé (injection)',
      genre: 'api',
      statut: 404,
      attendu: 'INTROUVABLE',
      essayer: api('GET', `/api/v1/formations/${encodeURIComponent(INJECTION)}`),
    },
    {
      nom: 'id avec NUL',
      genre: 'api',
      statut: 400,
      attendu: 'CARACTERE_INTERDIT',
      essayer: api('GET', '/api/v1/formations/fo_1%00'),
    },
    {
      nom: 'id de 10 000 caractères',
      genre: 'api',
      statut: 414,
      attendu: 'URL_TROP_LONGUE',
      essayer: api('GET', `/api/v1/formations/${'a'.repeat(10_000)}`),
    },
    {
      nom: 'flux : since négatif',
      genre: 'api',
      statut: 400,
      attendu: 'CURSEUR_INVALIDE',
      essayer: api('GET', '/api/v1/changes?since=-1'),
    },
    {
      nom: 'flux : since injecté',
      genre: 'api',
      statut: 400,
      attendu: 'CURSEUR_INVALIDE',
      essayer: api('GET', `/api/v1/changes?since=${encodeURIComponent("1' or 1=1")}`),
    },
    {
      nom: 'flux : since hors des entiers',
      genre: 'api',
      statut: 400,
      attendu: 'CURSEUR_INVALIDE',
      essayer: api('GET', '/api/v1/changes?since=99999999999999999999'),
    },
    {
      nom: 'plateforme inconnue',
      genre: 'api',
      statut: 400,
      attendu: 'REQUETE_INVALIDE',
      essayer: async () => api('GET', '/api/v1/plateformes/pg_sleep/offres', { cle: t.keys.admin })(),
    },
    {
      nom: 'organisme : SIRET injecté',
      genre: 'api',
      statut: 400,
      attendu: 'SIRET_INVALIDE',
      essayer: api('GET', `/api/v1/organismes/${encodeURIComponent(INJECTION)}`),
    },
    {
      nom: 'communes : motif LIKE',
      genre: 'api',
      statut: 200,
      verifier: (c) => expect(JSON.parse(c)).toEqual([]),
      essayer: api('GET', `/api/v1/communes?q=${encodeURIComponent("%' or '1'='1")}`),
    },
    {
      nom: 'export LHEO : région injectée',
      genre: 'api',
      statut: 400,
      attendu: 'REGION_INCONNUE',
      essayer: api('GET', `/api/v1/exports/lheo?region=${encodeURIComponent(INJECTION)}`),
    },
    {
      nom: 'flux de plateforme : curseur forgé',
      genre: 'api',
      statut: 400,
      attendu: 'CURSEUR_INVALIDE',
      essayer: async () =>
        api('GET', `/api/v1/plateformes/parcoursup/offres?cursor=${encodeURIComponent(INJECTION)}`, {
          cle: t.keys.read,
        })(),
    },
    {
      nom: 'campagne : année injectée',
      genre: 'api',
      statut: 400,
      attendu: 'CAMPAGNE_INVALIDE',
      essayer: api('GET', `/api/v1/campagnes/${encodeURIComponent('2027 or 1=1')}`),
    },
    { nom: 'page publique : NUL dans q', genre: 'api', statut: 400, essayer: api('GET', '/?q=%00') },
    {
      nom: 'page publique : balise script dans q',
      genre: 'api',
      statut: 200,
      verifier: (c) => expect(c).not.toContain('<script>alert(1)</script>'),
      essayer: api('GET', `/?q=${encodeURIComponent('<script>alert(1)</script>')}`),
    },
    // Writes with organisation A's key on organisation B's offer.
    {
      nom: 'clé A : PUT sur l’offre de B (son existence non révélée)',
      genre: 'api',
      statut: 404,
      attendu: 'INTROUVABLE',
      essayer: async () =>
        api('PUT', `/api/v1/formations/${idB}`, {
          cle: t.keys.writeA,
          corps: json(formationFixture({ cle_externe: 'HOSTILE-B', siret: SIRET_B })),
        })(),
    },
    {
      nom: 'clé A : session ajoutée à l’offre de B',
      genre: 'api',
      statut: 404,
      attendu: 'INTROUVABLE',
      essayer: async () =>
        api('POST', `/api/v1/formations/${idB}/sessions`, {
          cle: t.keys.writeA,
          corps: json(formationFixture().sessions[0]),
        })(),
    },
    {
      nom: 'clé A : historique de l’offre non diffusée de B',
      genre: 'api',
      statut: 404,
      attendu: 'INTROUVABLE',
      essayer: async () => api('GET', `/api/v1/formations/${idB}/historique`, { cle: t.keys.writeA })(),
    },
    {
      nom: 'clé A : offre déclarée au SIRET de B',
      genre: 'api',
      statut: 403,
      attendu: 'ACCES_REFUSE',
      essayer: async () =>
        api('POST', '/api/v1/formations', {
          cle: t.keys.writeA,
          corps: json(formationFixture({ cle_externe: 'VOL', siret: SIRET_B })),
        })(),
    },
    {
      nom: 'clé A : décision de plateforme',
      genre: 'api',
      statut: 403,
      attendu: 'ACCES_REFUSE',
      essayer: async () =>
        api('POST', `/api/v1/formations/${idA}/plateformes/parcoursup/decision`, {
          cle: t.keys.writeA,
          corps: json({ action: 'publier' }),
        })(),
    },
    {
      nom: 'clé A : création d’une clé d’API',
      genre: 'api',
      statut: 403,
      attendu: 'ACCES_REFUSE',
      essayer: async () =>
        api('POST', '/api/v1/admin/cles', {
          cle: t.keys.writeA,
          corps: json({ nom: 'x', scope: 'admin' }),
        })(),
    },
    {
      nom: 'clé en lecture : écriture',
      genre: 'api',
      statut: 403,
      attendu: 'ACCES_REFUSE',
      essayer: async () =>
        api('POST', '/api/v1/formations', {
          cle: t.keys.read,
          corps: json(formationFixture({ cle_externe: 'LECTURE' })),
        })(),
    },
    {
      nom: 'clé forgée',
      genre: 'api',
      statut: 401,
      attendu: 'CLE_INVALIDE',
      essayer: api('POST', '/api/v1/formations', {
        cle: `${'0'.repeat(40)}`,
        corps: json(formationFixture({ cle_externe: 'FORGEE' })),
      }),
    },
    // Bodies.
    {
      nom: 'corps JSON de 2 Mo',
      genre: 'api',
      statut: 413,
      attendu: 'TROP_VOLUMINEUX',
      essayer: async () =>
        api('POST', '/api/v1/formations', {
          cle: t.keys.writeA,
          corps: json({ ...formationFixture({ cle_externe: 'GROS' }), objectif: 'x'.repeat(2 << 20) }),
        })(),
    },
    {
      nom: 'JSON imbriqué sur 50 000 niveaux',
      genre: 'api',
      statut: 400,
      attendu: 'JSON_TROP_PROFOND',
      essayer: async () =>
        api('POST', '/api/v1/formations', {
          cle: t.keys.writeA,
          corps: `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`,
        })(),
    },
    {
      nom: 'JSON tronqué',
      genre: 'api',
      statut: 400,
      attendu: 'JSON_INVALIDE',
      essayer: async () =>
        api('POST', '/api/v1/formations', { cle: t.keys.writeA, corps: '{"intitule": "BTS' })(),
    },
    {
      nom: 'corps d’un type inconnu',
      genre: 'api',
      statut: 415,
      attendu: 'TYPE_CONTENU',
      essayer: async () =>
        api('POST', '/api/v1/formations', {
          cle: t.keys.writeA,
          corps: 'intitule=BTS',
          type: 'application/x-evil',
        })(),
    },
    {
      nom: 'corps en texte brut',
      genre: 'api',
      statut: 415,
      attendu: 'TYPE_CONTENU',
      essayer: async () =>
        api('POST', '/api/v1/formations', {
          cle: t.keys.writeA,
          corps: 'intitule=BTS',
          type: 'text/plain',
        })(),
    },
    {
      nom: 'NUL dans un champ texte',
      genre: 'api',
      statut: 400,
      attendu: 'CARACTERE_INTERDIT',
      essayer: async () =>
        api('POST', '/api/v1/formations', {
          cle: t.keys.writeA,
          corps: json({ ...formationFixture({ cle_externe: 'NUL' }), intitule: 'BTS\u0000' }),
        })(),
    },
    {
      nom: 'demi-paire de substitution dans un champ texte',
      genre: 'api',
      statut: 400,
      attendu: 'CARACTERE_INTERDIT',
      essayer: async () =>
        api('POST', '/api/v1/formations', {
          cle: t.keys.writeA,
          corps: json(formationFixture({ cle_externe: 'SUR' })).replace('"BTS ', '"\\udc00BTS '),
        })(),
    },
    {
      nom: 'URL javascript:',
      genre: 'api',
      statut: 400,
      attendu: 'REQUETE_INVALIDE',
      essayer: async () =>
        api('POST', '/api/v1/formations', {
          cle: t.keys.writeA,
          corps: json({ ...formationFixture({ cle_externe: 'JS' }), url: 'javascript:alert(1)' }),
        })(),
    },
    {
      nom: 'date impossible (31 février)',
      genre: 'api',
      statut: 400,
      attendu: 'REQUETE_INVALIDE',
      essayer: async () =>
        api('POST', '/api/v1/formations', {
          cle: t.keys.writeA,
          corps: json(formationFixture({ cle_externe: 'DATE' })).replace('"2026-09-01"', '"2027-02-31"'),
        })(),
    },
    {
      nom: 'date en l’an 275760',
      genre: 'api',
      statut: 400,
      attendu: 'REQUETE_INVALIDE',
      essayer: async () =>
        api('POST', '/api/v1/formations', {
          cle: t.keys.writeA,
          corps: json(formationFixture({ cle_externe: 'AN' })).replace('"2028-06-30"', '"+275760-09-13"'),
        })(),
    },
    {
      nom: 'capacité négative',
      genre: 'api',
      statut: 400,
      attendu: 'REQUETE_INVALIDE',
      essayer: async () =>
        api('POST', '/api/v1/formations', {
          cle: t.keys.writeA,
          corps: json(formationFixture({ cle_externe: 'CAP' })).replace('"capacite":24', '"capacite":-1'),
        })(),
    },
    {
      nom: '__proto__ dans le corps (refusé par le lecteur JSON, la clé nommée)',
      genre: 'api',
      statut: 400,
      attendu: 'CLE_JSON_INTERDITE',
      essayer: async () =>
        api('POST', '/api/v1/formations', {
          cle: t.keys.writeA,
          corps: '{"__proto__":{"statut":"publiee"},"intitule":"x"}',
        })(),
    },
    // Upload routes.
    {
      nom: 'LHEO : entité externe (XXE)',
      genre: 'televersement',
      statut: 400,
      attendu: 'LHEO_ENTITES_INTERDITES',
      essayer: async () =>
        api('POST', '/api/v1/imports/lheo', {
          cle: t.keys.writeA,
          type: 'application/xml',
          corps: readFileSync(new URL('../fixtures/lheo/xxe.xml', import.meta.url)),
        })(),
    },
    {
      nom: 'LHEO : 20 000 niveaux imbriqués',
      genre: 'televersement',
      statut: 422,
      attendu: 'LHEO_PROFONDEUR',
      essayer: async () =>
        api('POST', '/api/v1/imports/lheo', {
          cle: t.keys.writeA,
          type: 'application/xml',
          corps: profond(20_000),
        })(),
    },
    {
      nom: 'LHEO : un zip au lieu de XML',
      genre: 'televersement',
      statut: 422,
      attendu: 'LHEO_PAS_XML',
      essayer: async () =>
        api('POST', '/api/v1/imports/lheo', {
          cle: t.keys.writeA,
          type: 'application/xml',
          corps: exporte,
        })(),
    },
    {
      nom: 'LHEO : offres d’autres SIRET avec la clé A (chaque offre refusée)',
      genre: 'televersement',
      statut: 200,
      verifier: (c) => {
        const r = JSON.parse(c);
        expect(r.formations).toMatchObject({ creees: 0, mises_a_jour: 0, rejetees: 3 });
        expect(new Set(r.rejets.map((x: { code: string }) => x.code))).toEqual(new Set(['ACCES_REFUSE']));
      },
      essayer: async () =>
        api('POST', '/api/v1/imports/lheo', {
          cle: t.keys.writeA,
          type: 'application/xml',
          corps: lheo.replaceAll('13002526500013', SIRET_B),
        })(),
    },
    {
      nom: 'LHEO : date impossible (31 février)',
      genre: 'televersement',
      statut: 200,
      verifier: (c) =>
        expect(JSON.parse(c)).toMatchObject({
          formations: { creees: 0, mises_a_jour: 0, rejetees: 3 },
          rejets: expect.arrayContaining([expect.objectContaining({ code: 'LHEO_DATE_INVALIDE' })]),
        }),
      essayer: async () =>
        api('POST', '/api/v1/imports/lheo', {
          cle: t.keys.admin,
          type: 'application/xml',
          corps: lheo.replaceAll(/<debut>\d{8}<\/debut>/g, '<debut>20270231</debut>'),
        })(),
    },
    {
      nom: 'classeur : bombe zip (taille déclarée mensongère)',
      genre: 'televersement',
      statut: 422,
      attendu: 'CLASSEUR_ZIP_BOMBE',
      essayer: async () =>
        api('POST', '/api/v1/imports/classeur', {
          cle: t.keys.writeA,
          type: xlsx,
          corps: await remplacer(exporte, 'xl/media/x.bin', Buffer.alloc(32 << 20), 1000),
        })(),
    },
    {
      nom: 'classeur : un ancien .xls',
      genre: 'televersement',
      statut: 422,
      attendu: 'CLASSEUR_FORMAT_XLS',
      essayer: async () =>
        api('POST', '/api/v1/imports/classeur', {
          cle: t.keys.writeA,
          type: xlsx,
          corps: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]),
        })(),
    },
    {
      nom: 'classeur : un PNG',
      genre: 'televersement',
      statut: 422,
      attendu: 'CLASSEUR_PAS_XLSX',
      essayer: async () =>
        api('POST', '/api/v1/imports/classeur', {
          cle: t.keys.writeA,
          type: xlsx,
          corps: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
        })(),
    },
    {
      nom: 'classeur : corps vide',
      genre: 'televersement',
      statut: 400,
      attendu: 'FICHIER_VIDE',
      essayer: async () =>
        api('POST', '/api/v1/imports/classeur', { cle: t.keys.writeA, type: xlsx, corps: Buffer.alloc(0) })(),
    },
    {
      nom: 'classeur : thème aux 50 000 balises jamais fermées (lu sans s’y attarder, simulation)',
      genre: 'televersement',
      statut: 200,
      verifier: (c) => expect(JSON.parse(c).totaux).toBeDefined(),
      essayer: async () =>
        api('POST', '/api/v1/imports/classeur?dry_run=true', {
          cle: t.keys.writeA,
          type: xlsx,
          corps: await remplacer(
            exporte,
            'xl/theme/theme1.xml',
            Buffer.from(`<a:theme xmlns:a="x">${'<a:clrScheme>'.repeat(50_000)}`),
          ),
        })(),
    },
    // CLI.
    {
      nom: 'offre import lheo : entité externe',
      genre: 'cli',
      statut: 1,
      attendu: /^Erreur : .*entit/i,
      essayer: cli(() => ['import', 'lheo', new URL('../fixtures/lheo/xxe.xml', import.meta.url).pathname]),
    },
    {
      nom: 'offre import lheo : un classeur',
      genre: 'cli',
      statut: 1,
      attendu: /^Erreur : .*classeur\.xlsx est une archive zip .*« offre import classeur »/,
      essayer: cli(() => ['import', 'lheo', fichier('classeur.xlsx', exporte)]),
    },
    {
      nom: 'offre import lheo : 20 000 niveaux',
      genre: 'cli',
      statut: 1,
      attendu: /^Erreur : .*profond\.xml/,
      essayer: cli(() => ['import', 'lheo', fichier('profond.xml', profond(20_000))]),
    },
    {
      nom: 'offre import lheo : octets binaires',
      genre: 'cli',
      statut: 1,
      attendu: /^Erreur : /,
      essayer: cli(() => [
        'import',
        'lheo',
        fichier('binaire.xml', Buffer.from([0, 1, 2, 0xff, 0xfe, 0x3c, 0x00])),
      ]),
    },
    {
      nom: 'offre import lheo : date impossible',
      genre: 'cli',
      statut: 1,
      attendu: /31 février|20270231|date/i,
      essayer: cli(() => [
        'import',
        'lheo',
        fichier('date.xml', lheo.replaceAll(/<debut>\d{8}<\/debut>/g, '<debut>20270231</debut>')),
      ]),
    },
    {
      nom: 'offre import classeur : un ancien .xls',
      genre: 'cli',
      statut: 1,
      attendu: /^Erreur : .*ancien\.xls/,
      essayer: cli(() => [
        'import',
        'classeur',
        fichier('ancien.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])),
      ]),
    },
    {
      nom: 'offre import classeur : un texte',
      genre: 'cli',
      statut: 1,
      attendu: /^Erreur : .*texte\.xlsx n’est pas un classeur Excel/,
      essayer: cli(() => ['import', 'classeur', fichier('texte.xlsx', 'Référence;Intitulé\n')]),
    },
    {
      nom: 'offre import classeur : bombe zip',
      genre: 'cli',
      statut: 1,
      attendu: /^Erreur : .*bombe\.xlsx/,
      essayer: async () => cli(() => ['import', 'classeur', fichier('bombe.xlsx', bombe)])(),
    },
    {
      nom: 'offre referentiel import kit : un classeur de campagne',
      genre: 'cli',
      statut: 1,
      attendu: /^Erreur : .*est un classeur de campagne/,
      essayer: cli(() => ['referentiel', 'import', 'kit', fichier('kit.xlsx', exporte)]),
    },
    {
      nom: 'offre referentiel import rncp : un fichier LHEO',
      genre: 'cli',
      statut: 1,
      attendu: /^Erreur : /,
      essayer: cli(() => ['referentiel', 'import', 'rncp', fichier('rncp.xml', lheo)]),
    },
    {
      nom: 'offre referentiel import communes : du binaire',
      genre: 'cli',
      statut: 1,
      attendu: /^Erreur : /,
      essayer: cli(() => [
        'referentiel',
        'import',
        'communes',
        fichier('communes.csv', Buffer.from([0xff, 0xfe, 0, 0, 0x41])),
      ]),
    },
  ];
  let bombe: Buffer;
  /** Per database (the app's; PGlite: the CLI folder's), its fingerprint after the last row that passed. */
  const derniere = new Map<'app' | 'dossier', Record<string, number>>();

  it(`a au moins 40 lignes (${lignes.length})`, () => {
    expect(lignes.length).toBeGreaterThanOrEqual(40);
  });

  for (const l of lignes) {
    it(`${l.genre} — ${l.nom} : ${l.statut}${l.attendu ? ` ${l.attendu}` : ''}`, async () => {
      bombe ??= await remplacer(exporte, 'xl/media/x.bin', Buffer.alloc(32 << 20), 1000);
      bilan.essayees++;
      const pglite = l.genre === 'cli' && TEST_ENGINE === 'pglite';
      const base = async () => {
        if (!pglite) return empreinte(t.ctx.db);
        const d = await openDatabase({ dataDir: cliEnv.OFFRE_DATA_DIR! });
        try {
          return await empreinte(d.db);
        } finally {
          await d.close();
        }
      };
      // The fingerprint of a database measured after the previous row on it is this row's
      // "before" (nothing else writes to it in between: a write there would fail this row, never
      // hide one; a row that failed before its "after" leaves none, and the next row measures
      // again): one fingerprint per row instead of two, and on PGlite one opening of the folder.
      const cible = pglite ? 'dossier' : 'app';
      const avant = derniere.get(cible) ?? (await base());
      derniere.delete(cible);
      const r = await l.essayer();
      expect(r.texte).not.toMatch(INTERNE);
      expect(r.statut, r.texte.slice(0, 500)).toBe(l.statut);
      if (typeof l.attendu === 'string') expect(r.code, r.texte.slice(0, 500)).toBe(l.attendu);
      else if (l.attendu) expect(r.texte).toMatch(l.attendu);
      if (l.genre !== 'cli' && l.statut >= 400) {
        // A problem details (or, on a page, HTML) with a French message, never Fastify's English one.
        const detail = r.texte.startsWith('{') ? String(JSON.parse(r.texte).detail ?? '') : r.texte;
        expect(detail, 'un message').not.toBe('');
        expect(detail).not.toMatch(/\b(Bad Request|is not|must|should|Unsupported|exceeding)\b/);
      }
      l.verifier?.(r.texte);
      const apres = await base();
      expect(apres).toEqual(avant);
      derniere.set(cible, apres);
      bilan.propres++;
      if (l.statut >= 400 || (l.genre === 'cli' && l.statut !== 0)) bilan.refusees++;
    }, 120_000);
  }
});
