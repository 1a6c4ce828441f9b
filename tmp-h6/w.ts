import { createWriteStream } from 'node:fs';
import { ecrireClasseur } from '../src/formats/classeur/classeur.writer.ts';
import { lireClasseur } from '../src/formats/classeur/classeur.reader.ts';
import { readFileSync } from 'node:fs';
const out = createWriteStream('/tmp/c.xlsx');
const n = await ecrireClasseur(out, { annee: 2027, libelleCampagne: 'Rentrée 2027', siret: '13002526500013', raisonSociale: 'CFA', genereLe: new Date() },
  [{ reference: 'fo_1/se_1', intitule: 'BTS MCO', siretResponsable: '13002526500013', annees: '1,2', duree: '2', debut: '2027-09-01', fin: '2029-06-30', codePostal: '01000' }]);
const lu = await lireClasseur(readFileSync('/tmp/c.xlsx'));
console.log(n, lu.annee, JSON.stringify(lu.lignes, null, 0));
