import type { FormationSnap, SessionSnap } from './formation.snapshot.ts';
import { departementOfInsee, departementOfPostalCode, regionOfDepartement } from './geo.ts';

/**
 * The distinct départements (codes, sorted) of `sessions`' places, read as a stored session's
 * `code_departement` is (INSEE code, else postal code): a revision's sessions in the queue.
 */
export function departementsDeSessions(
  sessions: readonly { readonly lieu?: { code_insee?: string | null; code_postal?: string | null } | null }[],
): string[] {
  const deps = sessions.map(
    (s) =>
      departementOfInsee(s.lieu?.code_insee ?? null) ?? departementOfPostalCode(s.lieu?.code_postal ?? null),
  );
  return [...new Set(deps.filter((d): d is string => !!d))].sort();
}

/**
 * The INSEE régions of `sessions` (of their départements, as `sessionRow` writes `code_region`),
 * sorted, each once: the régions whose gestionnaires decide on a revision with these sessions.
 */
export function regionsDeSessions(sessions: Parameters<typeof departementsDeSessions>[0]): string[] {
  const regions = departementsDeSessions(sessions).map(regionOfDepartement);
  return [...new Set(regions.filter((r): r is string => !!r))].sort();
}

// The write model (formation.snapshot.ts) as rows of the formation and session tables: what a
// write stores, and what the review of a pending revision checks (the rows its validation would store).

/** The session table's row of `s` (`created_at` and `updated_at` = `now`; the writer keeps `created_at` on update). */
export function sessionRow(formationId: string, s: SessionSnap, now: Date) {
  const dep = departementOfInsee(s.lieu.code_insee) ?? departementOfPostalCode(s.lieu.code_postal);
  return {
    id: s.id,
    formation_id: formationId,
    cle_externe: s.cle_externe,
    debut: s.debut,
    fin: s.fin,
    etat_recrutement: s.etat_recrutement,
    capacite: s.capacite,
    entree_sortie: s.entree_sortie,
    adresse: s.lieu.adresse,
    code_postal: s.lieu.code_postal,
    commune: s.lieu.commune,
    cedex: s.lieu.cedex,
    code_insee: s.lieu.code_insee,
    code_departement: dep,
    code_region: regionOfDepartement(dep),
    uai_lieu: s.lieu.uai,
    lat: s.lieu.lat,
    lon: s.lieu.lon,
    financeur: s.financeur,
    numero_marche: s.numero_marche,
    date_notification_marche: s.date_notification_marche,
    archivee: s.archivee,
    created_at: now,
    updated_at: now,
  };
}

/** The formation table's columns of `next` (not its id, owner, status nor audit columns). */
export function formationColumns(next: FormationSnap) {
  return {
    cle_externe: next.cle_externe,
    intitule: next.intitule,
    objectif: next.objectif,
    contenu: next.contenu,
    url: next.url,
    code_rncp: next.certification.rncp,
    code_cfd: next.certification.cfd,
    code_certifinfo: next.certification.certifinfo,
    responsable_siret: next.responsable?.siret ?? null,
    formateur_siret: next.formateur?.siret ?? null,
    mandataire_siret: next.mandataire?.siret ?? null,
    // The UAI is the role's on this formation (one SIRET may have several UAIs: lycée and UFA).
    responsable_uai: next.responsable?.uai ?? null,
    formateur_uai: next.formateur?.uai ?? null,
    mandataire_uai: next.mandataire?.uai ?? null,
    formation_continue: next.modalites.formation_continue,
    contrat_professionnalisation: next.modalites.contrat_professionnalisation,
    contrat_apprentissage: next.modalites.contrat_apprentissage,
    annees_apprentissage: next.modalites.annees_apprentissage,
    duree_annees: next.modalites.duree_annees,
    financeurs: next.financeurs,
  };
}
