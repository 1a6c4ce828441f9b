import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { openLheoExport } from '../../src/services/export-lheo.service.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { loadReferentiels } from '../web/espace.helpers.ts';
import { bearer, formationFixture, useTestApi } from './helpers.ts';

// Fresh user, 05/12/2026 (M2): an LHEO place with `<codepostal>99999</codepostal>` (18 avenue
// Jean Moulin, Laval) was stored empty, street and town included (the postal code read as a
// placeholder dropped the whole address), without a word in the preview or the report; the rule
// then said the lieu was not filled. What is given is kept, and LIEU_COMMUNE names 99999.

const t = useTestApi();
beforeAll(() => loadReferentiels(t.ctx));

const FAUX = { adresse: '18 avenue Jean Moulin', code_postal: '99999', commune: 'Laval' };

async function lieux(formationId: string) {
  return t.ctx.db
    .selectFrom('session')
    .select(['adresse', 'code_postal', 'commune'])
    .where('formation_id', '=', formationId)
    .orderBy('id')
    .execute();
}

interface Echec {
  code: string;
  champ: string;
  message: string;
}

async function echecs(id: string): Promise<Echec[]> {
  const lue = await t.app.inject({
    method: 'GET',
    url: `/api/v1/formations/${id}`,
    headers: bearer(t.keys.writeA),
  });
  expect(lue.statusCode, lue.body).toBe(200);
  return lue.json().conformite.echecs;
}

function attendreLieuCommune(e: readonly Echec[], cp: string) {
  const lc = e.filter((x) => x.code === 'LIEU_COMMUNE');
  expect(lc.map((x) => x.message).join(' | ')).toContain(cp);
  expect(e.filter((x) => x.code === 'FORM_CHAMP_OBLIGATOIRE' && x.champ.includes('lieu'))).toEqual([]);
}

/** The export of formation `cle` as `numero`, its place 18 avenue Jean Moulin, `codepostal` Laval (53130). */
async function fichier(cle: string, numero: string, codepostal: string): Promise<string> {
  const exp = await openLheoExport(t.ctx.db, SYSTEME('test'), {}, new Date());
  let xml = '';
  for await (const ch of exp.chunks) xml += ch;
  const debut = xml.indexOf(`<formation numero="${cle}"`);
  const fin = xml.indexOf('</formation>', debut) + '</formation>'.length;
  const bloc = xml
    .slice(debut, fin)
    .replaceAll('<codepostal>69001</codepostal>', `<codepostal>${codepostal}</codepostal>`)
    .replaceAll('<ville>Lyon</ville>', '<ville>Laval</ville>')
    .replaceAll('<ligne>1 rue de la Paix</ligne>', '<ligne>18 avenue Jean Moulin</ligne>')
    .replaceAll(
      '<code-INSEE-commune>69381</code-INSEE-commune>',
      '<code-INSEE-commune>53130</code-INSEE-commune>',
    )
    .replace(`numero="${cle}"`, `numero="${numero}"`);
  expect(bloc).toContain(`<codepostal>${codepostal}</codepostal>`);
  expect(bloc).toContain('<ligne>18 avenue Jean Moulin</ligne>');
  expect(bloc).toContain('<code-INSEE-commune>53130</code-INSEE-commune>');
  return `${xml.slice(0, xml.indexOf('<formation '))}${bloc}\n</offres>\n</lheo>\n`;
}

describe('a place with a postal code no commune has is kept as given, and LIEU_COMMUNE names it', () => {
  it('API POST: 99999 Laval stored as written; LIEU_COMMUNE names 99999, the lieu is not « non renseigné »', async () => {
    const f = formationFixture({ cle_externe: 'CP-FAUX-API' });
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(t.keys.writeA),
      payload: { ...f, sessions: [{ ...f.sessions[0]!, lieu: FAUX }] },
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(await lieux(r.json().id)).toEqual([FAUX]);
    attendreLieuCommune(await echecs(r.json().id), '99999');
  });

  it('LHEO import, both write paths and the dry run: 99999 Laval kept (street, postal code, town)', async () => {
    const c = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(t.keys.writeA),
      payload: formationFixture({ cle_externe: 'CP-FAUX-LHEO' }),
    });
    expect(c.statusCode, c.body).toBe(201);
    for (const writePath of ['single', 'bulk'] as const) {
      const cle = `NOUV-002-${writePath}`;
      const xml = await fichier('CP-FAUX-LHEO', cle, '99999');
      const apercu = await importLheo(t.ctx, SYSTEME('test'), Readable.from([xml]), {
        writePath,
        dryRun: true,
      });
      expect(apercu.rejets, writePath).toEqual([]);
      const r = await importLheo(t.ctx, SYSTEME('test'), Readable.from([xml]), { writePath });
      expect(r.rejets, writePath).toEqual([]);
      expect(r.formations.creees, writePath).toBe(1);
      const fo = await t.ctx.db
        .selectFrom('formation')
        .select('id')
        .where('cle_externe', '=', cle)
        .executeTakeFirstOrThrow();
      expect(await lieux(fo.id), writePath).toEqual([FAUX]);
      attendreLieuCommune(await echecs(fo.id), '99999');
    }
  });

  it('LHEO import: the schema’s unknown postal code (00000) leaves the street and the town as given', async () => {
    const xml = await fichier('CP-FAUX-LHEO', 'CP-INCONNU', '00000');
    const r = await importLheo(t.ctx, SYSTEME('test'), Readable.from([xml]), {});
    expect(r.rejets).toEqual([]);
    const fo = await t.ctx.db
      .selectFrom('formation')
      .select('id')
      .where('cle_externe', '=', 'CP-INCONNU')
      .executeTakeFirstOrThrow();
    expect(await lieux(fo.id)).toEqual([{ ...FAUX, code_postal: null }]);
  });
});
