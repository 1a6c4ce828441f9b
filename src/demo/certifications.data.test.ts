import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { restoreCfd } from '../domain/identifiants.ts';
import { referenceOfficielle } from '../paths.ts';
import { certificationDeDiplome } from '../referentiels/bcn.builder.ts';
import { FormationDiplomeRow } from '../referentiels/bcn.rows.ts';
import { openZip } from '../referentiels/zip.reader.ts';
import {
  CERTIFICATIONS,
  type DemoCertification,
  EXPIREES,
  ROME_LIBELLES,
  romesDeFiche,
  SUCCESSEURS,
} from './certifications.data.ts';
import { demoReferentiels, diplomeBcn } from './referentiels.ts';

// The demo's certifications are current ones, written as the official extracts write them, so that
// a gestionnaire who imports the real BCN (or the kit) onto the demo sees the same catalogue.

const TOUTES = [...CERTIFICATIONS, ...EXPIREES, ...SUCCESSEURS];
/** Sessions of the demo campaigns start from September of the year before the current rentrée. */
const PREMIERE_SESSION = '2025-09-01';

describe('the demo certifications', () => {
  it('are current, bar the deliberately expired ones, which are expired by their BCN or RNCP dates', () => {
    const fermes = (c: DemoCertification) =>
      (c.bcn?.fermeture ?? '9999') < PREMIERE_SESSION || c.dateFin < PREMIERE_SESSION;
    expect(CERTIFICATIONS.filter(fermes).map((c) => c.cfd ?? c.rncp)).toEqual([]);
    expect(EXPIREES.filter((c) => !fermes(c)).map((c) => c.cfd ?? c.rncp)).toEqual([]);
  });

  it('name the successor of each closed diploma (CERT_EXPIREE says what replaces it)', () => {
    const fermes = EXPIREES.filter((c) => c.bcn?.fermeture);
    expect(fermes.length).toBeGreaterThan(0);
    for (const c of fermes) expect(c.bcn!.nouveaux.length, c.cfd!).toBeGreaterThan(0);
  });

  it('hold the successor each closed diploma names, current, in the demo référentiels', () => {
    const cfds = new Set([...CERTIFICATIONS, ...SUCCESSEURS].map((c) => c.cfd));
    for (const c of EXPIREES.filter((x) => x.bcn?.fermeture))
      for (const n of c.bcn!.nouveaux) expect(cfds.has(n), `${c.cfd} → ${n}`).toBe(true);
    expect(SUCCESSEURS.map((c) => c.bcn?.fermeture ?? null)).toEqual(SUCCESSEURS.map(() => null));
  });

  it('give every CFD its BCN row and the BCN title in the demo facts, as the import would', () => {
    expect(TOUTES.filter((c) => c.cfd && !c.bcn)).toEqual([]);
    const bcn = demoReferentiels(42, []).find((t) => t.kind === 'bcn')!.rows;
    const boulanger = bcn.find((r) => r.code === '50022137');
    expect(boulanger).toMatchObject({ intitule: 'BOULANGER (CAP)', niveau: '3', type_diplome: 'CAP' });
    expect(boulanger).toMatchObject({ date_fin: null, predecesseurs: ['50022132'], jeu: '' });
    expect(bcn.find((r) => r.code === '46133403')).toMatchObject({ type_diplome: 'CS4', niveau: '4' });
  });
});

// The extracts live beside the project (../shared/reference, or OFFRE_REFERENCE): skipped without.
const REFERENCE = referenceOfficielle();

/** N_FORMATION_DIPLOME: Windows-1252, `;`, no quoting; each row by its CFD, keyed by column name. */
function lireBcn(dir: string): Map<string, Record<string, string>> {
  const lignes = new TextDecoder('windows-1252')
    .decode(readFileSync(`${dir}/bcn/N_FORMATION_DIPLOME.csv`))
    .split('\n')
    .filter((l) => l.trim());
  const entete = lignes[0]!.split(';').map((c) => c.trim().toUpperCase());
  const rows = new Map<string, Record<string, string>>();
  for (const l of lignes.slice(1)) {
    const c = l.split(';');
    rows.set(c[0]!.trim(), Object.fromEntries(entete.map((h, i) => [h, c[i] ?? ''])));
  }
  return rows;
}

interface LigneKit {
  cfd: string;
  intitule: string;
  rncp: string;
  niveau: string;
  apprentissage: string;
  echeance: string;
  etat: string;
}

/** The kit apprentissage v3.0: UTF-8, `;`, one line per CFD ↔ RNCP link. */
function lireKit(dir: string): LigneKit[] {
  const texte = readFileSync(`${dir}/rncp/kit-apprentissage/Kit apprentissage et RNCP v3.0.csv`, 'utf8');
  return texte
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(';'))
    .map(([cfd, intitule, rncp, niveau, , , apprentissage, echeance, etat]) => ({
      cfd: restoreCfd(cfd ?? '') ?? '',
      intitule: intitule ?? '',
      rncp: rncp ?? '',
      niveau: niveau ?? '',
      apprentissage: apprentissage ?? '',
      echeance: (echeance ?? '').split('/').reverse().join('-'),
      etat: etat ?? '',
    }));
}

const mots = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\(.*\)/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .join(' ');

describe.skipIf(!REFERENCE)(
  `the demo certifications, against the official extracts${REFERENCE ? '' : ' (no ../shared/reference)'}`,
  () => {
    const bcn = REFERENCE ? lireBcn(REFERENCE) : new Map();
    const kit = REFERENCE ? lireKit(REFERENCE) : [];
    const avecCfd = TOUTES.filter((c) => c.cfd);

    it('writes each diploma of the BCN extract as its import would: title, level, type, dates, successions', () => {
      const dansBcn = avecCfd.filter((c) => bcn.has(c.cfd!));
      expect(dansBcn.length).toBeGreaterThan(20);
      for (const c of dansBcn) {
        const reel = certificationDeDiplome(
          FormationDiplomeRow.parse(bcn.get(c.cfd!)),
          'N_FORMATION_DIPLOME',
          '2025-01-01',
        );
        expect({ ...diplomeBcn(c), jeu: 'N_FORMATION_DIPLOME' }, c.cfd!).toEqual(reel);
      }
    });

    it('finds the successor of each closed diploma open in the BCN', () => {
      for (const c of EXPIREES)
        for (const s of c.bcn?.nouveaux ?? []) {
          expect(bcn.has(s), `${c.cfd} → ${s}`).toBe(true);
          expect(bcn.get(s)!.DATE_FERMETURE!.trim(), `${c.cfd} → ${s}`).toBe('');
        }
    });

    it('writes each CFD outside the BCN extract as the kit apprentissage names it', () => {
      for (const c of avecCfd.filter((x) => !bcn.has(x.cfd!))) {
        const lignes = kit.filter((k) => k.cfd === c.cfd);
        expect(
          lignes.map((k) => k.intitule),
          c.cfd!,
        ).toContain(c.bcn!.libelle);
        expect(c.bcn!.ouverture, c.cfd!).toBeNull();
      }
    });

    it('links each CFD to the RNCP fiche the kit links it to, active, open to apprenticeship, of its level', () => {
      for (const c of TOUTES.filter((x) => x.cfd && x.rncp)) {
        const k = kit.find((l) => l.cfd === c.cfd && l.rncp === c.rncp);
        expect(k, `${c.cfd} ↔ ${c.rncp}`).toBeDefined();
        expect([k!.etat, k!.apprentissage, k!.niveau], c.rncp!).toEqual([
          'ACTIVE',
          'oui',
          `niveau${c.niveau}`,
        ]);
      }
    });

    it('takes each title « sur demande » from a fiche of the kit: same name and level, active unless expired', () => {
      for (const c of TOUTES.filter((x) => !x.cfd)) {
        const k = kit.find((l) => l.rncp === c.rncp);
        expect(k, c.rncp!).toBeDefined();
        expect([mots(k!.intitule), k!.niveau, k!.apprentissage], c.rncp!).toEqual([
          mots(c.intitule),
          `niveau${c.niveau}`,
          'oui',
        ]);
        if (EXPIREES.includes(c)) expect([k!.etat, k!.echeance], c.rncp!).toEqual(['INACTIVE', c.dateFin]);
        else expect(k!.etat, c.rncp!).toBe('ACTIVE');
      }
    });

    it('gives the fiches of the RNCP sample extract their ROME codes, and each ROME code its label there', async () => {
      // Member Rome: "Numero_Fiche";"Codes_Rome_Code";"Codes_Rome_Libelle", `''` doubled.
      const zip = await openZip(
        `${REFERENCE}/rncp/france-competences/sample/export-fiches-csv-2024-02-22.zip`,
      );
      let texte = '';
      try {
        const membre = zip.membres.find((m) => m.cle.startsWith('export_fiches_csv_rome_'))!;
        for await (const b of await membre.open()) texte += b.toString();
      } finally {
        zip.close();
      }
      const lignes = texte
        .split(/\r?\n/)
        .slice(1)
        .map((l) => /^"([^"]*)";"([^"]*)";"(.*)"$/.exec(l))
        .filter((m) => m !== null)
        .map(([, fiche, code, libelle]) => ({
          fiche: fiche!,
          code: code!,
          libelle: libelle!.replace(/''/g, "'"),
        }));
      expect(lignes.length).toBeGreaterThan(10);
      for (const l of lignes)
        if (ROME_LIBELLES[l.code]) expect(ROME_LIBELLES[l.code], l.code).toBe(l.libelle);
      for (const c of TOUTES.filter((x) => x.rncp && lignes.some((l) => l.fiche === x.rncp)))
        expect(romesDeFiche(c.rncp!).rome.sort(), c.rncp!).toEqual(
          lignes
            .filter((l) => l.fiche === c.rncp)
            .map((l) => l.code)
            .sort(),
        );
    });
  },
);
