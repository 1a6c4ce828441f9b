import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { getFormation } from '../../src/services/formation.service.ts';
import { importReferentiel } from '../../src/services/referentiel.service.ts';
import { SIRET_A } from '../api/helpers.ts';
import type { Navigateur, TestWeb } from '../auth/web.helpers.ts';
import { texte } from '../auth/web.helpers.ts';
import { creerParFormulaire, espaceAvecReferentiels, ficheComplete, versionDe } from './espace.helpers.ts';

// Choosing an RNCP code for a formation kept its previous CFD (and the other way round): the
// stored pair could name two different diplomas. A certification chosen by one code now takes its
// other code from the kit apprentissage when it links exactly one, else none, and the page says so.

let t: TestWeb;
let org: Navigateur;
let cfdLie: string;

beforeAll(async () => {
  ({ t, nav: org } = await espaceAvecReferentiels('donnees@cfa-paire.test', '10.74.0.1'));
  const kit = fileURLToPath(
    new URL('../fixtures/referentiels/kit/kit-apprentissage-v3.0.csv', import.meta.url),
  );
  await importReferentiel(t.ctx, { kind: 'kit', fichier: kit, force: true });
  const lien = await t.ctx.db
    .selectFrom('certification_lien')
    .select(['cfd', 'rncp'])
    .where('rncp', '=', 'RNCP35000')
    .execute();
  expect(lien).toHaveLength(1);
  cfdLie = lien[0]!.cfd;
}, 120_000);
afterAll(() => t?.close());

const certification = async (id: string) => {
  const f = (await getFormation(t.ctx.db, SYSTEME('test'), id))!;
  return { rncp: f.certification?.rncp ?? null, cfd: f.certification?.cfd ?? null };
};

/** Saves formation `id`'s form with `over` (the version read first); returns the page it leads to. */
async function enregistrer(id: string, intitule: string, over: Record<string, string>) {
  const page = await org.get(`/espace/formations/${id}`);
  const r = await org.post(`/espace/formations/${id}`, {
    ...ficheComplete(SIRET_A, { intitule }),
    ...over,
    version: versionDe(page.body),
  });
  expect(r.statusCode).toBe(303);
  return texte((await org.get(String(r.headers.location))).body);
}

describe('a certification chosen by one code on the formation form', () => {
  it('takes the other code from the kit’s single link, or clears it, and the page says which', async () => {
    const intitule = 'Paire RNCP CFD';
    const id = await creerParFormulaire(
      org,
      ficheComplete(SIRET_A, {
        intitule,
        'certification.rncp': 'RNCP34825',
        'certification.cfd': '40025214',
      }),
    );
    expect(await certification(id)).toEqual({ rncp: 'RNCP34825', cfd: '40025214' });

    // A picker line of the RNCP alone: its linked CFD replaces the previous one.
    let page = await enregistrer(id, intitule, {
      'certification.rncp': 'RNCP34825',
      'certification.cfd': '40025214',
      'certification.choix': 'rncp:RNCP35000',
    });
    expect(await certification(id)).toEqual({ rncp: 'RNCP35000', cfd: cfdLie });
    expect(page).toContain(
      `Code diplôme (CFD) ${cfdLie} repris du kit apprentissage, qui le lie à RNCP35000.`,
    );

    // An RNCP the kit links to no diploma: the previous CFD is cleared, said so.
    page = await enregistrer(id, intitule, {
      'certification.rncp': 'RNCP35000',
      'certification.cfd': cfdLie,
      'certification.choix': 'rncp:RNCP34825',
    });
    expect(await certification(id)).toEqual({ rncp: 'RNCP34825', cfd: null });
    expect(page).toContain('Le code diplôme (CFD) de l’ancienne certification a été retiré');

    // A complete code typed in the search field, saved: the same rule.
    await enregistrer(id, intitule, {
      'certification.rncp': 'RNCP34825',
      'certification.cfd': '',
      'certification.recherche': 'RNCP35000',
    });
    expect(await certification(id)).toEqual({ rncp: 'RNCP35000', cfd: cfdLie });

    // A diploma chosen alone: its linked RNCP fiche; one the kit does not link, the RNCP cleared.
    page = await enregistrer(id, intitule, {
      'certification.rncp': 'RNCP35000',
      'certification.cfd': cfdLie,
      'certification.choix': 'cfd:40025214',
    });
    expect(await certification(id)).toEqual({ rncp: null, cfd: '40025214' });
    expect(page).toContain('Le code RNCP de l’ancienne certification a été retiré');

    // The same code chosen again: the pair stays as it is, nothing said.
    page = await enregistrer(id, intitule, {
      'certification.rncp': '',
      'certification.cfd': '40025214',
      'certification.choix': 'cfd:40025214',
      objectif: 'Un autre objectif.',
    });
    expect(await certification(id)).toEqual({ rncp: null, cfd: '40025214' });
    expect(page).not.toContain('kit apprentissage');
  });
});
