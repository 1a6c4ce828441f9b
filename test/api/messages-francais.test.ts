import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { type CodeErreur, ERREURS, estCodeErreur } from '../../src/domain/errors.catalogue.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { bearer, formationFixture, type TestApi, testApi } from './helpers.ts';

// Every refused field of an API request is explained in plain French, one sentence per field that
// a CFA's developer understands: the field as docs/api.md writes it (`sessions[0].debut`), what was
// expected, what was received when it is short enough to echo; a stable code, the catalogue's
// status. One reader (src/domain/issue-zod.ts, worded by message-champ.ts, called by errors.handler.ts), not per
// route. Zod's own technical wording (« Entrée invalide : … attendu, … reçu », « Option invalide :
// une valeur parmi "a"|"b" attendue », « Trop grand : … <=5 ») and dotted paths never show.

let t: TestApi;
let id = '';
beforeAll(async () => {
  t = await testApi();
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/formations',
    headers: bearer(t.keys.writeA),
    payload: formationFixture({ cle_externe: 'FR-CHAMPS' }),
  });
  id = r.json().id;
});
afterAll(() => t?.close());

const ZOD =
  /Entrée invalide|Option invalide|Trop (grand|petit)|Chaîne de caractères invalide|\w+ attendue?, \S+ reçu|\|"|<=|>=|[a-z_]\.\d+\b/;
const ANGLAIS = /\b(Invalid|Too (big|small)|expected|received|must|option)\b/;
const f = formationFixture({ cle_externe: 'FR-CHAMPS-2' });
const s0 = f.sessions[0]!;

type Cle = 'writeA' | 'admin' | 'read';
/** The check codes of a body field (docs/api.md « erreurs »). */
const CODE_CHAMP = /^CHAMP_(TYPE_INVALIDE|TROP_GRAND|TROP_PETIT|VALEUR_INVALIDE|FORMAT_INVALIDE|INCONNU)$/;

/** method, url (`:id` is the test formation), key, body, status, code, { champ: message } */
type Cas = [string, string, Cle, unknown, number, CodeErreur, Record<string, string | RegExp>];

const CAS: Cas[] = [
  [
    'POST',
    '/api/v1/formations',
    'writeA',
    { ...f, intitule: 5 },
    400,
    'REQUETE_INVALIDE',
    {
      intitule:
        'Le champ « intitule » doit être un texte (chaîne JSON entre guillemets) ; reçu : le nombre 5.',
    },
  ],
  [
    'POST',
    '/api/v1/formations',
    'writeA',
    { ...f, intitule: 'x'.repeat(301) },
    400,
    'REQUETE_INVALIDE',
    {
      intitule: 'Le champ « intitule » ne doit pas dépasser 300 caractères ; reçu : 301 caractères.',
    },
  ],
  // Characters as Zod counts them (code points): 301 emoji are 301 characters, not 602 UTF-16 units.
  [
    'POST',
    '/api/v1/formations',
    'writeA',
    { ...f, intitule: '🎓'.repeat(301) },
    400,
    'REQUETE_INVALIDE',
    {
      intitule: 'Le champ « intitule » ne doit pas dépasser 300 caractères ; reçu : 301 caractères.',
    },
  ],
  [
    'POST',
    '/api/v1/formations',
    'writeA',
    { ...f, sessions: [{ ...s0, debut: 12 }] },
    400,
    'REQUETE_INVALIDE',
    {
      'sessions.0.debut':
        /^Le champ « sessions\[0\]\.debut » est invalide : .*AAAA-MM-JJ.* ; reçu : le nombre 12\.$/,
    },
  ],
  [
    'POST',
    '/api/v1/formations',
    'writeA',
    { ...f, sessions: [{ ...s0, debut: '2026-02-30' }] },
    400,
    'REQUETE_INVALIDE',
    {
      'sessions.0.debut':
        'Le champ « sessions[0].debut » est invalide : « 2026-02-30 » n’est pas une date du calendrier (AAAA-MM-JJ).',
    },
  ],
  [
    'POST',
    '/api/v1/formations',
    'writeA',
    { ...f, sessions: [{ ...s0, etat_recrutement: 'peut-etre' }] },
    400,
    'REQUETE_INVALIDE',
    {
      'sessions.0.etat_recrutement':
        'Le champ « sessions[0].etat_recrutement » doit valoir l’une des valeurs « ouvert », « suspendu » ou « ferme » ; reçu : le texte « peut-etre ».',
    },
  ],
  [
    'POST',
    '/api/v1/formations',
    'writeA',
    { ...f, sessions: [{ ...s0, capacite: 100_001 }] },
    400,
    'REQUETE_INVALIDE',
    {
      'sessions.0.capacite':
        'Le champ « sessions[0].capacite » doit être inférieur ou égal à 100 000 ; reçu : le nombre 100001.',
    },
  ],
  [
    'POST',
    '/api/v1/formations',
    'writeA',
    { ...f, sessions: [{ ...s0, capacite: 2.5 }] },
    400,
    'REQUETE_INVALIDE',
    {
      'sessions.0.capacite':
        'Le champ « sessions[0].capacite » doit être un nombre entier ; reçu : le nombre 2.5.',
    },
  ],
  [
    'POST',
    '/api/v1/formations',
    'writeA',
    { ...f, modalites: { ...f.modalites, annees_apprentissage: [9] } },
    400,
    'REQUETE_INVALIDE',
    {
      'modalites.annees_apprentissage.0':
        'Le champ « modalites.annees_apprentissage[0] » doit être inférieur ou égal à 5 ; reçu : le nombre 9.',
    },
  ],
  [
    'POST',
    '/api/v1/formations',
    'writeA',
    { ...f, modalites: { ...f.modalites, contrat_apprentissage: 'oui' } },
    400,
    'REQUETE_INVALIDE',
    {
      'modalites.contrat_apprentissage':
        'Le champ « modalites.contrat_apprentissage » doit être true ou false ; reçu : le texte « oui ».',
    },
  ],
  [
    'POST',
    '/api/v1/formations',
    'writeA',
    { ...f, financeurs: ['region', 'mairie'] },
    400,
    'REQUETE_INVALIDE',
    {
      'financeurs.1':
        'Le champ « financeurs[1] » doit valoir l’une des valeurs « region », « france_travail », « agefiph » ou « opco » ; reçu : le texte « mairie ».',
    },
  ],
  [
    'POST',
    '/api/v1/formations',
    'writeA',
    { ...f, sessions: { debut: '2027-09-01' } },
    400,
    'REQUETE_INVALIDE',
    {
      sessions: 'Le champ « sessions » doit être une liste [ … ] ; reçu : un objet.',
    },
  ],
  [
    'POST',
    '/api/v1/formations',
    'writeA',
    { ...f, url: 'javascript:alert(1)' },
    400,
    'REQUETE_INVALIDE',
    {
      url: /^Le champ « url » est invalide : .+ ; reçu : le texte « javascript:alert\(1\) »\.$/,
    },
  ],
  [
    'POST',
    '/api/v1/formations',
    'writeA',
    { ...f, contacts: [{ type: 'accueil', nom: 'Accueil', telephone: 'le standard' }] },
    400,
    'REQUETE_INVALIDE',
    {
      'contacts.0.telephone':
        /^Le champ « contacts\[0\]\.telephone » est invalide : numéro de téléphone attendu.* ; reçu : le texte « le standard »\.$/,
    },
  ],
  [
    'POST',
    '/api/v1/formations',
    'writeA',
    [],
    400,
    'REQUETE_INVALIDE',
    {
      body: 'Le corps de la requête doit être un objet { … } ; reçu : une liste de 0 élément.',
    },
  ],
  [
    'PUT',
    '/api/v1/formations/:id',
    'writeA',
    { ...f, responsable: { siret: 13002526500013 } },
    400,
    'REQUETE_INVALIDE',
    {
      'responsable.siret':
        'Le champ « responsable.siret » doit être un texte (chaîne JSON entre guillemets) ; reçu : le nombre 13002526500013.',
    },
  ],
  [
    'PUT',
    '/api/v1/formations/:id',
    'writeA',
    { ...f, sessions: [s0, { ...s0, cle_externe: 'S2027', lieu: { ...s0.lieu, lat: 120 } }] },
    400,
    'REQUETE_INVALIDE',
    {
      'sessions.1.lieu.lat':
        'Le champ « sessions[1].lieu.lat » doit être inférieur ou égal à 90 ; reçu : le nombre 120.',
    },
  ],
  [
    'POST',
    '/api/v1/formations/:id/sessions',
    'writeA',
    { ...s0, fin: '30/06/2029' },
    400,
    'REQUETE_INVALIDE',
    {
      fin: /^Le champ « fin » est invalide : .*AAAA-MM-JJ.* ; reçu : le texte « 30\/06\/2029 »\.$/,
    },
  ],
  [
    'POST',
    '/api/v1/formations/:id/sessions',
    'writeA',
    { ...s0, entree_sortie: 'libre' },
    400,
    'REQUETE_INVALIDE',
    {
      entree_sortie:
        'Le champ « entree_sortie » doit valoir « dates_fixes » ou « permanente » ; reçu : le texte « libre ».',
    },
  ],
  [
    'POST',
    '/api/v1/admin/cles',
    'admin',
    { scope: 'tout' },
    400,
    'REQUETE_INVALIDE',
    {
      name: 'Le champ « name » est obligatoire : un texte (chaîne JSON entre guillemets) est attendu.',
      scope:
        /^Le champ « scope » doit valoir l’une des valeurs « read », « write ».* ; reçu : le texte « tout »\.$/,
    },
  ],
  [
    'POST',
    '/api/v1/admin/cles',
    'admin',
    { name: 'k', profils: 'missions-locales' },
    400,
    'REQUETE_INVALIDE',
    {
      profils: 'Le champ « profils » doit être une liste [ … ] ; reçu : le texte « missions-locales ».',
    },
  ],
  [
    'PUT',
    '/api/v1/admin/cles/inconnue/profils',
    'admin',
    { profils: Array(21).fill('x') },
    400,
    'REQUETE_INVALIDE',
    {
      profils: 'Le champ « profils » doit compter au plus 20 éléments ; reçu : 21 éléments.',
    },
  ],
  [
    'POST',
    '/api/v1/campagnes/courante',
    'admin',
    { annee: '2028' },
    400,
    'REQUETE_INVALIDE',
    {
      annee: 'Le champ « annee » doit être un nombre ; reçu : le texte « 2028 ».',
    },
  ],
  [
    'POST',
    '/api/v1/plateformes/parcoursup/retours',
    'admin',
    [{ id: 'fo_inconnue', statut: 'ok' }],
    400,
    'REQUETE_INVALIDE',
    {
      body: 'Le corps de la requête n’a aucune des formes admises ; la plus proche demande : Le champ « [0].statut » doit valoir « publie » ou « rejet_publication » ; reçu : le texte « ok ».',
    },
  ],
  [
    'POST',
    '/api/v1/imports/lheo?dry_run=peut-etre',
    'writeA',
    undefined,
    400,
    'REQUETE_INVALIDE',
    {
      dry_run: 'Le paramètre dry_run doit valoir « true » ou « false » ; reçu : le texte « peut-etre ».',
    },
  ],
  [
    'GET',
    '/api/v1/formations?lat=abc&lon=2&rayon_km=5',
    'read',
    undefined,
    400,
    'REQUETE_INVALIDE',
    {
      lat: 'Le paramètre lat est invalide : latitude en degrés décimaux attendue, de -90 à 90 (ex. 47.21) ; reçu : le texte « abc ».',
    },
  ],
  [
    'GET',
    '/api/v1/formations?lat=45&lon=2',
    'read',
    undefined,
    400,
    'REQUETE_INVALIDE',
    {
      rayon_km:
        'Le paramètre rayon_km manque : lat, lon et rayon_km s’emploient ensemble (ou rayon_km avec code_insee ou ou).',
    },
  ],
  [
    'GET',
    '/api/v1/formations?niveau=9',
    'read',
    undefined,
    400,
    'REQUETE_INVALIDE',
    {
      niveau: /^Le paramètre niveau doit valoir l’une des valeurs « .* ; reçu : 9\.$/,
    },
  ],
  // A number parameter out of its bounds echoes the value sent, not its length in characters.
  [
    'GET',
    '/api/v1/formations?code_insee=44109&rayon_km=-5',
    'read',
    undefined,
    400,
    'RAYON_INVALIDE',
    {
      rayon_km:
        'Le paramètre rayon_km est invalide : rayon en kilomètres attendu, plus de 0 et 1 000 au plus (ex. 30) ; reçu : -5.',
    },
  ],
  // A query parameter is always text: a number sent there is echoed as one (tester 05/12).
  [
    'GET',
    '/api/v1/formations?code_insee=44109&rayon_km=100000',
    'read',
    undefined,
    400,
    'RAYON_INVALIDE',
    {
      rayon_km:
        'Le paramètre rayon_km est invalide : rayon en kilomètres attendu, plus de 0 et 1 000 au plus (ex. 30) ; reçu : 100000.',
    },
  ],
  // A code of a fixed shape: a malformed one is named, not read as a filter matching nothing.
  [
    'GET',
    '/api/v1/formations?region=ZZ&departement=999&code_insee=abcde&siret=123',
    'read',
    undefined,
    400,
    'REQUETE_INVALIDE',
    {
      region:
        'Le paramètre region est invalide : région « ZZ » inconnue : codes INSEE valides 01, 02, 03, 04, 06, 11, 24, 27, 28, 32, 44, 52, 53, 75, 76, 84, 93, 94.',
      departement:
        'Le paramètre departement est invalide : département « 999 » inconnu : code de département attendu (ex. 69, 2A, 974).',
      code_insee:
        'Le paramètre code_insee est invalide : code commune INSEE de cinq caractères attendu (ex. 44109) ; reçu : le texte « abcde ».',
      siret: 'Le paramètre siret est invalide : SIRET de 14 chiffres attendu ; reçu : 123.',
    },
  ],
  // Past the schema, the services' refusals keep their catalogue code, status and field.
  ['POST', '/api/v1/admin/cles', 'admin', { name: 'k', expire: '2020-01-01' }, 400, 'CLE_EXPIRATION', {}],
  [
    'PUT',
    '/api/v1/formations/:id',
    'writeA',
    { ...f, sessions: [{ ...s0, id: 'se_inconnue' }] },
    422,
    'SESSION_INCONNUE',
    {},
  ],
];

describe('API problem details name each refused field in plain French', () => {
  it.each(CAS.map((c, i) => [i + 1, c[0], c[1], c] as const))('%i. %s %s', async (_, method, url, c) => {
    const [, , cle, body, status, code, champs] = c;
    const r = await t.app.inject({
      method: method as 'GET',
      url: url.replace(':id', id),
      headers: {
        ...bearer(t.keys[cle]),
        ...(body === undefined && method !== 'GET' ? { 'content-type': 'application/xml' } : {}),
      },
      ...(body !== undefined ? { payload: body as object } : method !== 'GET' ? { payload: '<lheo/>' } : {}),
    });
    expect(r.statusCode, r.body).toBe(status);
    expect(ERREURS[code].status).toBe(status);
    const p = r.json();
    expect(p).toMatchObject({ code, status, title: ERREURS[code].titre });
    expect(p.detail).not.toMatch(ZOD);
    expect(p.detail).not.toMatch(ANGLAIS);
    if (!Object.keys(champs).length) return;
    const recus = Object.fromEntries(
      (p.erreurs as { champ: string; message: string }[]).map((e) => [e.champ, e.message]),
    );
    expect(recus).toEqual(
      Object.fromEntries(
        Object.entries(champs).map(([k, v]) => [k, typeof v === 'string' ? v : expect.stringMatching(v)]),
      ),
    );
    for (const e of p.erreurs as { champ: string; message: string; code: string }[]) {
      expect(e.message, e.champ).not.toMatch(ZOD);
      expect(e.message, e.champ).not.toMatch(ANGLAIS);
      // A body field's check code (docs/api.md, never the validator's own), or the catalogue code
      // the field or parameter refuses with (REGION_INCONNUE…).
      expect(CODE_CHAMP.test(e.code) || estCodeErreur(e.code), e.code).toBe(true);
    }
    // One field: the detail is its sentence.
    if (p.erreurs.length === 1) expect(p.detail).toBe(p.erreurs[0].message);
  });
});

describe('Zod messages in French elsewhere', () => {
  it('in an LHEO reject', async () => {
    const xml = `<lheo xmlns="http://lheo.gouv.fr/2.3"><offres>
      <formation numero="TROP-LONG"><intitule-formation>${'x'.repeat(2001)}</intitule-formation>
        <organisme-formation-responsable><SIRET-organisme-formation><SIRET>13002526500013</SIRET></SIRET-organisme-formation></organisme-formation-responsable></formation>
    </offres></lheo>`;
    const report = await importLheo(t.ctx, SYSTEME('test-fr'), [xml]);
    expect(report.rejets).toHaveLength(1);
    // The form's words (« Libellé : problème. »), the contract's path kept after the label.
    expect(report.rejets[0]!.message).toMatch(
      /Intitulé \(champ intitule\) : 2\s001 caractères, 300 au plus\.$/,
    );
    expect(report.rejets[0]!.message).not.toMatch(ZOD);
    expect(report.rejets[0]!.message).not.toMatch(ANGLAIS);
  });
});
