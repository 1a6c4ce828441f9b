import type { FormationSnap } from './formation.snapshot.ts';

// What must be filled before "Publier" (PRODUCT.md, RULES.md FORM_CHAMP_OBLIGATOIRE): every
// missing field is listed at once, with its path, so the form or the API client can point at it.

export interface ChampManquant {
  champ: string;
  message: string;
  code: 'CHAMP_OBLIGATOIRE';
}

const manque = (champ: string, libelle: string): ChampManquant => ({
  champ,
  message: `${libelle} : non renseigné.`,
  code: 'CHAMP_OBLIGATOIRE',
});

export function champsManquants(f: FormationSnap): ChampManquant[] {
  const out: ChampManquant[] = [];
  if (!f.intitule) out.push(manque('intitule', 'Intitulé'));
  if (!f.objectif) out.push(manque('objectif', 'Objectif'));
  if (f.modalites.formation_continue === null)
    out.push(manque('modalites.formation_continue', 'Formation continue (oui/non)'));
  if (f.modalites.contrat_professionnalisation === null)
    out.push(manque('modalites.contrat_professionnalisation', 'Contrat de professionnalisation (oui/non)'));
  if (f.modalites.contrat_apprentissage === null)
    out.push(manque('modalites.contrat_apprentissage', 'Contrat d’apprentissage (oui/non)'));
  if (f.modalites.contrat_apprentissage && f.modalites.annees_apprentissage.length === 0)
    out.push(manque('modalites.annees_apprentissage', 'Années ouvertes à l’apprentissage'));
  if (f.modalites.duree_annees === null) out.push(manque('modalites.duree_annees', 'Durée (années)'));
  if (!f.responsable) out.push(manque('responsable.siret', 'Organisme responsable (SIRET)'));
  if (!f.formateur) out.push(manque('formateur.siret', 'Organisme formateur (SIRET)'));
  if (f.contacts.length === 0) out.push(manque('contacts', 'Contact'));
  const live = f.sessions.filter((s) => !s.archivee);
  if (live.length === 0) out.push(manque('sessions', 'Au moins une session'));
  f.sessions.forEach((s, i) => {
    if (s.archivee) return;
    if (!s.debut) out.push(manque(`sessions.${i}.debut`, `Session ${i + 1}, date de début`));
    if (!s.fin) out.push(manque(`sessions.${i}.fin`, `Session ${i + 1}, date de fin`));
    if (!s.lieu.code_postal && !s.lieu.code_insee)
      out.push(manque(`sessions.${i}.lieu.code_postal`, `Session ${i + 1}, lieu (code postal)`));
  });
  return out;
}
