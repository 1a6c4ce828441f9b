import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { pluriel } from '../../src/domain/pluriel.ts';
import { openLheoExport } from '../../src/services/export-lheo.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { formationFixture, SIREN_A, SIREN_B, SIRET_A } from '../api/helpers.ts';
import { compte, Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { NOW } from '../classeur/classeur.helpers.ts';
import { organismeDe } from '../helpers/acteurs.ts';
import { attendre, envoyer, texte } from './imports.helpers.ts';

// The preview of an LHEO import on /espace/imports/{id}: the counts, the formations modified with
// their fields (before → after), the formations created, the refusals — each list capped with
// « … et N autres » — and the full report as a CSV (UTF-8 with BOM, `;`) that has every line.

const OFFRE = readFileSync(new URL('../fixtures/lheo/offre-2.3.xml', import.meta.url), 'utf8');
const ANCIEN = 'BTS Management commercial opérationnel';
const NOUVEAU = 'BTS MCO en apprentissage';
const BLOC = OFFRE.slice(OFFRE.indexOf('<formation numero="F-BTS-MCO"'), OFFRE.indexOf('</formation>') + 12);
/** F-BTS-MCO renamed, 120 new formations, 150 without their `numero` (refused). */
const GROS = `<?xml version="1.0" encoding="UTF-8"?>
<lheo xmlns="http://lheo.gouv.fr/2.3">
  <offres>
    ${[
      BLOC.replace(`<intitule-formation>${ANCIEN}<`, `<intitule-formation>${NOUVEAU}<`),
      ...Array.from({ length: 120 }, (_, i) =>
        BLOC.replace('numero="F-BTS-MCO"', `numero="F-NOUVELLE-${i + 1}"`),
      ),
      ...Array.from(
        { length: 150 },
        (_, i) =>
          `<formation>\n      <intitule-formation>Sans numéro ${i + 1}</intitule-formation>\n    </formation>`,
      ),
    ].join('\n    ')}
  </offres>
</lheo>
`;

let t: TestWeb;
let a: Navigateur;
let b: Navigateur;
let job: string;

beforeAll(async () => {
  t = await testWeb({ smtp: false, now: () => NOW });
  const ua = await compte(t, { email: 'lheo@cfa-a.test', role: 'organisme', siren: SIREN_A });
  const ub = await compte(t, { email: 'lheo@cfa-b.test', role: 'organisme', siren: SIREN_B });
  a = new Navigateur(t.app, '10.8.1.1');
  b = new Navigateur(t.app, '10.8.1.2');
  await a.seConnecter(ua.email, ua.motDePasse);
  await b.seConnecter(ub.email, ub.motDePasse);
  // F-BTS-MCO stored first, through the page (the two others belong to other SIRENs).
  await a.get('/espace/imports');
  const premier = (await envoyer(a, 'lheo', 'offre.xml', Buffer.from(OFFRE))).headers.location as string;
  await attendre(a, premier);
  await a.post(`${premier}/appliquer`, {});
  await attendre(a, premier);
  await a.get('/espace/imports');
  job = (await envoyer(a, 'lheo', 'national.xml', Buffer.from(GROS))).headers.location as string;
}, 120_000);
afterAll(() => t?.close());

describe('the preview of an LHEO import', () => {
  it('counts, then names the formations modified (fields, before → after) and created, capped with « … et N autres »', async () => {
    const p = texte((await attendre(a, job)).body);
    expect(p).toContain('Créées Modifiées Inchangées Refusées 120 1 0 150');
    expect(p).toContain(`Formations modifiées`);
    expect(p).toContain(`n° F-BTS-MCO – ${NOUVEAU} (ligne 4) Intitulé : ${ANCIEN} → ${NOUVEAU}`);
    expect(p).toContain('n° F-NOUVELLE-100 – ');
    expect(p).not.toContain('n° F-NOUVELLE-101 – ');
    expect(p).toContain('… et 20 autres formations créées : le rapport complet (CSV) les liste tous.');
    expect(p).toContain('Télécharger le rapport complet (CSV)');
  });

  // A fresh user's report (02/12): an LHEO file has formations, not lines.
  it('says that « Appliquer » records the valid formations, the refused ones left out — not « lignes »', async () => {
    const p = texte((await attendre(a, job)).body);
    expect(p).toContain(
      '« Appliquer » enregistre les formations valides ; les formations refusées ne sont pas prises en compte.',
    );
    expect(p).not.toContain('lignes valides');
    expect(p).not.toContain('lignes en erreur');
  });

  it('lists the first refusals, says how many more, and the CSV has every one', async () => {
    const page = (await attendre(a, job)).body;
    const r = await a.get(`${job}/rapport.csv`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(r.headers['cache-control']).toBe('private, no-store');
    expect(r.headers['content-disposition']).toContain('filename="national.rapport.csv"');
    expect(r.body.charCodeAt(0)).toBe(0xfeff);
    const lignes = parse(r.body, { bom: true, delimiter: ';', columns: true }) as Record<string, string>[];
    const refus = lignes.filter((l) => l.Résultat === 'refusée');
    // Each formation without numero, at the line of its <formation> element.
    const debuts: number[] = [];
    for (let i = GROS.indexOf('<formation>'); i >= 0; i = GROS.indexOf('<formation>', i + 1))
      debuts.push(GROS.slice(0, i).split('\n').length);
    expect(refus.filter((l) => l.Code === 'LHEO_NUMERO_ABSENT').map((l) => Number(l.Ligne))).toEqual(debuts);
    expect(refus.length).toBeGreaterThanOrEqual(150);
    const p = texte(page);
    expect(p).toContain(
      `… et ${pluriel(refus.length - 100, 'autre refus', 'autres refus')} : le rapport complet (CSV) les liste tous.`,
    );
    // The page's table: the first hundred, each with its line, element and code.
    expect(p).toContain(
      `${debuts[0]} — formation[122]/@numero LHEO_NUMERO_ABSENT Formation n° 122 (ligne ${debuts[0]})`,
    );
    // (The fixture's financeur code 13, one LHEO models and Offre does not, adds a warning per
    // formation read — LHEO_FINANCEUR_NON_REPRIS — listed apart: the refusals are counted alone.)
    expect((page.match(/<td><code>LHEO_NUMERO_ABSENT/g) ?? []).length).toBe(100);
    expect(lignes.filter((l) => l.Résultat === 'créée')).toHaveLength(120);
    expect(
      lignes
        .filter((l) => l.Résultat === 'modifiée')
        .map((l) => [l['Numéro (clé externe)'], l['Élément ou champ'], l.Avant, l.Après]),
    ).toEqual([['F-BTS-MCO', 'intitule', ANCIEN, NOUVEAU]]);
  });

  it('is the SIREN’s own: another organisme gets a 404', async () => {
    expect((await b.get(`${job}/rapport.csv`)).statusCode).toBe(404);
  });
});

describe('the preview of the organisme’s unchanged export over its pending revision', () => {
  it('says « inchangée » and that the revision is kept; applying it abandons nothing', async () => {
    // A published formation of SIREN A whose organisme changed the title: a pending revision.
    const { id } = await saveFormation(t.ctx, SYSTEME('test'), formationFixture({ cle_externe: 'PG-REV' }));
    await transition(t.ctx, SYSTEME('test'), id, 'publier');
    await transition(t.ctx, SYSTEME('test'), id, 'valider');
    const revision = await saveFormation(
      t.ctx,
      organismeDe(SIREN_A),
      formationFixture({ cle_externe: 'PG-REV', intitule: 'BTS MCO (révision)' }),
    );
    expect(revision.revision).toBe(true);
    // `offre export lheo --all --siret` : the published values.
    const exp = await openLheoExport(t.ctx.db, SYSTEME('export-lheo'), { siret: SIRET_A }, new Date());
    let xml = '';
    for await (const c of exp.chunks) xml += typeof c === 'string' ? c : Buffer.from(c).toString('utf8');
    await a.get('/espace/imports');
    const url = (await envoyer(a, 'lheo', 'export.xml', Buffer.from(xml))).headers.location as string;
    const p = texte((await attendre(a, url)).body);
    expect(p).toContain('Créées Modifiées Inchangées Refusées 0 0 2 0');
    expect(p).toContain(
      '1 formation inchangée garde sa révision en attente, qui attend toujours la validation du gestionnaire',
    );
    expect(p).not.toContain('Formations modifiées');
    await a.post(`${url}/appliquer`, {});
    expect(texte((await attendre(a, url)).body)).toContain('Créées Modifiées Inchangées Refusées 0 0 2 0');
    const rev = await t.ctx.db
      .selectFrom('formation_revision')
      .select('statut')
      .where('formation_id', '=', id)
      .execute();
    expect(rev.map((r) => r.statut)).toEqual(['en_attente_validation']);
  });
});
