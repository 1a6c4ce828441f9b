import type { Role } from '../../domain/acteur.ts';

/** How roles are named to people (codes are stored; labels live here). */
export const LIBELLES_ROLES: Readonly<Record<Role, string>> = {
  organisme: 'Organisme de formation',
  gestionnaire: 'Gestionnaire (Carif-Oref)',
  instructeur: 'Instructeur (académie)',
  prescripteur: 'Prescripteur',
  admin: 'Administrateur',
};
