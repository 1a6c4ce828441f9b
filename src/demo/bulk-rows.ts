// Demo formations → the rows the bulk repository writes (also what the benchmark COPYs): the
// formation and session rows through the write model's one mapping (domain/formation.lignes.ts).
import type {
  BulkChunk,
  BulkContact,
  BulkEvenement,
  BulkFormation,
  BulkSession,
} from '../db/bulk.repository.ts';
import type { HistoriqueEntry } from '../db/historique.repository.ts';
import { formationColumns, sessionRow } from '../domain/formation.lignes.ts';
import type { FormationSnap, SessionSnap } from '../domain/formation.snapshot.ts';
import type { DemoFormation, DemoSession } from './types.ts';

const DAY = 86_400_000;

export function toBulkChunk(formations: readonly DemoFormation[], acteur: string): BulkChunk {
  const rows: BulkFormation[] = [];
  const sessions: BulkSession[] = [];
  const contacts: BulkContact[] = [];
  const evenements: BulkEvenement[] = [];
  const historique: HistoriqueEntry[] = [];
  for (const f of formations) {
    const created = new Date(f.created_at);
    // Published and archived offers went through validation two days after entry.
    const validee =
      f.statut === 'publiee' || f.statut === 'archivee' ? new Date(f.created_at + 2 * DAY) : null;
    const validee_at = validee ?? undefined;
    rows.push({
      id: f.id,
      colonnes: {
        ...formationColumns(snapOf(f)),
        siren_proprietaire: f.siren_proprietaire,
        statut: f.statut,
        updated_at: validee ?? created,
        updated_by: acteur,
      },
      creation: {
        created_at: created,
        created_by: acteur,
        ...(validee_at ? { validee_at, validee_par: acteur } : {}),
      },
      commentaire_gestionnaire: f.commentaire_gestionnaire,
    });
    for (const c of f.contacts) contacts.push({ formation_id: f.id, ...c });
    for (const s of f.sessions) {
      // The session's stamps are its formation's creation (sessionRow's `now`).
      sessions.push({ ...sessionRow(f.id, sessionSnapOf(s), created), diffusee_at: validee });
      if (s.contact) contacts.push({ session_id: s.id, ...s.contact, type: 'autre' });
      for (const e of s.evenements) evenements.push({ session_id: s.id, ...e });
    }
    historique.push({
      formation_id: f.id,
      entite: 'formation',
      entite_id: f.id,
      action: 'create',
      acteur,
      at: created,
      diff: creationDiff(f),
    });
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

/**
 * The write model of a demo formation: what `formationColumns` and `sessionRow` read. The roles'
 * names and NDAs are the organismes' (written with them), not the formation's: left null here.
 */
function snapOf(f: DemoFormation): FormationSnap {
  const role = (siret: string | null, uai: string | null) =>
    siret ? { siret, uai, raison_sociale: null, nda: null } : null;
  return {
    cle_externe: f.cle_externe,
    intitule: f.intitule,
    objectif: f.objectif,
    contenu: f.contenu,
    url: f.url,
    certification: { rncp: f.code_rncp, cfd: f.code_cfd, certifinfo: null },
    responsable: role(f.responsable_siret, f.responsable_uai),
    formateur: role(f.formateur_siret, f.formateur_uai),
    mandataire: role(f.mandataire_siret, f.mandataire_uai),
    contacts: [...f.contacts],
    modalites: {
      formation_continue: f.formation_continue,
      contrat_professionnalisation: f.contrat_professionnalisation,
      contrat_apprentissage: f.contrat_apprentissage,
      annees_apprentissage: [...f.annees_apprentissage],
      duree_annees: f.duree_annees,
    },
    financeurs: [...f.financeurs],
    sessions: f.sessions.map(sessionSnapOf),
  };
}

/**
 * A demo session as the write model holds it. Its department and region are not carried:
 * `sessionRow` computes them from the INSEE code (geo.ts), as for any session, and they are the
 * demo commune list's own for each of its communes (checked in src/demo/formations.test.ts).
 */
function sessionSnapOf(s: DemoSession): SessionSnap {
  const evenements = (type: string) =>
    s.evenements.filter((e) => e.type === type).map(({ date, lieu, libelle }) => ({ date, lieu, libelle }));
  return {
    id: s.id,
    cle_externe: null,
    debut: s.debut,
    fin: s.fin,
    etat_recrutement: s.etat_recrutement,
    capacite: s.capacite,
    entree_sortie: s.entree_sortie,
    lieu: {
      adresse: s.adresse,
      code_postal: s.code_postal,
      commune: s.commune,
      cedex: null,
      code_insee: s.code_insee,
      uai: s.uai_lieu,
      lat: s.lat,
      lon: s.lon,
    },
    contact: s.contact && {
      nom: s.contact.nom,
      telephone: s.contact.telephone,
      courriel: s.contact.courriel,
    },
    financeur: s.financeur,
    numero_marche: s.numero_marche,
    date_notification_marche: s.date_notification_marche,
    reunions_information: evenements('reunion_information'),
    bilans: evenements('bilan'),
    archivee: false,
  };
}
