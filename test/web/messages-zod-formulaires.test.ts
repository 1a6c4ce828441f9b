import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { OffreError } from '../../src/domain/errors.ts';
import { valider } from '../../src/services/espace.service.ts';
import { SIRET_A } from '../api/helpers.ts';
import { connecte, type Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import {
  creerParFormulaire,
  ficheComplete,
  loadReferentiels,
  sessionForm,
  versionLue,
} from './espace.helpers.ts';

// The words of the schema's refusals on the space's forms (the formation and the session forms),
// as the pages show them: pinned, so that the forms reading Zod's issues with the one reader
// (domain/issue-zod.ts) changes none of them.

let t: TestWeb;
let nav: Navigateur;

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  await loadReferentiels(t.ctx);
  nav = await connecte(
    t,
    { email: 'cfa@messages-zod.test', role: 'organisme', siren: SIRET_A.slice(0, 9) },
    '10.23.0.1',
  );
});
afterAll(() => t.close());

const messages = (html: string) =>
  [...html.matchAll(/<p[^>]*class="fr-message fr-message--error"[^>]*>([\s\S]*?)<\/p>/g)].map((m) =>
    texte(m[1]!).trim(),
  );

describe('the schema’s refusals on the space’s forms', () => {
  it('on the formation form', async () => {
    const id = await creerParFormulaire(nav, ficheComplete(SIRET_A, { intitule: 'Messages du schéma' }));
    const url = `/espace/formations/${id}`;
    const r = await nav.post(url, {
      ...ficheComplete(SIRET_A, {
        intitule: `BTS\u202Eeciffo`,
        objectif: `${'o'.repeat(20_000)}🎓`,
        url: 'pas une adresse',
        'contacts.0.telephone': 'le standard',
        'contacts.0.courriel': 'accueil',
        'contacts.1.type': 'accueil',
        'contacts.1.nom': 'n'.repeat(201),
      }),
      version: await versionLue(nav, url),
    });
    expect(r.statusCode).toBe(400);
    expect(messages(r.body)).toEqual([
      'Intitulé : un caractère invisible de mise en forme (U+202E, forçage de droite à gauche) n’a pas sa place dans un champ d’une ligne ; retirez ce caractère (souvent venu d’un copier-coller).',
      'Objectif : le texte est trop long : 20 001 caractères, 20 000 au plus.',
      'Lien web : adresse web http:// ou https:// attendue (javascript:, data: et autres refusés).',
      'Téléphone du contact 1 : numéro de téléphone attendu, par exemple 04 72 00 00 00 ou +32 2 123 45 67 (trop peu ou trop de chiffres, lettres ou indicatif inconnu refusés).',
      'Courriel du contact 1 : adresse électronique attendue, par exemple contact@organisme.fr.',
      'Nom du contact 2 : le texte est trop long : 201 caractères, 200 au plus.',
    ]);
  });

  it('on the session form', async () => {
    const id = await creerParFormulaire(nav, ficheComplete(SIRET_A, { intitule: 'Messages de session' }));
    await nav.get(`/espace/formations/${id}/sessions/nouvelle`);
    const r = await nav.post(
      `/espace/formations/${id}/sessions/nouvelle`,
      sessionForm({
        debut: '1999-12-31',
        'lieu.adresse': '🎓'.repeat(501),
        numero_marche: 'M'.repeat(21),
        'contact.nom': 'Mme Roux',
        'contact.courriel': 'roux@',
        'contact.telephone': '12',
      }),
    );
    expect(r.statusCode).toBe(400);
    expect(messages(r.body)).toEqual([
      'Date de début : date attendue entre 2000 et 2100.',
      'Adresse du lieu : le texte est trop long : 501 caractères, 500 au plus.',
      'Téléphone du contact : numéro de téléphone attendu, par exemple 04 72 00 00 00 ou +32 2 123 45 67 (trop peu ou trop de chiffres, lettres ou indicatif inconnu refusés).',
      'Courriel du contact : adresse électronique attendue, par exemple contact@organisme.fr.',
      'Numéro de marché : le texte est trop long : 21 caractères, 20 au plus.',
    ]);
  });
});

// The refusals no form field sends today (its reading catches them first: numbers, dates, the
// selects' values) but the forms' schemas may give: the same words, read by the same reader.
describe('every kind of refusal, in the forms’ words', () => {
  const probleme = (schema: z.ZodType, v: unknown) => {
    try {
      valider(schema, v, { champ: 'Champ' });
    } catch (e) {
      return ((e as OffreError).details.erreurs as { champ: string; message: string }[]).map(
        (x) => `${x.champ} → ${x.message}`,
      );
    }
    return [];
  };
  it.each([
    [
      'a text too long',
      z.object({ champ: z.string().max(3) }),
      { champ: 'abcd' },
      'champ → Champ : le texte est trop long : 4 caractères, 3 au plus.',
    ],
    [
      'a text of emoji too long',
      z.object({ champ: z.string().max(3) }),
      { champ: '🎓🎓🎓🎓' },
      'champ → Champ : le texte est trop long : 4 caractères, 3 au plus.',
    ],
    [
      'too many elements',
      z.object({ champ: z.array(z.number()).max(2) }),
      { champ: [1, 2, 3] },
      'champ → Champ : trop d’éléments : 3, 2 au plus.',
    ],
    [
      'a number too great',
      z.object({ champ: z.number().max(10) }),
      { champ: 11 },
      'champ → Champ : la valeur est trop grande : 11, 10 au plus.',
    ],
    [
      'a number over a strict bound',
      z.object({ champ: z.number().int().lt(10) }),
      { champ: 12 },
      'champ → Champ : la valeur est trop grande : 12, 9 au plus.',
    ],
    [
      'a number too small',
      z.object({ champ: z.number().min(0) }),
      { champ: -1 },
      'champ → Champ : la valeur est trop petite.',
    ],
    [
      'a text too short',
      z.object({ champ: z.string().min(2) }),
      { champ: 'a' },
      'champ → Champ : la valeur est trop petite.',
    ],
    [
      'a wrong type',
      z.object({ champ: z.number() }),
      { champ: 'douze' },
      'champ → Champ : la valeur n’est pas valide.',
    ],
    [
      'a value not offered',
      z.object({ champ: z.enum(['a', 'b']) }),
      { champ: 'c' },
      'champ → Champ : valeur non proposée : choisissez-en une dans la liste.',
    ],
    [
      'a wrong format (its own message left aside)',
      z.object({ champ: z.iso.date({ error: 'date ?' }) }),
      { champ: 'demain' },
      'champ → Champ : le format n’est pas valide.',
    ],
    [
      'an unknown key',
      z.object({ champ: z.strictObject({ a: z.string() }) }),
      { champ: { a: 'x', b: 'y' } },
      'champ → Champ : la valeur n’est pas valide.',
    ],
    [
      'none of a union',
      z.object({ champ: z.union([z.number(), z.boolean()]) }),
      { champ: 'x' },
      'champ → Champ : la valeur n’est pas valide.',
    ],
    [
      'a refinement’s own message',
      z.object({ champ: z.string().refine((v) => v === 'ok', { error: 'écrivez « ok »' }) }),
      { champ: 'ko' },
      'champ → Champ : écrivez « ok ».',
    ],
    [
      'a field of a contact, labelled by its leaf',
      z.object({ contacts: z.array(z.object({ nom: z.string().max(2) })) }),
      { contacts: [{ nom: 'abc' }] },
      'contacts.0.nom → Nom du contact 1 : le texte est trop long : 3 caractères, 2 au plus.',
    ],
  ] as const)('%s', (_nom, schema, v, attendu) => {
    expect(probleme(schema, v)).toEqual([attendu]);
  });
});
