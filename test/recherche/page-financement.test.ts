import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { loadFixture } from './fixtures.ts';

// Fresh tester (training organisation, conventionné offer), 06/12/2026: the public page of a
// Région-funded offer did not say it is funded (for a job seeker: a free training), and said
// « L’organisme n’a indiqué ni contact ni site pour cette formation » although each session has a
// contact (CONV_CONTACT, shown to professionals only on the pages) and a référent handicap is
// listed lower on the same page.

let t: TestWeb;
let ids: Map<string, string>;

beforeAll(async () => {
  t = await testWeb({ now: () => new Date('2026-11-30T10:00:00Z') });
  ids = await loadFixture(t.ctx, [
    {
      cle: 'CONV-REGION',
      intitule: 'Remise à niveau vente',
      apprentissage: false,
      contacts: [
        { type: 'referent_handicap', nom: 'Camille Martin', courriel: 'handicap@cfa-ouest.example' },
      ],
      lieux: [
        {
          code_insee: '44109',
          financeur: 'region',
          numero_marche: 'M1451401',
          contact: 'Accueil stagiaires',
        },
        { code_insee: '49007', financeur: 'region', numero_marche: 'M1451402', contact: 'Accueil Angers' },
      ],
    },
    {
      cle: 'CONV-TOUTES',
      intitule: 'Remise à niveau logistique',
      apprentissage: false,
      lieux: [
        { code_insee: '44109', financeur: 'region', numero_marche: 'M1451405', contact: 'Accueil Nantes' },
        { code_insee: '53130', financeur: 'agefiph', numero_marche: 'M1451406', contact: 'Accueil Laval' },
      ],
    },
    {
      cle: 'CONV-MIXTE',
      intitule: 'Préparation aux métiers du commerce',
      apprentissage: false,
      lieux: [
        { code_insee: '44109', financeur: 'region', numero_marche: 'M1451403', contact: 'Accueil Nantes' },
        {
          code_insee: '53130',
          financeur: 'france_travail',
          numero_marche: 'M1451404',
          contact: 'Accueil Laval',
        },
        { code_insee: '49007' },
      ],
    },
  ]);
});
afterAll(() => t.close());

const page = async (cle: string) => {
  const r = await t.app.inject({ method: 'GET', url: `/formations/${ids.get(cle)}` });
  expect(r.statusCode).toBe(200);
  return r.body;
};
const texte = (html: string) => html.replace(/<[^>]+>/g, '');
const section = (html: string, id: string) => {
  const i = html.indexOf(`id="${id}"`);
  expect(i, id).toBeGreaterThan(0);
  const fin = html.indexOf('<h2', i);
  return texte(html.slice(i, fin < 0 ? undefined : fin));
};

describe('the public page of a conventionné offer', () => {
  it('says who funds it, in « Quand et où »', async () => {
    const quand = section(await page('CONV-REGION'), 'quand-ou');
    expect(quand).toContain('Financement : Formation financée par la Région');
    expect(quand).toContain('les frais de formation sont pris en charge par le financeur');
  });

  it('sessions funded differently: a « Financement » column says each one’s', async () => {
    const html = await page('CONV-MIXTE');
    expect(section(html, 'quand-ou')).toContain('Financement : selon la session');
    expect(html).toContain('<th scope="col">Financement</th>');
    const lignes = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => texte(m[1]!));
    expect(lignes.find((l) => l.includes('Nantes'))).toContain('Région');
    expect(lignes.find((l) => l.includes('Laval'))).toContain('France Travail');
    expect(lignes.find((l) => l.includes('Angers'))).toContain('—');
  });

  it('sessions all funded, by different funders: says that every one is funded', async () => {
    const quand = section(await page('CONV-TOUTES'), 'quand-ou');
    expect(quand).toContain(
      'Financement : toutes les sessions sont financées, chacune par le financeur indiqué dans la colonne « Financement » du tableau.',
    );
    expect(quand).not.toContain('certaines');
  });

  it('an apprenticeship offer without public funder says nothing of it', async () => {
    const html = await page('CAP-BOUL-NANTES');
    expect(html).not.toContain('id="financement"');
    expect(html).not.toContain('<th scope="col">Financement</th>');
  });

  it('does not say « ni contact » while the sessions have one and a référent handicap is listed', async () => {
    const html = await page('CONV-REGION');
    const candidater = section(html, 'candidater');
    expect(candidater).not.toContain('L’organisme n’a indiqué ni contact ni site pour cette formation.');
    expect(candidater).toContain(
      'L’organisme n’a indiqué ni contact pour candidater ni site pour cette formation.',
    );
    expect(candidater).toContain('Ses sessions ont un contact réservé aux prescripteurs');
    expect(candidater).toContain('écrivez au référent handicap (plus bas)');
    expect(section(html, 'handicap')).toContain('Camille Martin');
    // The session contact itself stays professional-only on the pages (docs/conventionne.md).
    expect(html).not.toContain('Accueil stagiaires');
    // Nothing to say otherwise: the plain sentence stays.
    expect(section(await page('CAP-BOUL-ANGERS'), 'candidater')).toContain(
      'L’organisme n’a indiqué ni contact ni site pour cette formation.',
    );
  });
});
