import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderRapportLheo } from '../../src/cli/commands/import-lheo.command.ts';
import { type LigneRapportLheo, ligneRapportCsv } from '../../src/formats/lheo/lheo.rapport.ts';
import { openLheoExport } from '../../src/services/export-lheo.service.ts';
import { importLheo, type LheoImportReport } from '../../src/services/import-lheo.service.ts';
import { SIRET_A } from '../api/helpers.ts';
import type { TestWeb } from '../auth/web.helpers.ts';
import { apercuApi, apercuPage, baseApercu, ORGANISME_APERCU as organisme } from '../helpers/apercu.ts';

// Found in review: the LHEO preview named the wrong session when a rule failed on one. The rules
// number a formation's sessions in their stored order (by start date), the file may list them in
// another: a file whose first session (2027, financed by the Région without a market number)
// comes before a 2026 one was told « La session 2, financée par la Région, n’a pas de numéro de
// marché », on the formation's line. The preview now names the session as the file has it
// (« session 1 de l’action 1 », as the reader's refusals), with its <session> element's line and
// path, on every door: the service's report and full report (CSV), the command line, the API, the page.

let t: TestWeb;
let fichier: Buffer;
/** Line of the faulty session's `<session>` element in the file. */
let ligneSession: number;

const MESSAGE =
  'La session 1 de l’action 1, financée par la Région, n’a pas de numéro de marché : indiquez les 8 caractères du marché';

beforeAll(async () => {
  ({ t } = await baseApercu('MOD-1'));
  const exp = await openLheoExport(t.ctx.db, organisme, { siret: SIRET_A }, new Date());
  let xml = '';
  for await (const c of exp.chunks) xml += c;
  const session = /<session numero="S2026">[\s\S]*?<\/session>/.exec(xml)![0];
  // First in the file: a 2027 session financed by the Région, without a market number; then the 2026 one.
  const regionale = session
    .replace('numero="S2026"', 'numero="S2027"')
    .replace('<debut>20260901</debut>', '<debut>20270901</debut>')
    .replace('<fin>20280630</fin>', '<fin>20290630</fin>')
    .replace('<extras info="offre">', '<extras info="offre">\n<extra info="financeur">region</extra>');
  xml = xml.replace(session, `${regionale}\n${session}`);
  ligneSession = xml.split('\n').findIndex((l) => l.includes('<session numero="S2027">')) + 1;
  expect(ligneSession).toBeGreaterThan(1);
  fichier = Buffer.from(xml);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

/** The rule the preview must name, from a report of this file. */
function regle(r: LheoImportReport) {
  expect(r.formations).toMatchObject({ mises_a_jour: 1, rejetees: 0 });
  expect(r.modifiees[0]!.regles!.introduites.find((i) => i.code === 'CONV_CONTACT')!.message).toMatch(
    /^La session conventionnée 1 de l’action 1 n’a pas de contact complet/,
  );
  const x = r.modifiees[0]!.regles!.introduites.find((i) => i.code === 'CONV_MARCHE');
  expect(x).toBeDefined();
  return x!;
}

describe('the LHEO preview names a session’s rule as the file has the session', () => {
  it('the service’s dry run, its full report (CSV) and the command line', async () => {
    const lignes: LigneRapportLheo[] = [];
    const r = await importLheo(t.ctx, organisme, [fichier], { dryRun: true, onLigne: (l) => lignes.push(l) });
    const x = regle(r);
    expect(x.message).toContain(MESSAGE);
    expect(x).toMatchObject({ ligne: ligneSession, element: 'formation[1]/action[1]/session[1]' });
    expect(x).not.toHaveProperty('session_id');

    const l = lignes.find((y) => y.resultat === 'regle_introduite' && y.code === 'CONV_MARCHE')!;
    expect(l).toMatchObject({
      ligne: ligneSession,
      numero: 'MOD-1',
      element: 'formation[1]/action[1]/session[1]',
    });
    expect(ligneRapportCsv(l)).toMatch(
      new RegExp(
        `^${ligneSession};MOD-1;[^;]*;règle bloquante introduite;formation\\[1\\]/action\\[1\\]/session\\[1\\];CONV_MARCHE;"?La session 1 de l’action 1, financée`,
      ),
    );

    const sortie = renderRapportLheo(r, true);
    expect(sortie).toContain(`! Règle bloquante introduite : CONV_MARCHE : ${MESSAGE}`);
    expect(sortie).toContain(`(ligne ${ligneSession} du fichier)`);
    expect(sortie).not.toContain('La session 2');
  });

  it('the API’s dry run (POST /api/v1/imports/lheo?dry_run=true)', async () => {
    const rapport = await apercuApi<LheoImportReport>(t, 'lheo', fichier, 'apercu-session');
    const x = regle(rapport);
    expect(x.message).toContain(MESSAGE);
    expect(x).toMatchObject({ ligne: ligneSession, element: 'formation[1]/action[1]/session[1]' });
    expect(x).not.toHaveProperty('session_id');
  });

  it('the page /espace/imports', async () => {
    const p = await apercuPage(t, 'lheo', fichier, { email: 'session@cfa-a.test', ip: '10.63.0.7' });
    expect(p).toContain(`CONV_MARCHE : ${MESSAGE}`);
    expect(p).toContain(`(ligne ${ligneSession} du fichier)`);
    expect(p).not.toContain('La session 2');
  });
});
