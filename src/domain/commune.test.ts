import { describe, expect, it } from 'vitest';
import {
  choisirCommune,
  choisirCommuneCedex,
  choisirCommuneDuCodePostal,
  choixTenu,
  cleNomCommune,
  communeChoisie,
  completerLieu,
  lireLieu,
  memeCommune,
  memeDepartement,
  memeNomDeCommune,
  memeNomTape,
  mentionDuLieu,
  messageRefusCommune,
  nomCommuneGraphie,
  nomCommuneNormalise,
  nomOfficiel,
  prefixeDepartementPostal,
  readCommune,
} from './commune.ts';

describe('commune names as people write them', () => {
  it.each([
    // 1. names with an article: the official name, the COG sort name, the article after it
    ['La Rochelle', 'Rochelle'],
    ['LA ROCHELLE', 'La Rochelle'],
    ['Rochelle (La)', 'La Rochelle'],
    ['Rochelle, La', 'La Rochelle'],
    ['Le Puy-en-Velay', 'Puy-en-Velay'],
    ['LES SABLES D OLONNE', "Les Sables-d'Olonne"],
    ["L'Haÿ-les-Roses", 'L HAY LES ROSES'],
    ['Aux Marais', 'Marais'],
    // 2. La Poste routing labels: capitals, no accents nor hyphens, ST/STE, arrondissement number
    ['PARIS 17', 'Paris 17e Arrondissement'],
    ['MARSEILLE 08', 'Marseille 8e Arrondissement'],
    ['LYON 03', 'Lyon 3e Arrondissement'],
    ['Paris', 'Paris 1er Arrondissement'],
    ['ST ETIENNE', 'Saint-Étienne'],
    ['STE FOY LES LYON', 'Sainte-Foy-lès-Lyon'],
    ['BOULOGNE S/ MER', 'Boulogne-sur-Mer'],
    ['ST REMY EN BOUZEMONT ST GENEST', 'Saint-Remy-en-Bouzemont-Saint-Genest-et-Isson'],
    // 4. CEDEX labels
    ['NANTES CEDEX 1', 'Nantes'],
    ['Rennes Cédex', 'Rennes'],
  ])('« %s » designates « %s »', (ecrit, officiel) => {
    expect(memeCommune(ecrit, officiel)).toBe(true);
  });

  it.each([
    ['La Rochelle', 'Rochefort'],
    ['PARIS 17', 'Lyon 3e Arrondissement'],
    ['ST ETIENNE', 'Saint-Étienne-de-Tinée'],
    // a prefix is accepted only as La Poste's 32-character cut of a longer name
    ['ST REMY', 'Saint-Remy-en-Bouzemont-Saint-Genest-et-Isson'],
    ['SAINT DENIS', 'Saint-Denis-de-Pile'],
  ])('« %s » does not designate « %s »', (ecrit, officiel) => {
    expect(memeCommune(ecrit, officiel)).toBe(false);
  });

  it('keeps a name that is only an article', () => {
    expect(cleNomCommune('Les')).toBe('LES');
  });

  it('reads the CEDEX mention apart from the name', () => {
    expect(readCommune('NANTES CEDEX 1')).toEqual({ nom: 'NANTES', cedex: 'CEDEX 1' });
    expect(readCommune('Lyon Cedex 03')).toEqual({ nom: 'Lyon', cedex: 'CEDEX 3' });
    expect(readCommune('RENNES CEDEX')).toEqual({ nom: 'RENNES', cedex: 'CEDEX' });
    expect(readCommune('Cedexville')).toEqual({ nom: 'Cedexville', cedex: null });
  });

  it('tells whether a postal code may serve an INSEE code (department, Corsica, overseas)', () => {
    expect(memeDepartement('44035', '44109')).toBe(true);
    expect(memeDepartement('49035', '44109')).toBe(false);
    expect(memeDepartement('20090', '2A004')).toBe(true);
    expect(memeDepartement('20600', '2B033')).toBe(true);
    // Saint-Martin and Saint-Barthélemy kept Guadeloupe's postal codes
    expect(memeDepartement('97150', '97801')).toBe(true);
    expect(memeDepartement('97133', '97701')).toBe(true);
    expect(memeDepartement('97500', '97801')).toBe(false);
    expect(memeDepartement('97490', '97411')).toBe(true);
  });
});

describe('a commune name compared as written (a département’s name typed in « Où ? »)', () => {
  it('keeps the accents, reads case, hyphens, apostrophes and « st » like the normalised name', () => {
    expect(nomCommuneGraphie('Loire')).not.toBe(nomCommuneGraphie('Loiré'));
    expect(nomCommuneNormalise('Loire')).toBe(nomCommuneNormalise('Loiré'));
    expect(nomCommuneGraphie('st martin')).toBe(nomCommuneGraphie('Saint-Martin'));
    expect(nomCommuneGraphie('SAINT  MARTIN')).toBe('saint martin');
    expect(nomCommuneGraphie('Côte-d’Or')).toBe('côte d or');
    expect(nomCommuneGraphie("L'Haÿ-les-Roses")).toBe('l haÿ les roses');
  });
});

describe('a place as people type it (« Où ? », commune fields)', () => {
  it.each([
    ['Château-Gontier-sur-Mayenne', 'chateau gontier sur mayenne'],
    ['chateau gontier sur mayenne', 'chateau gontier sur mayenne'],
    ["L'Haÿ-les-Roses", 'l hay les roses'],
    ['Œuilly', 'oeuilly'],
    ['st etienne', 'saint etienne'],
    ['St-Étienne', 'saint etienne'],
    ['ste foy les lyon', 'sainte foy les lyon'],
    ['Villiers st denis', 'villiers saint denis'],
    // Alone (a start being typed), « st » may be Strasbourg's: kept.
    ['st', 'st'],
    ['Stenay', 'stenay'],
  ])('« %s » reads as the indexed name « %s »', (tape, nom) => {
    expect(nomCommuneNormalise(tape)).toBe(nom);
  });

  it.each([
    ['93200', { nom: '', code_postal: '93200' }],
    ['Saint-Denis', { nom: 'saint denis', code_postal: null }],
    ['Saint-Denis (93200)', { nom: 'saint denis', code_postal: '93200' }],
    ['Saint-Denis 93200', { nom: 'saint denis', code_postal: '93200' }],
    ['Saint-Denis, 93200', { nom: 'saint denis', code_postal: '93200' }],
    ['93200 Saint-Denis', { nom: 'saint denis', code_postal: '93200' }],
    ['st etienne 42000', { nom: 'saint etienne', code_postal: '42000' }],
    // An arrondissement as people type it, read as the communes reference names it.
    ['Paris 17', { nom: 'paris 17e arrondissement', code_postal: null }],
    ['Paris XVIIe', { nom: 'paris 17e arrondissement', code_postal: null }],
    ['Lyon 3 (69003)', { nom: 'lyon 3e arrondissement', code_postal: '69003' }],
    // A CEDEX mention left out, wherever it is.
    ['Nantes Cedex 1', { nom: 'nantes', code_postal: null }],
    ['NANTES CEDEX', { nom: 'nantes', code_postal: null }],
    ['44000 CEDEX', { nom: '', code_postal: '44000' }],
    ['Nantes Cedex 01 (44035)', { nom: 'nantes', code_postal: '44035' }],
    ['44035 Nantes Cedex 1', { nom: 'nantes', code_postal: '44035' }],
    ['932', { nom: '932', code_postal: null }],
    ['  ', null],
  ])('« %s » is %o', (tape, lieu) => {
    expect(lireLieu(tape)).toEqual(lieu);
  });

  it('reads 2 to 5 digits as the start of a postal code while typing', () => {
    expect(lireLieu('932', true)).toEqual({ nom: '', code_postal: '932' });
    expect(lireLieu('Saint-Denis 93200', true)).toEqual({ nom: 'saint denis', code_postal: '93200' });
  });
});

describe('the commune of a postal code (workbook places)', () => {
  const c = (code_insee: string, code_postal: string, nom: string) => ({
    code_insee,
    code_postal,
    nom,
    lat: null,
    lon: null,
  });
  const laval = c('53130', '53000', 'Laval');
  it('accepts the spellings of the postal code’s commune, refuses another commune', () => {
    for (const nom of ['Laval', 'LAVAL', 'laval', 'LAVAL CEDEX 9'])
      expect(choisirCommuneDuCodePostal('53000', nom, [laval])).toEqual({ commune: laval });
    expect(choisirCommuneDuCodePostal('44600', 'st nazaire', [c('44184', '44600', 'Saint-Nazaire')])).toEqual(
      { commune: c('44184', '44600', 'Saint-Nazaire') },
    );
    expect(choisirCommuneDuCodePostal('53000', 'Nantes', [laval])).toEqual({
      code: 'LIEU_HORS_CODE_POSTAL',
      message: '« Nantes » n’est pas une commune du code postal 53000 (Laval).',
      champ: 'lieu.commune',
      communes: [laval],
    });
    // A delegated commune of the postal code's commune: the rule accepts it (alerte), so does this.
    const cherbourg = c('50129', '50100', 'Cherbourg-en-Cotentin');
    expect(
      choisirCommuneDuCodePostal(
        '50100',
        'Cherbourg-Octeville',
        [cherbourg],
        [{ code_insee: '50129', nom: 'Cherbourg-Octeville' }],
      ),
    ).toEqual({ commune: cherbourg });
    // Several communes and none of that name: to pick (as the session form asks).
    const deux = [c('01183', '01090', 'Guéreins'), c('01258', '01090', 'Montmerle-sur-Saône')];
    expect(choisirCommuneDuCodePostal('01090', 'Lyon', deux)).toMatchObject({ code: 'LIEU_A_PRECISER' });
    expect(choisirCommuneDuCodePostal('01090', 'MONTMERLE SUR SAONE', deux)).toEqual({ commune: deux[1] });
  });
  it('without a postal code, takes the one commune of the exact name, as the public search does', () => {
    // « Saint-Etienne »: 3 postal codes of one commune among the names that start with it — the
    // session form asked to choose among 30 where « Où ? » searches Saint-Étienne (42000).
    const etienne = [
      c('42218', '42000', 'Saint-Étienne'),
      c('42218', '42100', 'Saint-Étienne'),
      c('42218', '42230', 'Saint-Étienne'),
      c('42225', '42110', 'Saint-Étienne-le-Molard'),
      c('73245', '73130', 'Saint-Étienne-de-Cuines'),
    ];
    for (const nom of ['Saint-Etienne', 'saint etienne', 'ST ETIENNE'])
      expect(choisirCommuneDuCodePostal(null, nom, etienne)).toEqual({ commune: etienne[0] });
    // Several communes of that exact name: still to pick.
    const homonymes = [c('07232', '07190', 'Saint-Étienne'), ...etienne];
    expect(choisirCommuneDuCodePostal(null, 'Saint-Etienne', homonymes)).toMatchObject({
      code: 'LIEU_A_PRECISER',
    });
  });
  it('reads two spellings of one commune as the same, its CEDEX mention aside', () => {
    expect(memeNomDeCommune('LAVAL', 'Laval')).toBe(true);
    expect(memeNomDeCommune('st nazaire', 'Saint-Nazaire')).toBe(true);
    expect(memeNomDeCommune('Nantes Cedex 1', 'Nantes')).toBe(false);
    expect(memeNomDeCommune('Nantes', 'Angers')).toBe(false);
    expect(nomOfficiel('NANTES CEDEX 01', 'Nantes')).toBe('Nantes CEDEX 1');
    expect(nomOfficiel('st nazaire', 'Saint-Nazaire')).toBe('Saint-Nazaire');
  });
});

describe('a postal code of one arrondissement with the city’s name (« 69003 Lyon »)', () => {
  const c = (code_insee: string, code_postal: string, nom: string) => ({
    code_insee,
    code_postal,
    nom,
    lat: null,
    lon: null,
  });
  // The communes reference lists each arrondissement and, under its postal codes, the city too.
  const CAS: [string, string, string, string, string][] = [
    ['69003', 'Lyon', '69123', '69383', 'Lyon 3e Arrondissement'],
    ['75016', 'Paris', '75056', '75116', 'Paris 16e Arrondissement'],
    ['75116', 'PARIS', '75056', '75116', 'Paris 16e Arrondissement'],
    ['13003', 'Marseille', '13055', '13203', 'Marseille 3e Arrondissement'],
  ];
  it.each(CAS)('%s %s is the arrondissement, not the city', (cp, nom, ville, arr, nomArr) => {
    const candidats = [c(ville, cp, nom.charAt(0) + nom.slice(1).toLowerCase()), c(arr, cp, nomArr)];
    expect(choisirCommuneDuCodePostal(cp, nom, candidats)).toEqual({ commune: candidats[1] });
    expect(choisirCommuneDuCodePostal(cp, nomArr, candidats)).toEqual({ commune: candidats[1] });
    expect(completerLieu({ code_postal: cp, commune: nom }, candidats)).toMatchObject({ code_insee: arr });
  });
  it('keeps asking when the name typed is another arrondissement (« 75016 Paris 15 »)', () => {
    const candidats = [c('75056', '75016', 'Paris'), c('75116', '75016', 'Paris 16e Arrondissement')];
    expect(choisirCommuneDuCodePostal('75016', 'Paris 15', candidats)).toMatchObject({
      code: 'LIEU_A_PRECISER',
    });
  });
});

describe('a commune picked among those proposed (the session form’s « lieu.choix »)', () => {
  it('holds for the postal code it was proposed for, or when none is typed', () => {
    const laval = { code_insee: '53130', code_postal: '53000' };
    expect(communeChoisie('53130-53000', '53000')).toEqual(laval);
    expect(communeChoisie('53130-53000', null)).toEqual(laval);
    // Typed again since with another postal code: looked up anew, never the old pick.
    expect(communeChoisie('01160-01090', '53000')).toBeNull();
    expect(communeChoisie(null, '53000')).toBeNull();
    expect(communeChoisie('53130', '53000')).toBeNull();
    expect(communeChoisie('53130-5300', null)).toBeNull();
  });
  it('without a postal code, holds for a name it starts with (or no name)', () => {
    const laval = { nom: 'Laval' };
    expect(choixTenu(laval, '53000', 'Nantes')).toBe(true);
    expect(choixTenu(laval, null, null)).toBe(true);
    expect(choixTenu(laval, null, 'lav')).toBe(true);
    expect(choixTenu({ nom: 'Saint-Étienne' }, null, 'st etienne')).toBe(true);
    expect(choixTenu(laval, null, 'Nantes')).toBe(false);
    // « Vernet » asks among Vernet and the Le Vernet: the one picked holds (else asked again, forever).
    expect(choixTenu({ nom: 'Le Vernet' }, null, 'Vernet')).toBe(true);
    expect(choixTenu({ nom: 'Vernet' }, null, 'Le Vernet')).toBe(false);
  });
});

describe('a commune name typed without its article (« Île-d’Yeu »)', () => {
  it('is the official name with it; a name typed with an article is only that name', () => {
    expect(memeNomTape('ile d yeu', 'L’Île-d’Yeu')).toBe(true);
    expect(memeNomTape('mans', 'Le Mans')).toBe(true);
    expect(memeNomTape('sables d olonne', 'Les Sables-d’Olonne')).toBe(true);
    expect(memeNomTape('vernet', 'Vernet')).toBe(true);
    expect(memeNomTape('vernet', 'Le Vernet')).toBe(true);
    expect(memeNomTape('le vernet', 'Vernet')).toBe(false);
    expect(memeNomTape('mans', 'Mansle')).toBe(false);
  });
  it('asks which commune among those the name designates, without a postal code', () => {
    const c = (code_insee: string, nom: string) => ({
      code_insee,
      code_postal: '00000',
      nom,
      lat: null,
      lon: null,
    });
    expect(choisirCommune(null, 'Île-d’Yeu', [c('85113', 'L’Île-d’Yeu')])).toMatchObject({
      commune: { code_insee: '85113' },
    });
    const vernet = [c('31574', 'Vernet'), c('03306', 'Le Vernet'), c('31575', 'Vernet-les-Bains')];
    expect(choisirCommune(null, 'Vernet', vernet)).toMatchObject({ code: 'LIEU_A_PRECISER' });
    expect(choisirCommune(null, 'Le Vernet', vernet)).toMatchObject({ commune: { code_insee: '03306' } });
  });
});

describe('a place refused, as the session form says it', () => {
  it('names the field and says what to do for a commune outside the postal code', () => {
    const refus = choisirCommuneDuCodePostal('53000', 'Nantes', [
      { code_insee: '53130', code_postal: '53000', nom: 'Laval', lat: null, lon: null },
    ]);
    expect('code' in refus && messageRefusCommune(refus, 'Commune')).toBe(
      'Commune : « Nantes » n’est pas une commune du code postal 53000 (Laval) : écrivez la commune du code postal, ou corrigez le code postal.',
    );
  });
  it('says what a CEDEX postal code is (no commune has it; the caller looks for the name in its département)', () => {
    const refus = choisirCommuneDuCodePostal('75700', 'PARIS CEDEX 07', []);
    expect(refus).toMatchObject({ code: 'LIEU_INCONNU', champ: 'lieu.code_postal' });
    expect('code' in refus && refus.message).toBe(
      'Le code postal 75700 est un code CEDEX (« PARIS CEDEX 07 ») : il sert à distribuer le courrier, ne désigne aucune commune et le référentiel des communes ne le connaît pas ; la commune se lit dans son nom, cherché parmi les communes du département du code.',
    );
    // Written with the commune's postal code, the name with its CEDEX mention is that commune's.
    const paris = { code_insee: '75107', code_postal: '75007', nom: 'Paris', lat: null, lon: null };
    expect(choisirCommuneDuCodePostal('75007', 'PARIS CEDEX 07', [paris])).toEqual({ commune: paris });
  });
  // A fresh user's report (07/12): the other refusals named no field (« Libellé : problème »).
  it('names the field of the other refusals too', () => {
    const refus = choisirCommuneDuCodePostal('53000', null, []);
    expect('code' in refus && messageRefusCommune(refus, 'Code postal')).toBe(
      'Code postal : aucune commune n’a le code postal 53000 dans le référentiel des communes : vérifiez-le.',
    );
    const inconnu = choisirCommuneDuCodePostal(null, 'Lavalle-sur-Mer', []);
    expect('code' in inconnu && messageRefusCommune(inconnu, 'Commune')).toBe(
      'Commune : aucune commune ne commence par « Lavalle-sur-Mer » dans le référentiel des communes : vérifiez le nom ou indiquez le code postal.',
    );
  });
  it('says a name is none of a postal code’s several communes, and names the field', () => {
    const c = (code_insee: string, nom: string) => ({
      code_insee,
      code_postal: '75016',
      nom,
      lat: null,
      lon: null,
    });
    const refus = choisirCommuneDuCodePostal('75016', 'Laval', [
      c('75056', 'Paris'),
      c('75116', 'Paris 16e Arrondissement'),
    ]);
    expect(refus).toMatchObject({ code: 'LIEU_A_PRECISER', champ: 'lieu.choix' });
    expect('code' in refus && messageRefusCommune(refus, 'Commune')).toBe(
      'Commune : « Laval » n’est pas une commune du code postal 75016, qui en compte 2 : choisissez la vôtre dans la liste, ou corrigez le code postal.',
    );
  });
});

describe('a CEDEX code: La Poste’s code for mail, read as an address tool reads it', () => {
  const c = (code_insee: string, code_postal: string, nom: string, lat: number | null = null) => ({
    code_insee,
    code_postal,
    nom,
    lat,
    lon: lat,
  });
  const laval = c('53130', '53000', 'Laval');
  const departement53 = [c('53062', '53200', 'Château-Gontier'), laval, c('53017', '53340', 'Ballée')];

  it('reads the mention of a place in its commune or its « Cedex » field', () => {
    expect(mentionDuLieu({ commune: 'LAVAL CEDEX 9', cedex: null })).toBe('CEDEX 9');
    expect(mentionDuLieu({ commune: 'Laval', cedex: 'Cedex 09' })).toBe('CEDEX 9');
    expect(mentionDuLieu({ commune: 'Laval', cedex: ' ' })).toBeNull();
    expect(mentionDuLieu({ commune: 'Laval' })).toBeNull();
  });

  it('gives the département’s postal prefix (Corsica 20, overseas three digits)', () => {
    expect(prefixeDepartementPostal('53063')).toBe('53');
    expect(prefixeDepartementPostal('20090')).toBe('20');
    expect(prefixeDepartementPostal('97405')).toBe('974');
    expect(prefixeDepartementPostal('5306')).toBeNull();
  });

  it('finds « 53063 LAVAL CEDEX 9 » as Laval, by name among the département’s communes', () => {
    expect(choisirCommuneCedex('53063', 'LAVAL CEDEX 9', departement53)).toEqual({ commune: laval });
    expect(choisirCommuneCedex('53063', 'Laval', departement53)).toEqual({ commune: laval });
    // La Poste's label (ST, capitals) and the article are read as usual.
    const rochelle = c('17300', '17000', 'La Rochelle');
    expect(choisirCommuneCedex('17021', 'ROCHELLE CEDEX 1', [rochelle])).toEqual({ commune: rochelle });
  });

  it('refuses a commune of another département than the CEDEX code’s, naming both', () => {
    const nantes = c('44109', '44000', 'Nantes');
    const refus = choisirCommuneCedex('53063', 'NANTES CEDEX 1', [...departement53, nantes]);
    expect(refus).toMatchObject({ code: 'LIEU_INCONNU', champ: 'lieu.commune' });
    expect('code' in refus && refus.message).toBe(
      'Le code postal 53063 est un code CEDEX (courrier) : il ne désigne aucune commune, la commune se lit dans son nom. Or aucune commune « NANTES » n’a de code postal commençant par 53 dans le référentiel des communes : corrigez le nom de la commune ou le code postal.',
    );
  });

  it('accepts a commune served by an office across a border (Claret, 04, by 05110)', () => {
    const claret = c('04058', '05110', 'Claret');
    expect(choisirCommuneCedex('05103', 'CLARET CEDEX', [claret])).toEqual({ commune: claret });
  });

  it('reads « PARIS CEDEX 07 » as Paris (its number is the office’s, not an arrondissement)', () => {
    const arr = [
      c('75107', '75007', 'Paris 7e Arrondissement', 48.856),
      c('75115', '75015', 'Paris 15e Arrondissement', 48.84),
    ];
    const r = choisirCommuneCedex('75700', 'PARIS CEDEX 07', arr);
    expect(r).toMatchObject({ commune: { code_insee: '75056', nom: 'Paris' } });
    expect('commune' in r && r.commune.lat).toBeCloseTo(48.848);
  });
});
