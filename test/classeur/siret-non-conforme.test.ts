import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RapportClasseur } from '../../src/formats/classeur/classeur.report.ts';
import { openLheoExport } from '../../src/services/export-lheo.service.ts';
import { getFormation } from '../../src/services/formation.service.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { SIRET_A } from '../api/helpers.ts';
import type { TestWeb } from '../auth/web.helpers.ts';
import { baseApercu, ORGANISME_APERCU as organisme } from '../helpers/apercu.ts';
import { COL } from '../web/imports.helpers.ts';
import { enBuffer, exportClasseur, nouvelleLigne, ouvrir, peindre } from './classeur.helpers.ts';

// Fresh users' report: a SIRET of 13 digits (or « abc ») in a « SIRET formateur » cell was refused
// at entry by the workbook (CLASSEUR_SIRET_INVALIDE), while the LHEO import (and the API) store it
// and the blocking rule ORG_SIRET_FORMAT keeps the offer from diffusion (RULES.md). The workbook
// now stores what it can read, like LHEO: only what cannot be stored (more than 20 characters) is
// refused at entry, with its row and column.

/** SIREN A's SIRET missing its last digit. */
const SIRET_13 = '1300252650001';
const BLEU = { font: { color: { argb: 'FF0070C0' } } };

let t: TestWeb;
let fichier: Buffer;
const n: Record<string, number> = {};

beforeAll(async () => {
  ({ t } = await baseApercu('PUB-1'));
  const wb = await ouvrir(await exportClasseur(t));
  const ws = wb.getWorksheet('Offre')!;
  const ajouter = (nom: string, v: Record<string, unknown>) => {
    const i = ws.rowCount + 1;
    for (const [cle, valeur] of Object.entries(nouvelleLigne({ intitule: `Vendeur ${nom}`, ...v }))) {
      const cellule = ws.getRow(i).getCell(COL[cle]!);
      cellule.value = valeur as never;
      peindre(cellule, BLEU);
    }
    n[nom] = i;
  };
  ajouter('formateur-13', { siretFormateur: SIRET_13 });
  ajouter('formateur-abc', { siretFormateur: 'abc' });
  ajouter('responsable-13', { siretResponsable: SIRET_13 });
  ajouter('responsable-abc', { siretResponsable: 'abc' });
  ajouter('formateur-long', { siretFormateur: '130 025 265 00013 130 025 265' });
  fichier = await enBuffer(wb);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const ligne = (r: RapportClasseur, nom: string) => r.lignes.find((l) => l.ligne === n[nom])!;
const regle = (r: RapportClasseur, nom: string, champ: string) =>
  ligne(r, nom).regles?.introduites.find((x) => x.code === 'ORG_SIRET_FORMAT' && x.champ === champ);

describe('a malformed SIRET in the workbook is stored and flagged, as LHEO does', () => {
  it('the preview: readable SIRETs make new rows with ORG_SIRET_FORMAT; a SIRET too long to store is refused', async () => {
    const { rapport } = await importClasseur(t.ctx, organisme, fichier, { dryRun: true });
    expect(ligne(rapport, 'formateur-13').verdict).toBe('nouvelle');
    expect(ligne(rapport, 'formateur-13').erreurs).toEqual([]);
    expect(regle(rapport, 'formateur-13', 'formateur.siret')?.message).toContain(
      `SIRET ${SIRET_13} a un SIRET invalide : il a 13 chiffres au lieu de 14`,
    );
    expect(ligne(rapport, 'formateur-abc').verdict).toBe('nouvelle');
    expect(regle(rapport, 'formateur-abc', 'formateur.siret')?.message).toContain(
      'a un SIRET invalide : il n’est pas fait de 14 chiffres',
    );
    expect(ligne(rapport, 'responsable-13').verdict).toBe('nouvelle');
    expect(regle(rapport, 'responsable-13', 'responsable.siret')?.message).toContain(
      `SIRET ${SIRET_13} a un SIRET invalide : il a 13 chiffres au lieu de 14`,
    );
    // « abc » as SIRET responsable is of no SIREN the organisme's access covers: said as such.
    const abc = ligne(rapport, 'responsable-abc');
    expect(abc.erreurs.map((e) => [e.colonne, e.code])).toEqual([['SIRET responsable', 'CLASSEUR_ACCES']]);
    expect(abc.erreurs[0]!.message).toContain(
      'le SIRET responsable « abc » ne commence pas par un SIREN (9 chiffres) : il n’est d’aucun établissement de votre SIREN',
    );
    // What no formation can hold: refused at entry, its row and column named, with a stable code.
    const long = ligne(rapport, 'formateur-long');
    expect(long.verdict).toBe('erreur');
    expect(long.erreurs.map((e) => [e.colonne, e.code])).toEqual([
      ['SIRET formateur', 'CLASSEUR_SIRET_INVALIDE'],
    ]);
    expect(long.erreurs[0]!.message).toMatch(
      new RegExp(`^Ligne ${n['formateur-long']}, colonne « SIRET formateur » : .*20 caractères au plus`),
    );
  });

  it('applied: the formations are stored with the SIRET as typed, failing ORG_SIRET_FORMAT, like LHEO’s', async () => {
    const { rapport } = await importClasseur(t.ctx, organisme, fichier, { dryRun: false });
    expect(rapport.totaux).toMatchObject({ nouvelle: 3, erreur: 2 });
    const creee = async (nom: string) => {
      const l = ligne(rapport, nom);
      expect(l.formation_creee, nom).toBeTruthy();
      return (await getFormation(t.ctx.db, organisme, l.formation_creee!))!;
    };
    const f13 = await creee('formateur-13');
    expect(f13.formateur?.siret).toBe(SIRET_13);
    const echec = f13.conformite.echecs.find((e) => e.code === 'ORG_SIRET_FORMAT');
    expect(echec).toMatchObject({ severite: 'bloquant', champ: 'formateur.siret' });
    expect((await creee('formateur-abc')).formateur?.siret).toBe('abc');
    const r13 = await creee('responsable-13');
    expect(r13.responsable?.siret).toBe(SIRET_13);
    expect(r13.conformite.echecs.map((e) => [e.code, e.champ])).toContainEqual([
      'ORG_SIRET_FORMAT',
      'responsable.siret',
    ]);

    // The same SIRET through LHEO: stored, the same rule with the same message.
    const exp = await openLheoExport(t.ctx.db, organisme, { siret: SIRET_A }, new Date());
    let xml = '';
    for await (const c of exp.chunks) xml += c;
    const bloc = /<formation numero="PUB-1"[\s\S]*?<\/formation>/.exec(xml)![0];
    const autre = bloc
      .replace('numero="PUB-1"', 'numero="LHEO-13"')
      .replace(/(<SIRET-formateur>\s*<SIRET>)\d+</, `$1${SIRET_13}<`)
      .replace(/<raison-sociale-formateur>[\s\S]*?<\/raison-sociale-formateur>/, '');
    const r = await importLheo(t.ctx, organisme, [Buffer.from(xml.replace(bloc, `${bloc}\n${autre}`))]);
    expect(r.rejets).toEqual([]);
    const [lheo] = await t.ctx.db
      .selectFrom('formation')
      .select('id')
      .where('cle_externe', '=', 'LHEO-13')
      .execute();
    const fl = (await getFormation(t.ctx.db, organisme, lheo!.id))!;
    expect(fl.formateur?.siret).toBe(SIRET_13);
    expect(fl.conformite.echecs.find((e) => e.code === 'ORG_SIRET_FORMAT')).toEqual(echec);
  });
});
