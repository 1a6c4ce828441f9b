// The reference facts that match the demo offer (what the official files would say about it),
// so that the conformity engine has something to check: certifications and their CFD ↔ RNCP
// links, Sirene establishments (some closed), the DGEFP list (NDA, Qualiopi), ACCE UAIs, communes.
import { luhnComplete } from '../domain/identifiants.ts';
import { certificationDeDiplome } from '../referentiels/bcn.builder.ts';
import type { FormationDiplomeRow } from '../referentiels/bcn.rows.ts';
import { populationCog } from '../referentiels/decoupage.ts';
import {
  CERTIFICATIONS,
  type DemoCertification,
  EXPIREES,
  PREFIXES,
  romesDeFiche,
  SUCCESSEURS,
} from './certifications.data.ts';
import { COMMUNES } from './communes.data.ts';
import { rng, subSeed } from './prng.ts';
import type { DemoOrganisme } from './types.ts';

export type RefTable =
  | 'certification'
  | 'certification_lien'
  | 'certification_habilitation'
  | 'etablissement'
  | 'organisme_declare'
  | 'uai'
  | 'commune';

/** Rows of one reference table, under the official reference (ref_run kind) they stand for. */
export interface DemoRefRows {
  readonly kind: 'rncp' | 'bcn' | 'kit' | 'sirene' | 'lpof' | 'acce' | 'communes';
  readonly table: RefTable;
  readonly rows: readonly Record<string, unknown>[];
}

/** The day the demo's facts say a certification is active on (`actif`), as an import run that day. */
const ACTIFS_LE = '2025-01-01';

/**
 * A diploma's BCN fact, as the BCN import (certificationDeDiplome) makes it from its row: importing
 * the real N_FORMATION_DIPLOME onto the demo rewrites it with the same title, level, type and dates.
 */
export function diplomeBcn(c: DemoCertification, jeu = '') {
  const b = c.bcn;
  if (!c.cfd || !b) throw new Error(`demo certification ${c.rncp ?? c.intitule} has no BCN row`);
  const suite = (codes: readonly string[], n: number) => codes[n - 1] ?? null;
  const row: FormationDiplomeRow = {
    FORMATION_DIPLOME: c.cfd,
    NIVEAU_FORMATION_DIPLOME: c.cfd.slice(0, 3),
    LIBELLE_COURT: c.typeDiplome,
    LIBELLE_LONG_200: b.libelle,
    DATE_OUVERTURE: b.ouverture,
    DATE_FERMETURE: b.fermeture,
    NIVEAU_QUALIFICATION_RNCP: c.niveau.padStart(2, '0'),
    ANCIEN_DIPLOME_1: suite(b.anciens, 1),
    ANCIEN_DIPLOME_2: suite(b.anciens, 2),
    ANCIEN_DIPLOME_3: suite(b.anciens, 3),
    ANCIEN_DIPLOME_4: suite(b.anciens, 4),
    ANCIEN_DIPLOME_5: suite(b.anciens, 5),
    ANCIEN_DIPLOME_6: suite(b.anciens, 6),
    ANCIEN_DIPLOME_7: suite(b.anciens, 7),
    NOUVEAU_DIPLOME_1: suite(b.nouveaux, 1),
    NOUVEAU_DIPLOME_2: suite(b.nouveaux, 2),
    NOUVEAU_DIPLOME_3: suite(b.nouveaux, 3),
    NOUVEAU_DIPLOME_4: suite(b.nouveaux, 4),
    NOUVEAU_DIPLOME_5: suite(b.nouveaux, 5),
    NOUVEAU_DIPLOME_6: suite(b.nouveaux, 6),
    NOUVEAU_DIPLOME_7: suite(b.nouveaux, 7),
  };
  return certificationDeDiplome(row, jeu, ACTIFS_LE);
}

export function demoReferentiels(seed: number, organismes: readonly DemoOrganisme[]): DemoRefRows[] {
  const rncp: Record<string, unknown>[] = [];
  const bcn: Record<string, unknown>[] = [];
  const certification_lien: Record<string, unknown>[] = [];
  const certification_habilitation: Record<string, unknown>[] = [];
  const r = rng(subSeed(seed, 3, 0));
  const partenaires = organismes.filter((o) => o.famille === 'ecole' && !o.defaut);
  const fiches = new Set<string>();
  // SUCCESSEURS last, 'droit': they draw nothing from `r` (the habilitations' SIRETs stay the same).
  for (const c of [...CERTIFICATIONS, ...EXPIREES, ...SUCCESSEURS]) {
    // A fiche shared by a closed diploma and its successor (RNCP35340) is written once, current.
    if (c.rncp && !fiches.has(c.rncp)) {
      fiches.add(c.rncp);
      rncp.push({
        type: 'rncp',
        code: c.rncp,
        intitule: `${PREFIXES[c.typeDiplome] ?? c.typeDiplome} ${c.intitule}`,
        niveau: c.niveau,
        type_diplome: c.typeDiplome,
        actif: c.dateFin >= ACTIFS_LE,
        date_debut: '2019-09-01',
        date_fin: c.dateFin,
        ouvert_apprentissage: true,
        type_enregistrement: c.enregistrement,
        successeurs: c.successeur ? [c.successeur] : [],
        ...romesDeFiche(c.rncp),
      });
    }
    if (c.cfd) {
      bcn.push(diplomeBcn(c));
      if (c.rncp) certification_lien.push({ cfd: c.cfd, rncp: c.rncp });
    }
    if (c.enregistrement === 'sur_demande') {
      const siret = luhnComplete(`${luhnComplete(`7${r.digits(7)}`)}0001`);
      certification_habilitation.push({
        code: c.rncp,
        siret,
        role: 'certificateur',
        habilitation: null,
        nom: `Réseau national ${c.intitule}`,
        actif: true,
      });
      for (const o of partenaires)
        certification_habilitation.push({
          code: c.rncp,
          siret: o.siret,
          role: 'partenaire',
          habilitation: 'HABILITATION_FORMER',
          nom: o.raison_sociale,
          actif: true,
        });
    }
  }
  return [
    { kind: 'rncp', table: 'certification', rows: rncp },
    { kind: 'rncp', table: 'certification_habilitation', rows: certification_habilitation },
    { kind: 'bcn', table: 'certification', rows: bcn },
    { kind: 'kit', table: 'certification_lien', rows: certification_lien },
    {
      kind: 'sirene',
      table: 'etablissement',
      rows: organismes.map((o) => ({
        siret: o.siret,
        siren: o.siren,
        etat: o.defaut === 'ferme' ? 'F' : 'A',
        denomination: o.raison_sociale,
        code_commune: o.code_insee,
        code_postal: o.code_postal,
      })),
    },
    {
      kind: 'lpof',
      table: 'organisme_declare',
      rows: organismes
        .filter((o) => o.nda)
        .map((o) => ({
          nda: o.nda,
          siren: o.siren,
          siret: o.siret,
          denomination: o.raison_sociale,
          qualiopi_actions_formation: true,
          qualiopi_bilans: false,
          qualiopi_vae: false,
          qualiopi_apprentissage: o.defaut !== 'sans_qualiopi',
        })),
    },
    // An invalid UAI is, by construction, not in the directory.
    {
      kind: 'acce',
      table: 'uai',
      rows: organismes
        .filter((o) => o.uai && o.defaut !== 'uai_invalide')
        .map((o) => ({
          uai: o.uai,
          siret: o.siret,
          denomination: o.raison_sociale,
          code_commune: o.code_insee,
          code_postal: o.code_postal,
          ouvert: true,
          lat: o.lat,
          lon: o.lon,
        })),
    },
    {
      kind: 'communes',
      table: 'commune',
      rows: COMMUNES.map(([code_insee, code_postal, nom, code_departement, code_region, lat, lon]) => ({
        code_insee,
        code_postal,
        nom,
        code_departement,
        code_region,
        lat,
        lon,
        // The built-in COG list's population (the demo's list has none of its own).
        population: populationCog(code_insee),
      })),
    },
  ];
}
