import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIRET_A } from '../api/helpers.ts';
import type { Navigateur, TestWeb } from '../auth/web.helpers.ts';
import { texte } from '../auth/web.helpers.ts';
import { creerParFormulaire, espaceAvecReferentiels, ficheComplete } from './espace.helpers.ts';

// A tester's report (05/12, LOW): on the formation page each missing-field alert ended with
// « Pour corriger : Renseigner le champ nommé par le message. », which added nothing. Each missing
// field's alert now says where the field is and what it expects (regles.help.ts).

let t: TestWeb;
let org: Navigateur;

beforeAll(async () => {
  ({ t, nav: org } = await espaceAvecReferentiels('cfa@regles-corriger.test', '10.46.7.1'));
}, 120_000);
afterAll(() => t?.close());

describe('the fix hint of a missing mandatory field on the formation page', () => {
  it('names the field on the form and the value expected, never « the field named by the message »', async () => {
    const id = await creerParFormulaire(
      org,
      ficheComplete(SIRET_A, { intitule: 'Sans durée', 'modalites.duree_annees': '' }),
    );
    const page = texte((await org.get(`/espace/formations/${id}`)).body);
    expect(page).toContain('Champ obligatoire non renseigné : la durée du cursus (en années).');
    expect(page).toContain(
      'Pour corriger : Fiche, champ « Durée du cursus (en années) » : la durée du cycle que prévoit le diplôme',
    );
    expect(page).not.toContain('Renseigner le champ nommé par le message');
  });
});
