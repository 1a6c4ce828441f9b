import type { Acteur } from '../../src/domain/acteur.ts';

/** A signed-in gestionnaire of `region` (INSEE région code, e.g. `'84'`), as the store sees them. */
export const gestionnaireDe = (region: string): Acteur => ({
  kind: 'utilisateur',
  id: `g${region}`,
  email: `g${region}@region.test`,
  nom: 'G',
  role: 'gestionnaire',
  siren: null,
  regions: [region],
  academies: [],
});

/** A signed-in user of the organisme whose SIREN is `siren` (9 digits). */
export const organismeDe = (siren: string): Acteur => ({
  kind: 'utilisateur',
  id: `u_${siren}`,
  email: `of-${siren}@cfa.example`,
  nom: 'OF',
  role: 'organisme',
  siren,
  regions: [],
  academies: [],
});
