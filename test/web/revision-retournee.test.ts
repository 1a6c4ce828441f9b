import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormationInput } from '../../src/domain/formation.schema.ts';
import { LIBELLE_ENREGISTRER } from '../../src/http/web/espace/libelles.ts';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { importReferentiel } from '../../src/services/referentiel.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { formationFixture, SIREN_A } from '../api/helpers.ts';
import { connecte, decider, type Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { organismeDe } from '../helpers/acteurs.ts';
import { publieeEtRevisee } from '../helpers/revision.ts';
import { fixture, tmp } from '../referentiels/helpers.ts';

// A fresh tester's report (03/12) on a published offer's revision returned « à corriger »: the
// e-mail said « publiez-la de nouveau » of an offer still diffused; GET …/revision still gave the
// old return's comment once the revision was sent again; and whether a reference import's
// recomputation, between a gestionnaire's reading and decision, refuses the decision.

let t: TestWeb;
let g84: Navigateur;
const organisme = organismeDe(SIREN_A);

beforeAll(async () => {
  t = await testWeb();
  g84 = await connecte(t, { email: 'g84@retour.test', role: 'gestionnaire', region: '84' }, '10.52.0.1');
  await connecte(t, { email: 'cfa@retour.test', role: 'organisme', siren: SIREN_A }, '10.52.0.2');
});
afterAll(() => t?.close());

/** Published and validated (in Lyon, région 84), then a revision proposing `revision`: the id. */
const revisee = (input: FormationInput, revision: Partial<FormationInput>) =>
  publieeEtRevisee(t.ctx, input, revision);

/** Returns the open revision of `id` through the review page, with `commentaire`. */
async function retourner(id: string, commentaire: string) {
  await g84.get(`/gestion/formations/${id}`);
  const r = await decider(g84, id, 'retourner', { commentaire });
  expect(r.statusCode, texte(r.body).slice(0, 400)).toBe(303);
}

describe('the « à corriger » e-mail of a returned revision', () => {
  it('says the published version stays diffused and the revision is to submit again, not « publiez-la »', async () => {
    const input = formationFixture({ cle_externe: 'RET-MAIL', intitule: 'Boulangerie' });
    const id = await revisee(input, { intitule: 'Boulangerie v2' });
    await retourner(id, 'Le tarif manque.');
    const mail = await t.smtp.attendre('cfa@retour.test', /Boulangerie v2/);
    expect(mail.subject).toBe('Révision à corriger : Boulangerie v2');
    expect(mail.text).toContain('Le tarif manque.');
    expect(mail.text).not.toContain('publiez-la de nouveau');
    expect(mail.text).toContain('La version publiée de la formation reste diffusée');
    // The page's button for a returned revision is the form's save, not « Publier ».
    expect(mail.text).toContain(
      `Corrigez la révision, puis soumettez-la de nouveau à validation (bouton « ${LIBELLE_ENREGISTRER.publiee} » de sa page) :`,
    );
    expect(mail.text).not.toContain('« Publier »');
    expect(mail.text).toContain(`/espace/formations/${id}`);
    // The in-app notification says the same.
    const n = await t.ctx.db
      .selectFrom('notification')
      .select(['titre', 'texte'])
      .where('lien', '=', `/espace/formations/${id}`)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(n.titre).toBe('Révision à corriger');
    expect(n.texte).toBe(
      `« Boulangerie v2 » : Le tarif manque. (la version publiée reste diffusée ; corrigez la révision puis « ${LIBELLE_ENREGISTRER.publiee} »)`,
    );
  });

  it('an offer returned before its first validation is still to correct and publish again', async () => {
    const { id } = await saveFormation(
      t.ctx,
      organisme,
      formationFixture({ cle_externe: 'RET-MAIL-NEUVE', intitule: 'Pâtisserie' }),
    );
    await transition(t.ctx, organisme, id, 'publier');
    await retourner(id, 'Le contenu manque.');
    const mail = await t.smtp.attendre('cfa@retour.test', /Pâtisserie/);
    expect(mail.subject).toBe('Offre à corriger : Pâtisserie');
    expect(mail.text).toContain('Corrigez-la puis publiez-la de nouveau');
  });
});

describe('GET …/revision after the returned revision was sent again', () => {
  it('gives the return’s comment while it is to correct, not once sent again', async () => {
    const input = formationFixture({ cle_externe: 'RET-API', intitule: 'Charcuterie' });
    const id = await revisee(input, { intitule: 'Charcuterie v2' });
    await retourner(id, 'Précisez le lieu.');
    const cle = await createApiKey(t.ctx, { name: 'erp', scope: 'write', siren: SIREN_A });
    const lire = async () =>
      (
        await t.app.inject({
          url: `/api/v1/formations/${id}/revision`,
          headers: { authorization: `Bearer ${cle.key}` },
        })
      ).json();
    expect(await lire()).toMatchObject({ statut: 'a_corriger', commentaire: 'Précisez le lieu.' });
    // The organisme corrects it: the revision waits for validation again.
    await saveFormation(t.ctx, organisme, { ...input, intitule: 'Charcuterie v3' }, { id });
    const relue = await lire();
    expect(relue.statut).toBe('en_attente_validation');
    expect(relue.commentaire).toBeNull();
    // Not only hidden: the return's comment is no longer stored (the history keeps it).
    const stockee = await t.ctx.db
      .selectFrom('formation_revision')
      .select('commentaire')
      .where('formation_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stockee.commentaire).toBeNull();
  });

  it('« Publier » of a returned revision sent again as it is clears the stored comment too', async () => {
    const input = formationFixture({ cle_externe: 'RET-PUB', intitule: 'Poissonnerie' });
    const id = await revisee(input, { intitule: 'Poissonnerie v2' });
    await retourner(id, 'Rien à changer, renvoyez.');
    await transition(t.ctx, organisme, id, 'publier');
    const r = await t.ctx.db
      .selectFrom('formation_revision')
      .select(['statut', 'commentaire'])
      .where('formation_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(r).toEqual({ statut: 'en_attente_validation', commentaire: null });
  });
});

describe('a reference import between the reading of a review page and the decision', () => {
  it('recomputes the rules without bumping the version read: the decision is not refused', async () => {
    await importReferentiel(t.ctx, {
      kind: 'rncp',
      fichier: fixture('rncp/fiches-v4.1.xml'),
      force: true,
    });
    const f = formationFixture({
      cle_externe: 'RET-REF',
      intitule: 'Ingénierie',
      certification: { rncp: 'RNCP34825', cfd: null },
    });
    const input = {
      ...f,
      sessions: f.sessions.map((s) => ({ ...s, debut: '2027-09-06', fin: '2029-06-30' })),
    };
    const id = await revisee(input, { intitule: 'Ingénierie v2' });
    const cle = await createApiKey(t.ctx, { name: 'gestion', scope: 'admin' });
    const etag = async () =>
      (
        await t.app.inject({
          url: `/api/v1/formations/${id}/revision`,
          headers: { authorization: `Bearer ${cle.key}` },
        })
      ).headers.etag;
    const etagAvant = await etag();
    const page = await g84.get(`/gestion/formations/${id}`);
    const version = /name="version" value="([^"]*)"/.exec(page.body)?.[1];
    expect(version).toBeTruthy();
    const avant = await t.ctx.db
      .selectFrom('formation')
      .select(['version', 'catalogue'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const echecs = () =>
      t.ctx.db
        .selectFrom('controle_echec')
        .select('code')
        .where('formation_id', '=', id)
        .orderBy('code')
        .execute();
    const echecsAvant = await echecs();

    // The new RNCP file extends the certification past the session's start: the rules run again.
    const xml = readFileSync(fixture('rncp/fiches-v4.1.xml'), 'utf8').replace(
      '<DATE_FIN_ENREGISTREMENT>31/08/2027<',
      '<DATE_FIN_ENREGISTREMENT>31/08/2032<',
    );
    const fichier = join(tmp(), 'fiches-inactive.xml');
    writeFileSync(fichier, xml);
    await importReferentiel(t.ctx, { kind: 'rncp', fichier, force: true });
    expect(await echecs()).not.toEqual(echecsAvant);
    const apres = await t.ctx.db
      .selectFrom('formation')
      .select(['version', 'catalogue'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(apres.version).toBe(avant.version);
    // The API's ETag (If-Match of a decision) is the same too.
    expect(await etag()).toBe(etagAvant);

    const r = await g84.post(`/gestion/formations/${id}/retourner`, {
      version: version!,
      commentaire: 'La certification n’est plus active.',
    });
    expect(r.statusCode, texte(r.body).slice(0, 400)).toBe(303);
  });
});
