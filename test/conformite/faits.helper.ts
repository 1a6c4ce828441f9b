import type { Executor } from '../../src/db/executor.ts';

// Reference facts for the conformity tests, written straight into the 0002 tables with a
// ref_run each (as an importer leaves them), so that these tests do not depend on the parsers.

export async function nouveauRun(db: Executor, kind: string, fichier: string, date: string): Promise<number> {
  const r = await db
    .insertInto('ref_run')
    .values({ kind, fichier, hash: `${kind}:${fichier}`, date_fichier: date, finished_at: date })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

type Cert = {
  type: 'rncp' | 'rs' | 'cfd';
  code: string;
  intitule: string;
  niveau: string;
  type_diplome: string | null;
  type_enregistrement?: 'droit' | 'sur_demande' | null;
  date_fin?: string | null;
  ouvert_apprentissage?: boolean;
  successeurs?: string[];
};

export interface Referentiels {
  rncp?: {
    certifications: Cert[];
    habilitations?: {
      code: string;
      siret: string;
      role: 'certificateur' | 'partenaire';
      habilitation?: string | null;
    }[];
  };
  bcn?: { certifications: Cert[]; mef?: { mef: string; cfd: string; duree: number; annee: number }[] };
  sirene?: { siret: string; etat: 'A' | 'F'; code_commune: string; denomination?: string }[];
  lpof?: { nda: string; siret: string; qualiopi_apprentissage: boolean }[];
  communes?: { code_insee: string; code_postal: string; nom: string; lat: number; lon: number }[];
}

export async function loadReferentiels(
  db: Executor,
  r: Referentiels,
  date = '2026-01-15',
): Promise<Record<string, number>> {
  const runs: Record<string, number> = {};
  const certs = async (kind: string, list: Cert[], run: number) => {
    if (list.length)
      await db
        .insertInto('certification')
        .values(
          list.map((c) => ({
            type_enregistrement: 'droit' as const,
            date_fin: null,
            ouvert_apprentissage: true,
            successeurs: [],
            ...c,
            actif: true,
            run_id: run,
          })),
        )
        .execute();
    return kind;
  };
  if (r.rncp) {
    runs.rncp = await nouveauRun(db, 'rncp', 'export-fiches-csv-2026-01-15.zip', date);
    await certs('rncp', r.rncp.certifications, runs.rncp);
    for (const h of r.rncp.habilitations ?? [])
      await db
        .insertInto('certification_habilitation')
        .values({ habilitation: null, ...h, run_id: runs.rncp })
        .execute();
  }
  if (r.bcn) {
    runs.bcn = await nouveauRun(db, 'bcn', 'N_FORMATION_DIPLOME.csv', date);
    await certs('bcn', r.bcn.certifications, runs.bcn);
    if (r.bcn.mef?.length)
      await db
        .insertInto('diplome_mef')
        .values(r.bcn.mef.map((m) => ({ ...m, run_id: runs.bcn })))
        .execute();
  }
  if (r.sirene) {
    runs.sirene = await nouveauRun(db, 'sirene', 'StockEtablissement_utf8.csv', date);
    await db
      .insertInto('etablissement')
      .values(r.sirene.map((e) => ({ ...e, siren: e.siret.slice(0, 9), run_id: runs.sirene })))
      .execute();
  }
  if (r.lpof) {
    runs.lpof = await nouveauRun(db, 'lpof', 'liste-publique-of.csv', date);
    await db
      .insertInto('organisme_declare')
      .values(r.lpof.map((o) => ({ ...o, siren: o.siret.slice(0, 9), run_id: runs.lpof })))
      .execute();
  }
  if (r.communes) {
    runs.communes = await nouveauRun(db, 'communes', 'communes.csv', date);
    await db
      .insertInto('commune')
      .values(
        r.communes.map((c) => ({ ...c, code_departement: c.code_insee.slice(0, 2), run_id: runs.communes })),
      )
      .execute();
  }
  return runs;
}
