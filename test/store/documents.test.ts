import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  listFormationRows,
  selectFormationRows,
  upsertOrganismes,
} from '../../src/db/formation.repository.ts';
import { type DocumentRow, selectDocuments } from '../../src/db/formation-document.repository.ts';
import { visibiliteOf } from '../../src/domain/acces.ts';
import type { Acteur } from '../../src/domain/acteur.ts';
import { formationVue, sirenOrganisme, type Vue, vueDe } from '../../src/domain/champs-professionnels.ts';
import { pageCursor, porteeListe } from '../../src/domain/cursor.ts';
import type { Formation, FormationInput } from '../../src/domain/formation.schema.ts';
import { recomputeAll } from '../../src/services/conformite.service.ts';
import { cleCurseurs } from '../../src/services/curseur.cle.ts';
import { listFormationsJson } from '../../src/services/formation.service.ts';
import { renderFormations } from '../../src/services/formation.view.ts';
import { documentTexts, refreshDocuments } from '../../src/services/formation-document.ts';
import { importReferentiel } from '../../src/services/referentiel.service.ts';
import { bearer, formationFixture, SIREN_A, SIRET_A, SIRET_B, useTestApi } from '../api/helpers.ts';

// Issue 13 item 2: the formation list is joined from stored documents. The page must be, byte for
// byte, what the serializer of before (rows → renderFormations → formationVue → JSON.stringify)
// gives, for every reader, with the documents stored or missing; and every write path must leave
// the stored documents equal to a fresh build (or absent), never stale.

const t = useTestApi();
const ids: Record<string, string> = {};

const session = (cle: string, debut: string, over: Record<string, unknown> = {}) => ({
  cle_externe: cle,
  debut,
  fin: `${debut.slice(0, 4)}-12-18`,
  capacite: 12,
  lieu: { adresse: '2 rue Bois', code_postal: '63000', commune: 'Clermont-Ferrand', code_insee: '63113' },
  reunions_information: [{ date: '2026-08-20', lieu: 'Agence', libelle: 'Réunion' }],
  // A one-line text refuses line breaks and tabs (domain/caracteres-texte.ts): they go to objectif.
  bilans: [{ date: '2026-11-15', lieu: 'Clermont', libelle: 'BILAN "confidentiel" \u2028 à part' }],
  ...over,
});

// A conventionné action (Région markets, mandataire ≠ formateur, a closed session, bilans).
const conventionne = (cle: string, sessions: ReturnType<typeof session>[]): FormationInput =>
  formationFixture({
    cle_externe: cle,
    intitule: 'Prépa « avenir » métiers \u2028 ✓',
    objectif: 'Objectif "entre guillemets"\n\tsur deux lignes',
    certification: {},
    responsable: { siret: SIRET_B, raison_sociale: 'Prestataire formateur' },
    mandataire: { siret: SIRET_A, raison_sociale: 'Groupement mandataire' },
    formateur: { siret: SIRET_B, raison_sociale: 'Prestataire formateur' },
    modalites: {
      formation_continue: true,
      contrat_professionnalisation: true,
      contrat_apprentissage: false,
      annees_apprentissage: [],
      duree_annees: 1,
    },
    financeurs: ['region'],
    sessions: sessions as FormationInput['sessions'],
  });

const post = (payload: FormationInput) =>
  t.app.inject({ method: 'POST', url: '/api/v1/formations', headers: bearer(t.keys.writeA), payload });
const step = (id: string, s: string, key: string) =>
  t.app.inject({ method: 'POST', url: `/api/v1/formations/${id}/${s}`, headers: bearer(key), payload: {} });

async function creer(nom: string, payload: FormationInput, publier = false) {
  const r = await post(payload);
  expect(r.statusCode, r.body).toBe(201);
  ids[nom] = r.json().id;
  if (publier) {
    expect((await step(ids[nom]!, 'publier', t.keys.writeA)).statusCode).toBe(200);
    expect((await step(ids[nom]!, 'valider', t.keys.admin)).statusCode).toBe(200);
  }
}

/** Every formation: its stored documents and a fresh build by the serializer. */
async function etat() {
  const { rows } = await sql<{ id: string }>`select id from formation order by id`.execute(t.ctx.db);
  const tous = rows.map((r) => r.id);
  const stockes = new Map((await selectDocuments(t.ctx.db, tous)).map((d) => [d.formation_id, d]));
  const frais = new Map(
    (await renderFormations(t.ctx.db, await selectFormationRows(t.ctx.db, tous))).map((f) => [
      f.id,
      textesDAvant(f),
    ]),
  );
  return { tous, stockes, frais };
}

/**
 * The three texts as first written (migration 0750): each view serialized, null when equal to the
 * previous one — not documentTexts, whose shortcuts (the partner text cut out of the professional
 * one) they check, nor the server's derivation of the partner text (upsertDocuments).
 */
function textesDAvant(f: Formation): DocumentRow {
  const professionnel = JSON.stringify(f);
  const partenaire = JSON.stringify(formationVue(f, 'partenaire'));
  const publique = JSON.stringify(formationVue(f, 'public'));
  const d = {
    formation_id: f.id,
    professionnel,
    partenaire: partenaire === professionnel ? null : partenaire,
    public: publique === partenaire ? null : publique,
  };
  expect(documentTexts(f), f.id).toEqual(d);
  return d;
}

/** The documents of `ids` are stored and equal to a fresh build; the others absent or equal. */
async function documentsAJour(a: readonly string[]) {
  const { tous, stockes, frais } = await etat();
  for (const id of tous) {
    if (a.includes(id))
      expect(stockes.get(id), `${id} ${Object.keys(ids).find((k) => ids[k] === id)}`).toBeDefined();
    if (stockes.has(id)) expect(stockes.get(id), id).toEqual(frais.get(id));
  }
}

/** The list of before this change, as it was written: rows → renderFormations → formationVue. */
async function ancienneListe(acteur: Acteur, limit: number, cursor?: string, vue: Vue = vueDe(acteur)) {
  const cle = await cleCurseurs(t.ctx.db);
  // The cursor bound to the list's filters (none here), as the API hands it out.
  const portee = porteeListe({});
  const after = cursor ? pageCursor.decode(cursor, cle, 'cursor', portee) : null;
  const propre = vue === vueDe(acteur) ? sirenOrganisme(acteur) : null;
  const rows = await listFormationRows(
    t.ctx.db,
    visibiliteOf(acteur),
    {},
    after,
    limit + 1,
    vue === 'public' ? { sauf: propre } : false,
  );
  const pageRows = rows.slice(0, limit);
  const siren = new Map(pageRows.map((r) => [r.id, r.siren_proprietaire]));
  return JSON.stringify({
    data: (await renderFormations(t.ctx.db, pageRows)).map((f) =>
      formationVue(f, propre !== null && siren.get(f.id) === propre ? 'professionnel' : vue),
    ),
    next_cursor:
      rows.length > limit ? pageCursor.encode(pageRows[pageRows.length - 1]!.id, cle, portee) : null,
  });
}

const organisation: Acteur = {
  kind: 'utilisateur',
  id: 'u-org',
  email: 'org@cfa.example',
  nom: 'Org',
  role: 'organisme',
  siren: SIREN_A,
  regions: [],
  academies: [],
};

/** Every page (limit 2 and 100) for every reader: the API's bytes = the old serializer's. */
async function listesIdentiques() {
  const lecteurs: [string, string | undefined, Acteur][] = [
    ['anonyme', undefined, { kind: 'anonyme' }],
    ['clé read', t.keys.read, { kind: 'cle', id: 'k', name: 'k', scope: 'read', siren: null }],
    ['clé write A', t.keys.writeA, { kind: 'cle', id: 'k', name: 'k', scope: 'write', siren: SIREN_A }],
    ['clé admin', t.keys.admin, { kind: 'cle', id: 'k', name: 'k', scope: 'admin', siren: null }],
  ];
  let vues = 0;
  for (const [nom, key, acteur] of lecteurs)
    for (const limit of [2, 100]) {
      let cursor: string | undefined;
      do {
        const url = `/api/v1/formations?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
        const r = await t.app.inject({ method: 'GET', url, headers: key ? bearer(key) : {} });
        expect(r.statusCode).toBe(200);
        expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(r.body, `${nom} ${url}`).toBe(await ancienneListe(acteur, limit, cursor));
        vues += JSON.parse(r.body).data.length;
        cursor = JSON.parse(r.body).next_cursor ?? undefined;
      } while (cursor);
    }
  // A signed-in organisation (its own offers whole) and the exports' partner view, at the service.
  expect((await listFormationsJson(t.ctx.db, organisation, {}, { limit: 100 })).toString()).toBe(
    await ancienneListe(organisation, 100),
  );
  expect(
    (await listFormationsJson(t.ctx.db, { kind: 'anonyme' }, {}, { limit: 100 }, 'partenaire')).toString(),
  ).toBe(await ancienneListe({ kind: 'anonyme' }, 100, undefined, 'partenaire'));
  expect(vues).toBeGreaterThan(0);
  // The change feed: each event's formation, byte for byte, the serializer's in the reader's view.
  const { rows } = await sql<{ id: string }>`select id from formation`.execute(t.ctx.db);
  const frais = new Map(
    (
      await renderFormations(
        t.ctx.db,
        await selectFormationRows(
          t.ctx.db,
          rows.map((r) => r.id),
        ),
      )
    ).map((f) => [f.id, f]),
  );
  for (const [nom, key, acteur] of lecteurs) {
    let since = '0';
    for (;;) {
      const r = await t.app.inject({
        method: 'GET',
        url: `/api/v1/changes?since=${since}&limit=3`,
        headers: key ? bearer(key) : {},
      });
      expect(r.statusCode).toBe(200);
      const page = JSON.parse(r.body) as { data: { id: string; formation: unknown }[]; next_cursor: string };
      const attendu = {
        data: page.data.map((e) => ({
          ...e,
          formation: e.formation === null ? null : formationVue(frais.get(e.id)!, vueDe(acteur)),
        })),
        next_cursor: page.next_cursor,
      };
      expect(r.body, `flux ${nom} ${since}`).toBe(JSON.stringify(attendu));
      if (page.data.length === 0) break;
      since = page.next_cursor;
    }
  }
}

beforeAll(async () => {
  await creer('sans_session', formationFixture({ cle_externe: 'SANS-SESSION', sessions: [] }));
  await creer('simple', formationFixture({ cle_externe: 'SIMPLE' }), true);
  await creer('brouillon', formationFixture({ cle_externe: 'BROUILLON', url: null }));
  await creer(
    'conventionne',
    conventionne('CONV', [
      session('S1', '2026-09-07', { financeur: 'region', numero_marche: 'M1451401' }),
      session('S3', '2026-06-01', {
        financeur: 'region',
        numero_marche: 'M1451401',
        etat_recrutement: 'ferme',
      }),
    ]),
    true,
  );
  // Its third session names a market the Région does not know: withheld (retenue) once the list is in.
  await creer(
    'marches',
    conventionne('MARCHES', [
      session('M1', '2026-09-14', { financeur: 'region', numero_marche: 'M1451401' }),
      session('M3', '2026-11-09', { financeur: 'region', numero_marche: 'M1459999' }),
    ]),
    true,
  );
  await creer(
    'fermee',
    formationFixture({
      cle_externe: 'TOUT-FERME',
      sessions: [session('F1', '2026-09-01', { etat_recrutement: 'ferme', bilans: [] })] as never,
    }),
    true,
  );
  // Sessions all diffused with empty bilans (the partner text cut out of the professional one,
  // formation-document.ts), and texts that hold what is cut, quoted: they stay as they are.
  await creer(
    'bilans_vides',
    formationFixture({
      cle_externe: 'BILANS-VIDES',
      intitule: 'Piège ,"bilans":[] dans le texte',
      objectif: 'Encore ,"bilans":[], et \\",\\"bilans\\":[]',
      sessions: [
        session('V1', '2026-09-01', { bilans: [] }),
        session('V2', '2026-10-01', { bilans: [], reunions_information: [] }),
      ],
    } as never),
    true,
  );
}, 120_000);

describe('stored formation documents (issue 13 item 2)', () => {
  it('are written by the store, workflow and revision paths, equal to a fresh build', async () => {
    await documentsAJour(Object.values(ids));
    // A revision of a published formation by its owner: revision_en_attente in the documents.
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/formations/${ids.simple}`,
      headers: bearer(t.keys.writeA),
      payload: formationFixture({ cle_externe: 'SIMPLE', intitule: 'BTS révisé' }),
    });
    expect(put.json()).toMatchObject({ revision: true });
    await documentsAJour([ids.simple!]);
    expect(JSON.parse((await selectDocuments(t.ctx.db, [ids.simple!]))[0]!.professionnel)).toMatchObject({
      revision_en_attente: true,
    });
    // A session added through the API.
    const s = await t.app.inject({
      method: 'POST',
      url: `/api/v1/formations/${ids.brouillon}/sessions`,
      headers: bearer(t.keys.writeA),
      payload: session('AJOUT', '2027-01-10', { bilans: [] }),
    });
    expect(s.statusCode).toBe(201);
    await documentsAJour([ids.brouillon!]);
  });

  it('follow a reference import that changes the conformity (a market list withholds a session)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'offre-docs-'));
    writeFileSync(
      join(dir, 'marches.csv'),
      'Numéro de marché;Financeur;Organisme;Intitulé;Date de début;Date de fin;Date de notification\n' +
        'M1451401;Région;130025265;Prépa;01/01/2026;30/06/2027;\n',
    );
    await importReferentiel(t.ctx, { kind: 'marches', fichier: join(dir, 'marches.csv') });
    await documentsAJour([ids.marches!, ids.conventionne!]);
    const pro = JSON.parse((await selectDocuments(t.ctx.db, [ids.marches!]))[0]!.professionnel);
    expect(pro.sessions.map((x: { retenue?: boolean }) => x.retenue ?? false)).toEqual([false, true]);
  });

  it('are never stale: a change to an organisme deletes the documents that name it', async () => {
    await upsertOrganismes(
      t.ctx.db,
      [{ siret: SIRET_B, siren: SIRET_B.slice(0, 9), uai: null, raison_sociale: 'Nouveau nom', nda: null }],
      t.ctx.now(),
    );
    const { stockes, frais } = await etat();
    expect(stockes.has(ids.conventionne!)).toBe(false);
    // Of a formation whose organismes did not change, kept.
    expect(stockes.has(ids.simple!)).toBe(true);
    for (const [id, d] of stockes) expect(d, id).toEqual(frais.get(id));
    expect(frais.get(ids.conventionne!)!.professionnel).toContain('Nouveau nom');
  });

  it('are rebuilt only when absent: a recompute that changes nothing rewrites none', async () => {
    await recomputeAll(t.ctx); // what the clock changes since the writes, then nothing
    const versions = async () =>
      new Map(
        (
          await sql<{
            id: string;
            v: string;
          }>`select formation_id as id, xmin::text as v from formation_document`.execute(t.ctx.db)
        ).rows.map((r) => [r.id, r.v]),
      );
    const avant = await versions();
    expect(avant.size).toBe(Object.keys(ids).length);
    await recomputeAll(t.ctx);
    expect(await versions()).toEqual(avant);
    // A change to one formation rebuilds its documents only.
    await sql`update formation set intitule = intitule || ' (modifié)' where id = ${ids.simple!}`.execute(
      t.ctx.db,
    );
    await t.ctx.db.transaction().execute((trx) => refreshDocuments(trx, Object.values(ids)));
    const apres = await versions();
    for (const [id, v] of avant) expect(apres.get(id) === v, id).toBe(id !== ids.simple);
    await documentsAJour(Object.values(ids));
  });

  it('give, byte for byte, the list of the serializer of before, for every reader, stored or missing', async () => {
    await refreshDocuments(t.ctx.db, Object.values(ids));
    await documentsAJour(Object.values(ids));
    const { stockes } = await etat();
    // Views that differ are stored apart: bilans (partenaire), closed and withheld sessions (public).
    const conv = stockes.get(ids.marches!)!;
    expect(conv.partenaire).not.toBeNull();
    expect(conv.public).toBeNull(); // nothing closed: the public view is the partner one
    expect(conv.professionnel).toContain('BILAN');
    expect(stockes.get(ids.sans_session!)).toMatchObject({ partenaire: null, public: null });
    await listesIdentiques();
    await sql`delete from formation_document`.execute(t.ctx.db);
    await listesIdentiques();
  });
});
