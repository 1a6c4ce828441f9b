import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOpenRevision } from '../../src/db/formation.repository.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { openLheoExport } from '../../src/services/export-lheo.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { importLheo, type LheoImportReport } from '../../src/services/import-lheo.service.ts';
import { formationFixture, SIRET_A } from '../api/helpers.ts';
import type { TestWeb } from '../auth/web.helpers.ts';
import { apercuApi, apercuPage, baseApercu, ORGANISME_APERCU as organisme } from '../helpers/apercu.ts';

// A fresh user's report (MEDIUM): an LHEO file whose SIRETs fail the Luhn check was previewed as 7
// ordinary « mises à jour »; once applied, every offer failed ORG_SIRET_FORMAT (bloquant) and its
// revision would take it out of diffusion. The preview — service, API dry run, page — now names,
// per formation modified, the blocking rules the change would introduce and those it would clear,
// and counts the formations that would become non-diffusable. Nothing is stored.

/** SIREN A's SIRET with a wrong Luhn key. */
const SIRET_FAUX = '13002526500012';

let t: TestWeb;
let dir: string;
let fichier: string;
const ids: Record<string, string> = {};

const catalogue = async (id: string) =>
  (await t.ctx.db.selectFrom('formation').select('catalogue').where('id', '=', id).executeTakeFirstOrThrow())
    .catalogue;

/** The `<formation>` blocks of an LHEO text, each changed by `f` (given its numero). */
function parFormation(xml: string, f: (numero: string, bloc: string) => string): string {
  return xml.replace(/<formation numero="([^"]+)"[\s\S]*?<\/formation>/g, (bloc, numero: string) =>
    f(numero, bloc),
  );
}

beforeAll(async () => {
  const cles = ['PUB-1', 'PUB-2', 'PUB-3'];
  const base = await baseApercu(...cles);
  t = base.t;
  for (const [i, id] of base.ids.entries()) {
    expect(await catalogue(id)).toBe('general');
    ids[cles[i]!] = id;
  }
  // A draft whose formateur's SIRET is wrong: the file corrects it.
  ids.FIX = (
    await saveFormation(
      t.ctx,
      organisme,
      formationFixture({ cle_externe: 'FIX', formateur: { siret: SIRET_FAUX } }),
    )
  ).id;
  expect(await catalogue(ids.FIX!)).toBe('non_reglementaire');
  // The organisme's own export, written to a file, then edited as the fresh user did.
  const exp = await openLheoExport(t.ctx.db, organisme, { siret: SIRET_A }, new Date());
  let xml = '';
  for await (const c of exp.chunks) xml += c;
  xml = parFormation(xml, (numero, bloc) =>
    numero === 'PUB-3'
      ? bloc.replace(/<intitule-formation>[^<]*</, '<intitule-formation>BTS MCO (nouvel intitulé)<')
      : numero === 'FIX'
        ? bloc.replace(/(<SIRET-formateur>\s*<SIRET>)\d+</, `$1${SIRET_A}<`)
        : bloc.replaceAll(`<SIRET>${SIRET_A}<`, `<SIRET>${SIRET_FAUX}<`),
  );
  dir = mkdtempSync(join(tmpdir(), 'offre-apercu-regles-'));
  fichier = join(dir, 'laval.xml');
  writeFileSync(fichier, xml);
}, 120_000);
afterAll(async () => {
  await t?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const modifiee = (r: LheoImportReport, numero: string) => r.modifiees.find((m) => m.numero === numero)!;

/** What the preview must say of the file, whatever the door. */
function attendu(r: LheoImportReport) {
  expect(r.formations).toEqual({ creees: 0, mises_a_jour: 4, inchangees: 0, rejetees: 0 });
  expect(r.non_diffusables).toBe(2);
  for (const cle of ['PUB-1', 'PUB-2']) {
    const m = modifiee(r, cle);
    expect(m.revision).toBe(true);
    expect(m.regles).toMatchObject({
      publiee: true,
      catalogue_avant: 'general',
      catalogue_apres: 'non_reglementaire',
      levees: [],
    });
    expect(m.regles!.introduites.map((x) => [x.code, x.champ])).toEqual([
      ['ORG_SIRET_FORMAT', 'formateur.siret'],
      ['ORG_SIRET_FORMAT', 'responsable.siret'],
    ]);
    for (const x of m.regles!.introduites) {
      expect(x.message).toContain(
        `SIRET ${SIRET_FAUX.replace(/^(\d{3})(\d{3})(\d{3})/, '$1 $2 $3 ')} a un SIRET invalide : il a 14 chiffres mais sa clé de contrôle est fausse`,
      );
      expect(x.severite).toBe('bloquant');
    }
  }
  expect(modifiee(r, 'PUB-3').regles).toEqual({
    publiee: true,
    introduites: [],
    levees: [],
    catalogue_avant: 'general',
    catalogue_apres: 'general',
  });
  const fix = modifiee(r, 'FIX').regles!;
  expect(fix.introduites).toEqual([]);
  expect(fix.levees.map((x) => [x.code, x.champ])).toEqual([['ORG_SIRET_FORMAT', 'formateur.siret']]);
  expect(fix.levees[0]!.message).toContain(SIRET_FAUX.replace(/^(\d{3})(\d{3})(\d{3})/, '$1 $2 $3 '));
  expect(fix).toMatchObject({ publiee: false, catalogue_avant: 'non_reglementaire' });
}

async function rienEnregistre() {
  for (const cle of ['PUB-1', 'PUB-2', 'PUB-3']) {
    expect(await catalogue(ids[cle]!)).toBe('general');
    expect(await findOpenRevision(t.ctx.db, ids[cle]!)).toBeUndefined();
  }
  expect(await catalogue(ids.FIX!)).toBe('non_reglementaire');
}

describe('the preview of an LHEO import names the blocking rules a change would introduce', () => {
  it('the service’s dry run (what `offre import lheo --dry-run` prints): per formation, rules introduced and cleared; the count of non-diffusable ones', async () => {
    const r = await importLheo(t.ctx, organisme, [readFileSync(fichier)], { dryRun: true });
    attendu(r);
    await rienEnregistre();
  });

  it('a validateur’s dry run (the command line): a published formation written at once is counted too', async () => {
    // No revision: the change would apply at once, the offer would leave the diffusion at once (it was not counted).
    const r = await importLheo(t.ctx, SYSTEME('test'), [readFileSync(fichier)], { dryRun: true });
    expect(r.non_diffusables).toBe(2);
    expect(modifiee(r, 'PUB-1')).toMatchObject({
      revision: false,
      regles: { publiee: true, catalogue_avant: 'general', catalogue_apres: 'non_reglementaire' },
    });
    await rienEnregistre();
  });

  it('the API’s dry run (POST /api/v1/imports/lheo?dry_run=true)', async () => {
    attendu(await apercuApi(t, 'lheo', readFileSync(fichier), 'apercu-regles'));
    await rienEnregistre();
  });

  it('the page /espace/imports: the count, then each formation with its rules, code and message', async () => {
    const p = await apercuPage(t, 'lheo', readFileSync(fichier), {
      email: 'luhn@cfa-a.test',
      ip: '10.61.0.1',
    });
    expect(p).toContain('0 créée, 4 mises à jour, 0 inchangée, 0 rejetée');
    expect(p).toContain(
      '2 formations mises à jour deviendraient non diffusables (Non réglementaire) : une règle bloquante échouerait.',
    );
    expect(p).toMatch(
      /n° PUB-1 – .*Deviendrait non diffusable.*Règles bloquantes introduites : ORG_SIRET_FORMAT : L’organisme [^:]*SIRET 130 025 265 00012\)? a un SIRET invalide : il a 14 chiffres mais sa clé de contrôle est fausse/,
    );
    expect(p).toMatch(
      /n° FIX – .*Règle bloquante levée : ORG_SIRET_FORMAT : L’organisme [^:]*SIRET 130 025 265 00012\)? a un SIRET invalide/,
    );
    await rienEnregistre();
  });
});
