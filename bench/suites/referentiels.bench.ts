import { appendFileSync, createWriteStream, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import iconv from 'iconv-lite';
import yazl from 'yazl';
import { luhnComplete } from '../../src/domain/identifiants.ts';
import type { ImportResult } from '../../src/services/referentiel.service.ts';
import { type BenchDatabase, benchDatabase, runCli } from '../measure.ts';
import type { BenchEnv, BenchFigure, BenchSuite } from '../types.ts';

// Reference imports at national scale, from synthetic files in the official layouts: rows/s and
// the peak RSS of each `offre referentiel import` run in its own child process, as a user runs
// it (the files are streamed: memory must not grow with their size).

export const SIZES = {
  lpof: Number(process.env.BENCH_LPOF_ROWS ?? 150_000),
  /** StockEtablissement_utf8.zip as INSEE distributes it (the real one: ~40M rows, ~2 GB). */
  sireneZip: Number(process.env.BENCH_SIRENE_ZIP_ROWS ?? 2_000_000),
  sirene: Number(process.env.BENCH_SIRENE_ROWS ?? 1_000_000),
  bcn: Number(process.env.BENCH_BCN_ROWS ?? 10_000),
  rncp: Number(process.env.BENCH_RNCP_FICHES ?? 10_000),
};

/** Writes `n` lines produced by `line(i)` with backpressure (the generator must not hold the file either). */
async function generate(
  path: string,
  header: string,
  n: number,
  line: (i: number) => string,
  encode: (s: string) => Buffer = (s) => Buffer.from(s),
) {
  const out = createWriteStream(path);
  const write = (s: string) =>
    out.write(encode(s)) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  await write(`${header}\n`);
  let buf = '';
  for (let i = 0; i < n; i++) {
    buf += `${line(i)}\n`;
    if (buf.length > 1 << 16) {
      await write(buf);
      buf = '';
    }
  }
  await write(buf);
  await new Promise<void>((r) => out.end(() => r()));
  return path;
}

const siren = (i: number) => luhnComplete(String(10_000_000 + i).padStart(8, '0'));
const pad = (i: number, n: number) => String(i).padStart(n, '0');

async function lpof(dir: string) {
  const header =
    'numeroDeclarationActivite;numerosDeclarationActivitePrecedent;denomination;siren;siretEtablissementDeclarant;adressePhysiqueOrganismeFormation.voie;adressePhysiqueOrganismeFormation.codePostal;adressePhysiqueOrganismeFormation.ville;adressePhysiqueOrganismeFormation.codeRegion;certifications.actionsDeFormation;certifications.bilansDeCompetences;certifications.VAE;certifications.actionsDeFormationParApprentissage;informationsDeclarees.nbStagiaires;';
  return generate(join(dir, 'lpof.csv'), header, SIZES.lpof, (i) => {
    const s = siren(i);
    return `"${pad(11_000_000_000 + i, 11)}";"";"ORGANISME ${i}";"${s}";"${luhnComplete(`${s}0000`)}";"1 rue A";"75001";"Paris";"11";true;${i % 3 === 0};false;${i % 2 === 0};12;`;
  });
}

async function sirene(dir: string) {
  const header =
    'siren,nic,siret,statutDiffusionEtablissement,dateCreationEtablissement,etablissementSiege,enseigne1Etablissement,denominationUsuelleEtablissement,codePostalEtablissement,libelleCommuneEtablissement,codeCommuneEtablissement,etatAdministratifEtablissement';
  return generate(join(dir, 'StockEtablissement.csv'), header, SIZES.sirene, (i) => {
    const s = siren(i);
    const siret = luhnComplete(`${s}0000`);
    return `${s},${siret.slice(9)},${siret},O,2001-01-01,true,,"ETAB ${i}",75001,PARIS,75101,${i % 10 === 0 ? 'F' : 'A'}`;
  });
}

/** The real StockEtablissement header (53 columns) and rows of its realistic width (~250 bytes). */
const STOCK_HEADER =
  'siren,nic,siret,statutDiffusionEtablissement,dateCreationEtablissement,trancheEffectifsEtablissement,anneeEffectifsEtablissement,activitePrincipaleRegistreMetiersEtablissement,dateDernierTraitementEtablissement,etablissementSiege,nombrePeriodesEtablissement,complementAdresseEtablissement,numeroVoieEtablissement,indiceRepetitionEtablissement,dernierNumeroVoieEtablissement,indiceRepetitionDernierNumeroVoieEtablissement,typeVoieEtablissement,libelleVoieEtablissement,codePostalEtablissement,libelleCommuneEtablissement,libelleCommuneEtrangerEtablissement,distributionSpecialeEtablissement,codeCommuneEtablissement,codeCedexEtablissement,libelleCedexEtablissement,codePaysEtrangerEtablissement,libellePaysEtrangerEtablissement,identifiantAdresseEtablissement,coordonneeLambertAbscisseEtablissement,coordonneeLambertOrdonneeEtablissement,complementAdresse2Etablissement,numeroVoie2Etablissement,indiceRepetition2Etablissement,typeVoie2Etablissement,libelleVoie2Etablissement,codePostal2Etablissement,libelleCommune2Etablissement,libelleCommuneEtranger2Etablissement,distributionSpeciale2Etablissement,codeCommune2Etablissement,codeCedex2Etablissement,libelleCedex2Etablissement,codePays2Etablissement,libellePays2Etablissement,dateDebut,etatAdministratifEtablissement,enseigne1Etablissement,enseigne2Etablissement,enseigne3Etablissement,denominationUsuelleEtablissement,activitePrincipaleEtablissement,nomenclatureActivitePrincipaleEtablissement,caractereEmployeurEtablissement';
/** One known organisme every this many establishments (a few thousand in the real stock). */
const CONNU_TOUS = 400;

const nicDe = (i: number) => pad((i % 97) + 10, 5);

function stockLine(i: number): string {
  const s = siren(i);
  const nic = nicDe(i);
  const cp = pad(1000 + ((i * 7) % 95_000), 5);
  const enseigne = i % 20 === 0 ? `"BOULANGERIE ${i}, CHEZ ""PAUL"""` : i % 3 === 0 ? `ENSEIGNE ${i}` : '';
  return `${s},${nic},${s}${nic},O,2005-03-14,${i % 5 ? 'NN' : '03'},${i % 5 ? '' : '2022'},,2024-03-22T10:11:12,${i % 4 === 0},3,,${(i % 120) + 1},,,,RUE,DE LA REPUBLIQUE ${i % 500},${cp},COMMUNE ${i % 3000},,,${cp.slice(0, 2)}${pad(i % 900, 3)},,,,,${cp}_B${i % 1000},652345.6,6862275.4,,,,,,,,,,,,,,,2019-01-01,${i % 10 === 0 ? 'F' : 'A'},${enseigne},,,${i % 11 === 0 ? 'SAS EXEMPLE' : ''},85.59A,NAFRev2,${i % 2 ? 'O' : 'N'}`;
}

/** A deflated StockEtablissement_utf8.zip of `SIZES.sireneZip` rows, streamed to disk (never held whole). */
export async function sireneZip(dir: string): Promise<string> {
  const path = join(dir, 'StockEtablissement_utf8.zip');
  const zip = new yazl.ZipFile();
  async function* csv() {
    yield `${STOCK_HEADER}\r\n`;
    let buf = '';
    for (let i = 0; i < SIZES.sireneZip; i++) {
      buf += `${stockLine(i)}\r\n`;
      if (buf.length > 1 << 18) {
        yield buf;
        buf = '';
      }
    }
    yield buf;
  }
  zip.addReadStream(Readable.from(csv()), 'StockEtablissement_utf8.csv');
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(path));
  return path;
}

/** Known organismes for `--only-known`: one establishment in CONNU_TOUS of the generated stock. */
export async function organismesConnus(database: BenchDatabase): Promise<number> {
  const rows = [];
  for (let i = 0; i < SIZES.sireneZip; i += CONNU_TOUS)
    rows.push({ siret: `${siren(i)}${nicDe(i)}`, siren: siren(i) });
  for (let i = 0; i < rows.length; i += 1000)
    await database.db
      .insertInto('organisme')
      .values(rows.slice(i, i + 1000))
      .execute();
  return rows.length;
}

async function bcn(dir: string) {
  const cols = [
    'FORMATION_DIPLOME',
    'NIVEAU_FORMATION_DIPLOME',
    'LIBELLE_COURT',
    'LIBELLE_STAT_33',
    'LIBELLE_LONG_200',
    'DATE_OUVERTURE',
    'DATE_FERMETURE',
  ];
  const header = [
    ...cols,
    ...[1, 2, 3, 4, 5, 6, 7].map((n) => `NOUVEAU_DIPLOME_${n}`),
    'COMMENTAIRE',
    'NIVEAU_QUALIFICATION_RNCP',
  ].join(';');
  return generate(
    join(dir, 'N_FORMATION_DIPLOME.csv'),
    header,
    SIZES.bcn,
    (i) =>
      `${pad(50_000_000 + i, 8)};500;CAP;MÉTIER ${i};CERTIFICAT D'APTITUDE "${i}" MÉTIER;01/09/2020;01/01/1900;${pad(50_000_000 + i + 1, 8)};;;;;;;créé;03`,
    (s) => iconv.encode(s, 'win1252'),
  );
}

async function rncpXml(dir: string) {
  const fiche = (i: number) =>
    `<FICHE><ID_FICHE>${i}</ID_FICHE><NUMERO_FICHE>RNCP${30000 + i}</NUMERO_FICHE><INTITULE>Titre professionnel ${i} &amp; métier</INTITULE><ABREGE><CODE>TP</CODE></ABREGE><ETAT_FICHE>Publiée</ETAT_FICHE><ACTIF>Oui</ACTIF><NOMENCLATURE_EUROPE><NIVEAU>NIV5</NIVEAU></NOMENCLATURE_EUROPE><TYPE_ENREGISTREMENT>Enregistrement sur demande</TYPE_ENREGISTREMENT><DATE_FIN_ENREGISTREMENT>31/08/2028</DATE_FIN_ENREGISTREMENT><SI_JURY_CA><ACTIF>Oui</ACTIF><COMPOSITION>${'Jury composé de professionnels. '.repeat(20)}</COMPOSITION></SI_JURY_CA><CODES_NSF><NSF><CODE>312</CODE></NSF></CODES_NSF><CERTIFICATEURS><CERTIFICATEUR><SIRET_CERTIFICATEUR>${luhnComplete(`${siren(i)}0000`)}</SIRET_CERTIFICATEUR><NOM_CERTIFICATEUR>CERT ${i}</NOM_CERTIFICATEUR></CERTIFICATEUR></CERTIFICATEURS><PARTENAIRES>${[1, 2, 3].map((p) => `<PARTENAIRE><NOM_PARTENAIRE>P${p}</NOM_PARTENAIRE><SIRET_PARTENAIRE>${luhnComplete(`${siren(i + p * 100_000)}0000`)}</SIRET_PARTENAIRE><HABILITATION_PARTENAIRE>HABILITATION_FORMER</HABILITATION_PARTENAIRE></PARTENAIRE>`).join('')}</PARTENAIRES><ACTIVITES_VISEES>${'Activités visées par la certification. '.repeat(40)}</ACTIVITES_VISEES></FICHE>`;
  const path = await generate(
    join(dir, 'fiches-rncp.xml'),
    '<?xml version="1.0" encoding="UTF-8"?>\n<FICHES><VERSION_FLUX>4.1</VERSION_FLUX>',
    SIZES.rncp,
    fiche,
  );
  appendFileSync(path, '</FICHES>\n');
  return path;
}

export const referentielsSuite: BenchSuite = {
  name: 'referentiels',
  async run(env: BenchEnv): Promise<BenchFigure[]> {
    const figures: BenchFigure[] = [];
    const pglite = env.engine === 'pglite';
    const database = await benchDatabase(env, 'referentiels');
    try {
      const connus = await organismesConnus(database);
      if (pglite) await database.close(); // the children open the PGlite folder
      const cases: [label: string, kind: string, make: (dir: string) => Promise<string>][] = [
        [`LPOF ${SIZES.lpof} lignes`, 'lpof', lpof],
        [`Sirene ${SIZES.sirene} lignes`, 'sirene', sirene],
        [`BCN N_FORMATION_DIPLOME ${SIZES.bcn} lignes`, 'bcn', bcn],
        [`RNCP XML ${SIZES.rncp} fiches`, 'rncp', rncpXml],
      ];
      for (const [label, kind, make] of cases) {
        const file = await make(env.tmpDir);
        // The idle CLI on the same store: what every command costs before reading a line.
        const repos = (await runCli(database, ['referentiel', 'status'])).maxRssMb;
        const run = await runCli(database, ['referentiel', 'import', kind, file, '--json']);
        if (run.code !== 0) throw new Error(`offre referentiel import ${kind} : code ${run.code}`);
        const lues = (JSON.parse(run.stdout) as ImportResult).lignes.lues;
        const croissance = run.maxRssMb - repos;
        figures.push(
          {
            name: `import ${label} (offre referentiel import ${kind})`,
            value: Math.round(lues / (run.ms / 1000)),
            unit: 'rows/s',
            note: `${(run.ms / 1000).toFixed(1)} s`,
          },
          // PGlite's database lives in the process (its WASM heap): the target applies to the
          // whole process on PostgreSQL, to what the import adds over the idle CLI on PGlite.
          {
            name: `import ${label} pic RSS`,
            value: run.maxRssMb,
            unit: 'MB',
            note: `pic RSS propre du processus${pglite ? ', base PGlite comprise' : ''} ; CLI au repos sur la même base : ${repos} MB`,
            ...(pglite ? {} : { target: '< 300 MB', ok: run.maxRssMb < 300 }),
          },
          {
            name: `import ${label} croissance RSS sur le CLI au repos`,
            value: croissance,
            unit: 'MB',
            ...(pglite
              ? {
                  target: '< 300 MB',
                  ok: croissance < 300,
                  note: 'cible PGlite : la base vit dans le processus',
                }
              : {}),
          },
        );
      }
      // As distributed: the zip read as a stream, only the known establishments kept.
      const zip = await sireneZip(env.tmpDir);
      const zipMb = Math.round(statSync(zip).size / 1024 / 1024);
      const z = await runCli(database, ['referentiel', 'import', 'sirene', zip, '--only-known', '--json']);
      if (z.code !== 0) throw new Error(`offre referentiel import sirene --only-known : code ${z.code}`);
      const zr = JSON.parse(z.stdout) as ImportResult;
      const parCpu = zr.lignes.lues / (z.cpuMs / 1000);
      const label = `Sirene StockEtablissement_utf8.zip ${SIZES.sireneZip} lignes (${zipMb} Mo), --only-known (${connus} organismes connus, ${zr.lignes.gardees} gardées)`;
      figures.push(
        {
          name: `import ${label} par seconde de CPU`,
          value: Math.round(parCpu),
          unit: 'rows/s',
          note: `${(z.cpuMs / 1000).toFixed(1)} s de CPU du processus (zip, empreinte SHA-256, base comprise)`,
          target: '≥ 150000 rows/s',
          ok: parCpu >= 150_000,
        },
        {
          name: `import ${label} par seconde d’horloge`,
          value: Math.round(zr.lignes.lues / (z.ms / 1000)),
          unit: 'rows/s',
          note: `${(z.ms / 1000).toFixed(1)} s ; dépend de la charge de la machine`,
        },
        {
          name: `import ${label} pic RSS`,
          value: z.maxRssMb,
          unit: 'MB',
          note: `pic RSS propre du processus${pglite ? ', base PGlite comprise (cible sur PostgreSQL)' : ''}`,
          ...(pglite ? {} : { target: '≤ 300 MB', ok: z.maxRssMb <= 300 }),
        },
      );
    } finally {
      await database.close();
    }
    return figures;
  },
};
