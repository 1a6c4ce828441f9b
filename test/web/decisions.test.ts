import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Acteur } from '../../src/domain/acteur.ts';
import { createApiKey, revokeCle } from '../../src/services/apikey.service.ts';
import { deactivateUtilisateur, updateRole } from '../../src/services/comptes/admin-utilisateurs.service.ts';
import {
  approveStructure,
  refuseStructure,
  signUpStructure,
} from '../../src/services/comptes/structure.service.ts';
import { compte, connecte, Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';

// Issue 9 item 8 through the API: the decisions on structures (sign-ups approved or refused),
// user accounts (role changes, disabling) and API keys (revocation), each with its person, read
// by the gestionnaires of the structure's région and administrators — and by no one else.

const VOLCANS = '130025265'; // région 84, approved by its gestionnaire
const FAUX = '552100554'; // région 11, refused (the structure is removed)

let t: TestWeb;
let g84: Navigateur;
let g11: Navigateur;
let admin: Navigateur;
let orga: Navigateur;
let claireId: string;
let g11Id: string;
let cleId: string;
let cleEcriture: string;

const gestionnaire = (email: string, region: string): Acteur => ({
  kind: 'utilisateur',
  id: email,
  email,
  nom: email,
  role: 'gestionnaire',
  siren: null,
  regions: [region],
  academies: [],
});

async function lire(n: Navigateur | null, url: string, authorization?: string) {
  const r = await t.app.inject({
    method: 'GET',
    url: `/api/v1${url}`,
    ...(n ? { cookies: Object.fromEntries(n.cookies) } : {}),
    headers: authorization ? { authorization } : {},
  });
  return { status: r.statusCode, body: r.json() as { data: Record<string, unknown>[]; code?: string } };
}

beforeAll(async () => {
  t = await testWeb();
  const b = await compte(t, { email: 'g11@region.test', role: 'gestionnaire', region: '11' });
  const ad = await compte(t, { email: 'admin@offre.test', role: 'admin', nom: 'Ada Admin' });
  g11Id = b.id;
  const base = {
    region: '84',
    nom: 'Claire',
    mot_de_passe: 'une phrase de passe longue',
    confirmation: 'une phrase de passe longue',
  };
  const v = await signUpStructure(t.ctx, {
    ...base,
    siren: VOLCANS,
    raison_sociale: 'CFA des Volcans',
    email: 'claire@volcans.test',
  });
  claireId = v.utilisateurId!;
  await signUpStructure(t.ctx, {
    ...base,
    region: '11',
    siren: FAUX,
    raison_sociale: 'Faux CFA',
    email: 'faux@cfa.test',
  });
  await approveStructure(t.ctx, gestionnaire('g84@region.test', '84'), VOLCANS);
  await refuseStructure(
    t.ctx,
    gestionnaire('g11@region.test', '11'),
    FAUX,
    'SIREN sans activité de formation',
  );
  const adminActeur: Acteur = {
    kind: 'utilisateur',
    id: ad.id,
    email: 'admin@offre.test',
    nom: 'Ada Admin',
    role: 'admin',
    siren: null,
    regions: [],
    academies: [],
  };
  await deactivateUtilisateur(t.ctx, adminActeur, claireId);
  await updateRole(t.ctx, adminActeur, g11Id, { role: 'gestionnaire', regions: '11 24', academies: '' });
  const cle = await createApiKey(
    t.ctx,
    { name: 'SI des Volcans', scope: 'write', siren: VOLCANS },
    adminActeur,
  );
  cleId = cle.id;
  await revokeCle(t.ctx, cle.id, adminActeur);
  cleEcriture = (await createApiKey(t.ctx, { name: 'SI bis', scope: 'write', siren: VOLCANS }, adminActeur))
    .key;
  g84 = await connecte(
    t,
    {
      email: 'g84@region.test',
      role: 'gestionnaire',
      region: '84',
      nom: 'Gaëlle Carif',
    },
    '10.30.0.1',
  );
  g11 = new Navigateur(t.app, '10.30.0.2');
  admin = new Navigateur(t.app, '10.30.0.3');
  orga = await connecte(t, { email: 'cfa@volcans.test', role: 'organisme', siren: VOLCANS }, '10.30.0.4');
  await g11.seConnecter(b.email, b.motDePasse);
  await admin.seConnecter(ad.email, ad.motDePasse);
});
afterAll(() => t?.close());

describe('decisions on accounts through the API', () => {
  it('gives a structure’s sign-up decisions to its région’s gestionnaire, with the person', async () => {
    const r = await lire(g84, `/structures/${VOLCANS}/historique`);
    expect(r.status).toBe(200);
    expect(r.body.data.map((d) => d.action)).toEqual(['inscription', 'approbation']);
    expect(r.body.data[1]).toMatchObject({ acteur: 'utilisateur:g84@region.test' });
    expect(r.body.data[1]!.auteur).toContain('Gaëlle Carif');
    // A refusal stays readable once the structure is removed, with its reason, in its région only.
    const refus = await lire(g11, `/structures/${FAUX}/historique`);
    expect(refus.status).toBe(200);
    const d = refus.body.data.find((x) => x.action === 'refus')!;
    expect(d.acteur).toBe('utilisateur:g11@region.test');
    expect(d.diff).toContainEqual({ champ: 'motif', avant: null, apres: 'SIREN sans activité de formation' });
  });

  it('refuses another région’s gestionnaire each structure, account and key of the région', async () => {
    expect((await lire(g11, `/structures/${VOLCANS}/historique`)).status).toBe(403);
    expect((await lire(g84, `/structures/${FAUX}/historique`)).status).toBe(403);
    expect((await lire(g11, `/utilisateurs/${claireId}/historique`)).status).toBe(403);
    expect((await lire(g11, `/admin/cles/${cleId}/historique`)).status).toBe(403);
    // An account without a structure (a gestionnaire's own): administrators only.
    expect((await lire(g11, `/utilisateurs/${g11Id}/historique`)).status).toBe(403);
  });

  it('gives account and key decisions to the région’s gestionnaire and to administrators', async () => {
    const u = await lire(g84, `/utilisateurs/${claireId}/historique`);
    expect(u.status).toBe(200);
    expect(u.body.data).toContainEqual(
      expect.objectContaining({ action: 'desactivation', acteur: 'utilisateur:admin@offre.test' }),
    );
    const k = await lire(g84, `/admin/cles/${cleId}/historique`);
    expect(k.status).toBe(200);
    expect(k.body.data.map((d) => d.action)).toEqual(['creation', 'revocation']);
    expect(k.body.data[1]!.auteur).toContain('Ada Admin');
    const role = await lire(admin, `/utilisateurs/${g11Id}/historique`);
    expect(role.status).toBe(200);
    expect(role.body.data.map((d) => d.action)).toContain('role');
    expect((await lire(admin, `/structures/${FAUX}/historique`)).status).toBe(200);
    expect((await lire(admin, '/admin/cles/inconnue/historique')).status).toBe(404);
    expect((await lire(admin, '/structures/999999999/historique')).status).toBe(404);
  });

  it('answers 403 to an organisme (its own structure included) and to its write key, 401 to no one', async () => {
    for (const url of [
      `/structures/${VOLCANS}/historique`,
      `/utilisateurs/${claireId}/historique`,
      `/admin/cles/${cleId}/historique`,
    ]) {
      expect((await lire(orga, url)).status).toBe(403);
      expect((await lire(null, url, `Bearer ${cleEcriture}`)).status).toBe(403);
      expect((await lire(null, url)).status).toBe(401);
    }
  });
});
