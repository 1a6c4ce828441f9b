// Demo formations → the rows the bulk repository writes (also what the benchmark COPYs).
import type {
  BulkChunk,
  BulkContact,
  BulkEvenement,
  BulkFormation,
  BulkHistorique,
  BulkSession,
} from '../db/bulk.repository.ts';
import type { DemoFormation } from './types.ts';

const DAY = 86_400_000;

export function toBulkChunk(formations: readonly DemoFormation[], acteur: string): BulkChunk {
  const rows: BulkFormation[] = [];
  const sessions: BulkSession[] = [];
  const contacts: BulkContact[] = [];
  const evenements: BulkEvenement[] = [];
  const historique: BulkHistorique[] = [];
  for (const f of formations) {
    const created = new Date(f.created_at);
    // Published and archived offers went through validation two days after entry.
    const validee =
      f.statut === 'publiee' || f.statut === 'archivee' ? new Date(f.created_at + 2 * DAY) : null;
    rows.push({
      id: f.id,
      cle_externe: f.cle_externe,
      siren_proprietaire: f.siren_proprietaire,
      intitule: f.intitule,
      objectif: f.objectif,
      contenu: f.contenu,
      url: f.url,
      code_rncp: f.code_rncp,
      code_cfd: f.code_cfd,
      responsable_siret: f.responsable_siret,
      formateur_siret: f.formateur_siret,
      mandataire_siret: f.mandataire_siret,
      responsable_uai: f.responsable_uai,
      formateur_uai: f.formateur_uai,
      mandataire_uai: f.mandataire_uai,
      formation_continue: f.formation_continue,
      contrat_professionnalisation: f.contrat_professionnalisation,
      contrat_apprentissage: f.contrat_apprentissage,
      annees_apprentissage: f.annees_apprentissage,
      duree_annees: f.duree_annees,
      financeurs: f.financeurs,
      statut: f.statut,
      commentaire_gestionnaire: f.commentaire_gestionnaire,
      validee_at: validee,
      created_at: created,
      acteur,
    });
    for (const c of f.contacts) contacts.push({ formation_id: f.id, ...c });
    for (const s of f.sessions) {
      const { contact, evenements: evts, ...row } = s;
      sessions.push({ ...row, formation_id: f.id, diffusee_at: validee, created_at: created });
      if (contact) contacts.push({ session_id: s.id, ...contact, type: 'autre' });
      for (const e of evts) evenements.push({ session_id: s.id, ...e });
    }
    historique.push({ formation_id: f.id, action: 'create', acteur, at: created, diff: creationDiff(f) });
  }
  return { formations: rows, sessions, contacts, evenements, historique };
}

/** A compact field-level record of the creation (the main fields; sessions by id). */
function creationDiff(f: DemoFormation) {
  const champ = (c: string, apres: unknown) => ({ champ: c, avant: null, apres });
  return [
    champ('intitule', f.intitule),
    champ('certification.rncp', f.code_rncp),
    champ('certification.cfd', f.code_cfd),
    champ('responsable.siret', f.responsable_siret),
    champ('formateur.siret', f.formateur_siret),
    champ('modalites.duree_annees', f.duree_annees),
    ...f.sessions.map((s) =>
      champ(`sessions[${s.id}]`, { debut: s.debut, fin: s.fin, code_insee: s.code_insee }),
    ),
    champ('statut', f.statut),
  ];
}
