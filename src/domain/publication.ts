import { champsObligatoiresManquants } from './champs-obligatoires.ts';
import { isCourriel, MESSAGE_COURRIEL } from './courriel.ts';
import type { FormationSnap } from './formation.snapshot.ts';

// What must be filled before "Publier": the mandatory fields of FORM_CHAMP_OBLIGATOIRE, every
// missing one listed at once with its path (so the form or the API client can point at it),
// plus at least one session: an offer with no session at all has nothing to publish.

export interface ChampManquant {
  champ: string;
  message: string;
  code: 'CHAMP_OBLIGATOIRE' | 'COURRIEL_INVALIDE';
}

export function champsManquants(f: FormationSnap): ChampManquant[] {
  const manquants = champsObligatoiresManquants({
    intitule: f.intitule,
    objectif: f.objectif,
    ...f.modalites,
    responsable: f.responsable,
    formateur: f.formateur,
    contacts: f.contacts,
    sessions: f.sessions.map((s) => ({
      ...s.lieu,
      id: s.id,
      debut: s.debut,
      fin: s.fin,
      archivee: s.archivee,
    })),
  });
  if (!f.sessions.some((s) => !s.archivee))
    manquants.push({ champ: 'sessions', libelle: 'au moins une session' });
  const out: ChampManquant[] = manquants.map(({ champ, libelle }) => ({
    champ,
    message: `Champ obligatoire non renseigné : ${libelle}.`,
    code: 'CHAMP_OBLIGATOIRE',
  }));
  // A contact e-mail stored before the rule (or imported) is shown to the public: correct it first.
  const courriel = (champ: string, libelle: string, v: string | null | undefined) => {
    if (v && !isCourriel(v))
      out.push({
        champ,
        message: `${libelle} « ${v.slice(0, 100)} » invalide : ${MESSAGE_COURRIEL}.`,
        code: 'COURRIEL_INVALIDE',
      });
  };
  f.contacts.forEach((c, i) => {
    courriel(`contacts.${i}.courriel`, `Courriel du contact ${i + 1}`, c.courriel);
  });
  f.sessions.forEach((s, i) => {
    if (!s.archivee)
      courriel(`sessions.${i}.contact.courriel`, 'Courriel du contact de la session', s.contact?.courriel);
  });
  return out;
}
