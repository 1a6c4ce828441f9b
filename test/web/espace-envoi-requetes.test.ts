import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CompteurRequetes, compteurRequetes } from '../../src/db/compteur-requetes.ts';
import type { Acteur } from '../../src/domain/acteur.ts';
import { saveFiche } from '../../src/services/espace.service.ts';
import { SIREN_A, SIRET_A } from '../api/helpers.ts';
import { connecte, type Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { ficheComplete, idDe, loadReferentiels } from './espace.helpers.ts';

// The new-formation form's one-time token is looked up once per POST (docs/espace.md): the
// statements on `formulaire_envoi`, counted by the Kysely plugin on the application's own
// database handle (src/db/compteur-requetes.ts).

let t: TestWeb;
let org: Navigateur;
let compteur: CompteurRequetes;

beforeAll(async () => {
  compteur = compteurRequetes();
  t = await testWeb({
    smtp: false,
    compteur,
  });
  await loadReferentiels(t.ctx);
  org = await connecte(t, { email: 'cfa@requetes.test', role: 'organisme', siren: SIREN_A }, '10.46.0.1');
});
afterAll(() => t?.close());

const surJetons = () => compteur.sqls.filter((s) => s.includes('formulaire_envoi'));

async function jetonDuFormulaire(): Promise<string> {
  const page = await org.get('/espace/formations/nouvelle');
  return /name="jeton_envoi" value="([^"]+)"/.exec(page.body)![1]!;
}

const form = (intitule: string, jeton: string) => ({
  ...ficheComplete(SIRET_A, { intitule, 'certification.rncp': '' }),
  jeton_envoi: jeton,
});

describe('the one-time token of the new-formation form', () => {
  it('is read once by a POST: created (then noted, then the old ones purged), or sent again', async () => {
    const jeton = await jetonDuFormulaire();
    compteur.reset();
    const cree = await org.post('/espace/formations/nouvelle', form('Une lecture du jeton', jeton));
    expect(String(cree.headers.location)).toMatch(/\?info=cree$/);
    expect(surJetons().map((s) => s.split(' ')[0])).toEqual([
      'SelectQueryNode',
      'InsertQueryNode',
      'UpdateQueryNode',
      'DeleteQueryNode',
    ]);
    compteur.reset();
    const renvoi = await org.post('/espace/formations/nouvelle', form('Une lecture du jeton', jeton));
    expect(String(renvoi.headers.location)).toMatch(/\?info=deja_creee$/);
    expect(surJetons()).toHaveLength(1);
  });

  it('is taken and its formation found in one statement when another POST created it meanwhile', async () => {
    const jeton = await jetonDuFormulaire();
    const cree = await org.post('/espace/formations/nouvelle', form('Créée par l’autre envoi', jeton));
    const id = idDe(cree.headers.location);
    // The other POST committed between this one's lookup and its take: the take finds it.
    const acteur: Acteur = {
      kind: 'utilisateur',
      id: 'x',
      email: 'cfa@requetes.test',
      nom: 'CFA',
      role: 'organisme',
      siren: SIREN_A,
      regions: [],
      academies: [],
    };
    compteur.reset();
    const r = await saveFiche(
      t.ctx,
      acteur,
      null,
      {
        intitule: 'Créée par l’autre envoi',
        responsable: { siret: SIRET_A },
        formateur: null,
        certification: {},
        contacts: [],
        modalites: { annees_apprentissage: [] },
      },
      [],
      jeton,
    );
    expect(r).toMatchObject({ id, dejaEnvoye: true });
    expect(surJetons(), compteur.sqls.join('\n')).toHaveLength(1);
  });
});
