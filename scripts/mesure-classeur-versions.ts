import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { FEUILLE_VERSIONS } from '../src/formats/classeur/classeur.versions.ts';
import { writeClasseur } from '../src/formats/classeur/classeur.writer.ts';

// What the hidden `Versions` sheet costs (docs/mesures.md): bytes of a 5,000-row campaign workbook
// with and without it (re-saved by exceljs as Excel would), and the CPU time of the streamed export.
// Run: node bin/run-ts.js scripts/mesure-classeur-versions.ts

const N = 5000;
const lignes = Array.from({ length: N }, (_, i) => ({
  reference: `fo_${String(i).padStart(22, '0')}/se_${String(i).padStart(22, '0')}`,
  intitule: `BTS Formation numéro ${i}`,
  objectif: 'Former des professionnels '.repeat(8),
  rncp: `RNCP${30000 + i}`,
  cfd: '32031213',
  siretResponsable: '13002526500013',
  siretFormateur: '13002526500013',
  adresse: `${i} rue de la République`,
  codePostal: '69002',
  commune: 'Lyon',
  duree: '2',
  annees: '1,2',
  contratPro: 'oui',
  formationContinue: 'non',
  capacite: '24',
  contactNom: 'Lou Bernard',
  contactTelephone: '0472000000',
  contactCourriel: 'accueil@cfa.example',
  debut: '2027-09-06',
  fin: '2029-07-05',
}));
const chunks: Buffer[] = [];
const out = new PassThrough();
out.on('data', (b: Buffer) => chunks.push(b));
const cpu0 = process.cpuUsage();
await writeClasseur(
  out,
  {
    annee: 2027,
    libelleCampagne: 'Rentrée 2027',
    siret: '13002526500013',
    raisonSociale: null,
    genereLe: new Date(),
  },
  lignes,
);
const cpu = process.cpuUsage(cpu0);
const exporte = Buffer.concat(chunks);
const resave = async (sansVersions: boolean) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(exporte as unknown as ArrayBuffer);
  if (sansVersions) wb.removeWorksheet(wb.getWorksheet(FEUILLE_VERSIONS)!.id);
  return (await wb.xlsx.writeBuffer()).byteLength;
};
const avec = await resave(false);
const sans = await resave(true);
console.log(
  JSON.stringify({
    lignes: N,
    export_octets: exporte.length,
    export_cpu_ms: Math.round((cpu.user + cpu.system) / 1000),
    reenregistre_avec_versions: avec,
    reenregistre_sans_versions: sans,
    octets_par_ligne: Math.round((avec - sans) / N),
  }),
);
