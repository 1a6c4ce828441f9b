import { champsObligatoiresManquants } from './champs-obligatoires.ts';
import type { FormationSnap } from './formation.snapshot.ts';

// What must be filled before "Publier": the mandatory fields of FORM_CHAMP_OBLIGATOIRE, every
// missing one listed at once with its path (so the form or the API client can point at it),
// plus at least one session: an offer with no session at all has nothing to publish.

export interface ChampManquant {
  champ: string;
  message: string;
  code: 'CHAMP_OBLIGATOIRE';
}

export function champsManquants(f: FormationSnap): ChampManquant[] {
  const manquants = champsObligatoiresManquants({
    intitule: f.intitule,
    objectif: f.objectif,
    ...f.modalites,
    responsable: f.responsable,
    formateur: f.formateur,
    contacts: f.contacts,
    sessions: f.sessions.map((s) => ({ ...s.lieu, debut: s.debut, fin: s.fin, archivee: s.archivee })),
  });
  if (!f.sessions.some((s) => !s.archivee))
    manquants.push({ champ: 'sessions', libelle: 'au moins une session' });
  return manquants.map(({ champ, libelle }) => ({
    champ,
    message: `Champ obligatoire non renseigné : ${libelle}.`,
    code: 'CHAMP_OBLIGATOIRE',
  }));
}
