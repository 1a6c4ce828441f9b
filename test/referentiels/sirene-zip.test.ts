import { createWriteStream, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import type { Database } from '../../src/db/database.ts';
import { readCsv } from '../../src/referentiels/csv.reader.ts';
import { importReferentiel } from '../../src/services/referentiel.service.ts';
import { testDatabase } from '../helpers/db.ts';
import { contexte, tmp } from './helpers.ts';

// `offre referentiel import sirene StockEtablissement_utf8.zip --only-known` as INSEE distributes
// it: a deflated zip read as a stream, rows of unknown SIRENs decided from their first bytes.

/** The header of StockEtablissement as published by INSEE (v3.11 layout). */
const HEADER =
  'siren,nic,siret,statutDiffusionEtablissement,dateCreationEtablissement,trancheEffectifsEtablissement,anneeEffectifsEtablissement,activitePrincipaleRegistreMetiersEtablissement,dateDernierTraitementEtablissement,etablissementSiege,nombrePeriodesEtablissement,complementAdresseEtablissement,numeroVoieEtablissement,indiceRepetitionEtablissement,dernierNumeroVoieEtablissement,indiceRepetitionDernierNumeroVoieEtablissement,typeVoieEtablissement,libelleVoieEtablissement,codePostalEtablissement,libelleCommuneEtablissement,libelleCommuneEtrangerEtablissement,distributionSpecialeEtablissement,codeCommuneEtablissement,codeCedexEtablissement,libelleCedexEtablissement,codePaysEtrangerEtablissement,libellePaysEtrangerEtablissement,identifiantAdresseEtablissement,coordonneeLambertAbscisseEtablissement,coordonneeLambertOrdonneeEtablissement,complementAdresse2Etablissement,numeroVoie2Etablissement,indiceRepetition2Etablissement,typeVoie2Etablissement,libelleVoie2Etablissement,codePostal2Etablissement,libelleCommune2Etablissement,libelleCommuneEtranger2Etablissement,distributionSpeciale2Etablissement,codeCommune2Etablissement,codeCedex2Etablissement,libelleCedex2Etablissement,codePays2Etablissement,libellePays2Etablissement,dateDebut,etatAdministratifEtablissement,enseigne1Etablissement,enseigne2Etablissement,enseigne3Etablissement,denominationUsuelleEtablissement,activitePrincipaleEtablissement,nomenclatureActivitePrincipaleEtablissement,caractereEmployeurEtablissement';

const COLS = HEADER.split(',');
/** One row in that layout; `v` sets columns by name (values written as given: quote them yourself). */
function row(siren: string, nic: string, v: Record<string, string> = {}): string {
  const base: Record<string, string> = {
    siren,
    nic,
    siret: `${siren}${nic}`,
    statutDiffusionEtablissement: 'O',
    dateCreationEtablissement: '2001-01-01',
    etablissementSiege: 'true',
    codePostalEtablissement: '59000',
    libelleCommuneEtablissement: 'LILLE',
    codeCommuneEtablissement: '59350',
    dateDebut: '2001-01-01',
    etatAdministratifEtablissement: 'A',
    ...v,
  };
  return COLS.map((c) => base[c] ?? '').join(',');
}

function zipper(path: string, name: string, data: Buffer): Promise<string> {
  const z = new yazl.ZipFile();
  z.addBuffer(data, name);
  z.end();
  return new Promise((resolve, reject) =>
    z.outputStream
      .pipe(createWriteStream(path))
      .on('close', () => resolve(path))
      .on('error', reject),
  );
}

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
  await database.db
    .insertInto('organisme')
    .values([
      { siret: '73282932000074', siren: '732829320' },
      { siret: '35600000000048', siren: '356000000' },
    ])
    .execute();
});
afterAll(() => database.close());

const etablissements = () =>
  database.db
    .selectFrom('etablissement')
    .select(['siret', 'siren', 'etat', 'denomination', 'code_commune'])
    .orderBy('siret')
    .execute();

describe('Sirene StockEtablissement_utf8.zip, --only-known', () => {
  it('keeps only known SIRENs from a deflated zip, reads quoted fields (commas, quotes, line breaks) of kept and skipped rows alike', async () => {
    const lignes = [
      HEADER,
      row('111111118', '00011', { denominationUsuelleEtablissement: '"SAUT DE\nLIGNE, INCONNU"' }),
      row('732829320', '00074', { denominationUsuelleEtablissement: '"CFA ""DU"" NORD, LILLE"' }),
      // A quoted SIREN is still read as one.
      row('"356000000"', '00048', {
        siret: '35600000000048',
        denominationUsuelleEtablissement: '"LA POSTE\nSIÈGE"',
      }),
      // A known SIREN with a malformed state: rejected with its physical line (after the 2-line records).
      row('356000000', '00055', { etatAdministratifEtablissement: 'X' }),
      // Not a 9-digit SIREN: read fully, then dropped by the exact filter.
      row('123', '00001'),
      ...Array.from({ length: 5000 }, (_, i) =>
        row(String(400_000_000 + i), '00010', { enseigne1Etablissement: i % 7 ? '' : '"A, B"' }),
      ),
    ];
    const dir = tmp();
    const zip = await zipper(
      join(dir, 'StockEtablissement_utf8.zip'),
      'StockEtablissement_utf8.csv',
      Buffer.from(`${lignes.join('\r\n')}\r\n`),
    );
    const r = await importReferentiel(contexte(database), { kind: 'sirene', fichier: zip, onlyKnown: true });
    expect(r.lignes).toEqual({ lues: 5005, gardees: 2, rejetees: 1, ignorees: 5002, completees: 0 });
    expect(r.rejets).toEqual([
      {
        fichier: 'StockEtablissement_utf8.zip',
        ligne: 7,
        colonne: 'etatAdministratifEtablissement',
        message: 'état administratif inattendu (A ou F attendu)',
      },
    ]);
    expect(await etablissements()).toEqual([
      {
        siret: '35600000000048',
        siren: '356000000',
        etat: 'A',
        denomination: 'LA POSTE\nSIÈGE',
        code_commune: '59350',
      },
      {
        siret: '73282932000074',
        siren: '732829320',
        etat: 'A',
        denomination: 'CFA "DU" NORD, LILLE',
        code_commune: '59350',
      },
    ]);
  });

  it('a damaged zip is REFERENTIEL_ILLISIBLE naming the file, and nothing is stored', async () => {
    const avant = await etablissements();
    const dir = tmp();
    const data = Buffer.from(
      `${[HEADER, ...Array.from({ length: 2000 }, (_, i) => row('732829320', String(i).padStart(5, '0')))].join('\n')}\n`,
    );
    const bon = readFileSync(await zipper(join(dir, 'bon.zip'), 'StockEtablissement_utf8.csv', data));
    // Truncated (the download stopped): no central directory.
    const tronque = join(dir, 'StockEtablissement_tronque.zip');
    writeFileSync(tronque, bon.subarray(0, Math.floor(bon.length / 2)));
    // The member's declared size is wrong: the stream fails once reading is well under way.
    const faux = Buffer.from(bon);
    const central = faux.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    faux.writeUInt32LE(data.length + 1000, central + 24);
    const abime = join(dir, 'StockEtablissement_abime.zip');
    writeFileSync(abime, faux);
    for (const [fichier, nom] of [
      [tronque, 'StockEtablissement_tronque.zip'],
      [abime, 'StockEtablissement_abime.zip'],
    ] as const) {
      for (const onlyKnown of [true, false]) {
        const e = await importReferentiel(contexte(database), { kind: 'sirene', fichier, onlyKnown }).catch(
          (x: unknown) => x,
        );
        expect(e).toMatchObject({ code: 'REFERENTIEL_ILLISIBLE', details: { fichier: nom } });
        expect((e as Error).message).toContain(`Le fichier ${nom} est illisible (archive zip endommagée`);
      }
    }
    expect(await etablissements()).toEqual(avant);
  });
});

describe('generic CSV reader', () => {
  it('rejects (does not hang) when its byte stream fails', async () => {
    const source = new Readable({ read() {} });
    source.push('a;b\n1;2\n');
    setImmediate(() => source.destroy(new Error('lecture interrompue')));
    const lues: string[][] = [];
    await expect(
      (async () => {
        for await (const r of readCsv(source, { encoding: 'utf8', delimiter: ';', quote: true }))
          lues.push(r.valeurs);
      })(),
    ).rejects.toThrow('lecture interrompue');
    const win = new Readable({ read() {} });
    setImmediate(() => win.destroy(new Error('lecture interrompue')));
    await expect(
      (async () => {
        for await (const _ of readCsv(win, { encoding: 'win1252', delimiter: ';', quote: true })) void _;
      })(),
    ).rejects.toThrow('lecture interrompue');
  });
});

// A real extract of the national stock, when ../shared/reference has one (it has none today).
const REFERENCE = new URL('../../../shared/reference/organismes/sirene', import.meta.url).pathname;
const extrait = existsSync(REFERENCE)
  ? readdirSync(REFERENCE).find((n) => /^StockEtablissement.*\.(zip|csv)$/i.test(n))
  : undefined;

describe('Sirene, real extract', () => {
  it.skipIf(!extrait)(
    `imports the real extract of shared/reference/organismes/sirene with --only-known${extrait ? '' : ' (ignoré : aucun extrait Sirene réel dans ../shared/reference/organismes/sirene)'}`,
    async () => {
      const r = await importReferentiel(contexte(database), {
        kind: 'sirene',
        fichier: join(REFERENCE, extrait!),
        onlyKnown: true,
        force: true,
      });
      expect(r.lignes.lues).toBeGreaterThan(0);
      expect(r.lignes.rejetees).toBeLessThan(r.lignes.lues / 100);
    },
  );
});
