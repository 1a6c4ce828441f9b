import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveFormation } from '../../src/services/formation.service.ts';
import { returnOffre, validateOffre } from '../../src/services/gestion/validation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { formationFixture, SIREN_A } from '../api/helpers.ts';
import { compte, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { gestionnaireDe, organismeDe } from '../helpers/acteurs.ts';
import { avecSessionFinAvantDebut } from '../helpers/formations.ts';

// The pages said « pas diffusée » of an offer never diffused (publiee-hors-diffusion.test.ts), the
// e-mails did not: the validation one promised « elle est diffusée dès que… » or said « n’est plus
// diffusée », the return of a revision « reste diffusée ». One wording rule now (domain/diffusion.ts
// nEstPasDiffusee), read here as the organisme receives it, through the test SMTP server.

let t: TestWeb;
const organisme = organismeDe(SIREN_A);
const gestionnaire = gestionnaireDe('84');
const DEST = 'claire@cfa-courriel.test';

beforeAll(async () => {
  t = await testWeb();
  await compte(t, { email: DEST, role: 'organisme', siren: SIREN_A });
});
afterAll(() => t?.close());

/** The next e-mail to the organisme whose subject names `intitule`. */
const courriel = (sujet: RegExp) => t.smtp.attendre(DEST, sujet);

describe('the e-mails of an offer out of diffusion', () => {
  it('say « n’est pas diffusée » of an offer validated Non réglementaire at its first validation', async () => {
    const intitule = 'BTS Jamais diffusé courriel';
    const input = avecSessionFinAvantDebut(formationFixture({ cle_externe: 'COUR-JAMAIS', intitule }));
    const { id } = await saveFormation(t.ctx, organisme, input);
    await transition(t.ctx, organisme, id, 'publier');
    await validateOffre(t.ctx, gestionnaire, id);
    const m = await courriel(new RegExp(`Offre validée, hors diffusion : ${intitule}`));
    expect(m.text).toContain('elle n’est pas diffusée (API, recherche publique, exports, plateformes)');
    expect(m.text).toContain('- SESSION_DATES : ');
    expect(m.text).not.toContain('plus diffusée');
    expect(m.text).not.toContain('elle est diffusée dès');

    // A revision of it returned: its published version is not said to stay diffused.
    await saveFormation(t.ctx, organisme, { ...input, objectif: 'Un objectif revu.' }, { id });
    await returnOffre(t.ctx, gestionnaire, id, 'Corrigez les dates de la session.');
    const r = await courriel(new RegExp(`Révision à corriger : ${intitule}`));
    expect(r.text).toContain(
      'La version publiée de la formation n’est pas diffusée (une règle bloquante est en échec)',
    );
    expect(r.text).not.toContain('reste diffusée');
    expect(r.text).not.toContain('plus diffusée');
  });

  it('say « n’est plus diffusée » of a diffused offer a confirmed revision took out', async () => {
    const intitule = 'BTS Retiré courriel';
    const input = formationFixture({ cle_externe: 'COUR-RETIRE', intitule });
    const { id } = await saveFormation(t.ctx, organisme, input);
    await transition(t.ctx, organisme, id, 'publier');
    await validateOffre(t.ctx, gestionnaire, id);
    const v = await courriel(new RegExp(`Offre validée : ${intitule}`));
    expect(v.text).not.toContain('hors diffusion');
    await saveFormation(t.ctx, organisme, avecSessionFinAvantDebut(input), { id });
    await validateOffre(t.ctx, gestionnaire, id, { retraitConfirme: true });
    const m = await courriel(new RegExp(`Offre validée, hors diffusion : ${intitule}`));
    expect(m.text).toContain('elle n’est plus diffusée (API, recherche publique, exports, plateformes)');

    await saveFormation(t.ctx, organisme, { ...input, objectif: 'Un objectif revu.' }, { id });
    await returnOffre(t.ctx, gestionnaire, id, 'Pas encore.');
    const r = await courriel(new RegExp(`Révision à corriger : ${intitule}`));
    expect(r.text).toContain('La version publiée de la formation n’est plus diffusée');
    expect(r.text).not.toContain('reste diffusée');
  });

  it('still say a returned revision of a diffused offer stays diffused', async () => {
    const intitule = 'BTS Diffusé courriel';
    const input = formationFixture({ cle_externe: 'COUR-DIFFUSE', intitule });
    const { id } = await saveFormation(t.ctx, organisme, input);
    await transition(t.ctx, organisme, id, 'publier');
    await validateOffre(t.ctx, gestionnaire, id);
    await saveFormation(t.ctx, organisme, { ...input, objectif: 'Un objectif revu.' }, { id });
    await returnOffre(t.ctx, gestionnaire, id, 'Précisez.');
    const r = await courriel(new RegExp(`Révision à corriger : ${intitule}`));
    expect(r.text).toContain('La version publiée de la formation reste diffusée telle qu’elle a été validée');
  });
});
