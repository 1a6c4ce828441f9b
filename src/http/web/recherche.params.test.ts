import { describe, expect, it } from 'vitest';
import { adresseSansVides, readEtat, typeRefuse } from './recherche.params.ts';

describe('the public search page’s département filter', () => {
  it('reads 2a and 2b as Corsica’s 2A and 2B, as the API does', () => {
    expect(readEtat({ departement: '2a' }).facettes.departement).toBe('2A');
    expect(readEtat({ departement: ' 2b ' }).facettes.departement).toBe('2B');
    expect(readEtat({ departement: '44' }).facettes.departement).toBe('44');
  });

  it('does not filter on a département that does not exist, and keeps it, as typed, to say so', () => {
    for (const d of ['999', '20', '2c', ''])
      expect(readEtat({ departement: d }).facettes.departement, d).toBeUndefined();
    expect(readEtat({ departement: ' 2c ' }).inconnus?.departement?.saisi).toBe('2c');
    expect(readEtat({ departement: '' }).inconnus).toBeUndefined();
    expect(readEtat({ departement: '2a' }).inconnus).toBeUndefined();
  });

  it('says an unknown région too, cut as every refusal (40 characters, then « … »); a known one is no error', () => {
    expect(Object.keys(readEtat({ region: '99', departement: '44' }).inconnus ?? {})).toEqual(['region']);
    expect(readEtat({ region: '84' }).inconnus).toBeUndefined();
    expect(readEtat({ region: '<b>'.repeat(20) }).inconnus?.region?.saisi).toBe(
      `${'<b>'.repeat(20).slice(0, 40)}…`,
    );
  });

  // A fresh user's report (03/12): these were dropped in silence, listing every formation.
  it('refuses, on its field, Corsica’s old 20, a repeated département, an unknown niveau, rentrée or rayon', () => {
    expect(readEtat({ departement: '20' }).inconnus?.departement?.message).toContain(
      'la Corse est 2A (Corse-du-Sud) ou 2B (Haute-Corse)',
    );
    const repete = readEtat({ departement: ['53', '44'] });
    expect(repete.facettes.departement).toBeUndefined();
    expect(repete.inconnus?.departement).toEqual({
      message: 'Plusieurs départements demandés (53, 44) : choisissez-en un seul dans la liste.',
    });
    expect(readEtat({ niveau: 'zz' }).inconnus?.niveau?.saisi).toBe('zz');
    expect(readEtat({ rentree: '1900' }).inconnus?.rentree?.saisi).toBe('1900');
    for (const rayon of ['-5', 'abc', '0', '31'])
      expect(readEtat({ rayon }).inconnus?.rayon?.message, rayon).toBe(
        `Rayon « ${rayon} » non proposé : choisissez 10, 30, 50 ou 100 km.`,
      );
    for (const ok of [{ rayon: '50' }, { niveau: '3' }, { rentree: '2026' }, { rayon: '' }])
      expect(readEtat(ok).inconnus, JSON.stringify(ok)).toBeUndefined();
  });
});

// A tester's report (03/12): a rayon without a place and a page that does not exist were ignored in silence.
describe('the public search page’s warnings, the search still run', () => {
  it('says a radius given without a place is not applied, but not the form’s default beside an empty « Où ? »', () => {
    for (const q of [{ rayon: '50' }, { rayon: '30' }, { rayon: '100', ou: '' }, { rayon: '10', ou: '  ' }])
      expect(readEtat(q).avertissements?.rayon, JSON.stringify(q)).toBe(
        `Rayon « ${q.rayon} km » sans lieu : il se compte autour d’une commune ; indiquez-la dans « Où ? » (commune ou code postal). Le rayon n’a pas été appliqué.`,
      );
    for (const q of [{ rayon: '30', ou: '' }, { rayon: '50', ou: 'Nantes' }, { ou: 'Nantes' }, {}])
      expect(readEtat(q).avertissements, JSON.stringify(q)).toBeUndefined();
    // A radius not offered is refused on its field (no formation listed), not warned twice.
    expect(readEtat({ rayon: '-5' }).avertissements).toBeUndefined();
  });

  it('says a sort by distance without a place is by relevance instead', () => {
    for (const q of [{ tri: 'distance' }, { tri: 'distance', ou: ' ' }])
      expect(readEtat(q).avertissements?.tri, JSON.stringify(q)).toMatch(
        /^Tri par distance sans lieu : .*triés par pertinence\.$/,
      );
    for (const q of [{ tri: 'distance', ou: 'Nantes' }, { tri: 'debut' }])
      expect(readEtat(q).avertissements, JSON.stringify(q)).toBeUndefined();
  });

  it('says a page that is not a whole number from 1, and shows the first', () => {
    for (const page of ['-1', '0', 'abc', '2.5', '%%%']) {
      const e = readEtat({ page });
      expect(e.page, page).toBe(1);
      expect(e.avertissements?.page, page).toBe(
        `Page « ${page} » inexistante : les pages se numérotent à partir de 1 ; la première page est affichée.`,
      );
    }
    expect(readEtat({ page: ['2', '3'] }).avertissements?.page).toBe(
      'Plusieurs pages demandées (2, 3) : la première page est affichée.',
    );
    for (const [page, attendue] of [
      ['', 1],
      ['1', 1],
      ['7', 7],
      ['99999', 10_000],
    ] as const) {
      const e = readEtat({ page });
      expect([e.page, e.avertissements], page).toEqual([attendue, undefined]);
    }
  });
});

// A fresh tester's report (03/12): a bad type, modalite, tri or checkbox showed every formation, not a word.
describe('the public search page’s other filters and its sort, refused on their field', () => {
  it('names the filter and the values it accepts, and does not apply it', () => {
    for (const [query, champ, message] of [
      [{ type: '`' }, 'type', 'Type de diplôme « ` » inconnu : choisissez un type de diplôme dans la liste.'],
      [
        { modalite: 'x' },
        'modalite',
        'Type d’offre « x » inconnu : choisissez apprentissage ou conventionne (offre conventionnée, financée).',
      ],
      [{ tri: "'" }, 'tri', "Tri « ' » inconnu : choisissez pertinence, distance ou debut (date de début)."],
      [
        { ouvert: 'abc' },
        'ouvert',
        '« Recrutement ouvert » : valeur « abc » inconnue ; 1 coche la case, 0 la décoche.',
      ],
      [
        { parcoursup: '2' },
        'parcoursup',
        '« Sur Parcoursup » : valeur « 2 » inconnue ; 1 coche la case, 0 la décoche.',
      ],
      [
        { affelnet: 'oui' },
        'affelnet',
        '« Sur Affelnet » : valeur « oui » inconnue ; 1 coche la case, 0 la décoche.',
      ],
      [
        { tri: ['distance', 'debut'] },
        'tri',
        'Plusieurs tris demandés (distance, debut) : choisissez pertinence, distance ou debut (date de début).',
      ],
    ] as const) {
      const e = readEtat(query);
      expect(e.inconnus?.[champ]?.message, JSON.stringify(query)).toBe(message);
      expect(Object.keys(e.inconnus ?? {})).toEqual([champ]);
      expect(e.tri).toBe('pertinence');
      expect([
        e.facettes.type_diplome,
        e.facettes.modalite,
        e.facettes.ouvert,
        e.facettes.parcoursup,
      ]).toEqual([undefined, undefined, undefined, undefined]);
    }
  });

  it('takes the form’s values, 0 as an unticked box, and an empty value as none', () => {
    const e = readEtat({
      type: 'BTS',
      modalite: 'conventionne',
      tri: 'debut',
      ouvert: '1',
      parcoursup: 'on',
    });
    expect(e.inconnus).toBeUndefined();
    expect([
      e.tri,
      e.facettes.type_diplome,
      e.facettes.modalite,
      e.facettes.ouvert,
      e.facettes.parcoursup,
    ]).toEqual(['debut', 'BTS', 'conventionne', true, true]);
    for (const q of [{ ouvert: '0' }, { affelnet: 'false' }, { tri: '' }, { modalite: ' ' }, { type: '' }])
      expect(readEtat(q).inconnus, JSON.stringify(q)).toBeUndefined();
  });

  it('refuses a type no formation of the search has, once the search gives the list', () => {
    const e = readEtat({ type: 'ZZZ' });
    expect(typeRefuse(e, [{ valeur: 'BTS' }, { valeur: 'ZZZ' }])).toBeNull();
    const refuse = typeRefuse(e, [{ valeur: 'BTS' }]);
    expect(refuse?.facettes.type_diplome).toBeUndefined();
    expect(refuse?.inconnus?.type).toEqual({
      saisi: 'ZZZ',
      message: 'Type de diplôme « ZZZ » inconnu : choisissez un type de diplôme dans la liste.',
    });
    expect(typeRefuse(readEtat({}), [])).toBeNull();
  });
});

describe('the search page’s address without its empty parameters (the form sent without JavaScript)', () => {
  it('leaves out the empty ones, the others in their order and encoding', () => {
    expect(adresseSansVides('/?q=&ou=&rayon=30')).toBe('/');
    expect(adresseSansVides('/?q=boulanger&ou=&rayon=30&niveau=&tri=pertinence')).toBe(
      '/?q=boulanger&tri=pertinence',
    );
    expect(adresseSansVides('/?ou=Nantes&q=&rayon=10')).toBe('/?ou=Nantes&rayon=10');
    expect(adresseSansVides('/?q=cuisine%20du%20monde&ou=+&type=')).toBe('/?q=cuisine%20du%20monde');
    expect(adresseSansVides('/?q=b%C3%A9b%C3%A9&ou')).toBe('/?q=b%C3%A9b%C3%A9');
  });

  it('keeps a radius other than the form’s default beside an empty « Où ? » (it is then warned)', () => {
    expect(adresseSansVides('/?q=&ou=&rayon=50')).toBe('/?rayon=50');
    // Without « ou » in the address, the radius is the reader’s: kept.
    expect(adresseSansVides('/?q=&rayon=30')).toBe('/?rayon=30');
  });

  it('gives null when there is nothing to leave out', () => {
    expect(adresseSansVides('/')).toBeNull();
    expect(adresseSansVides('/?q=boulanger&ou=Nantes&rayon=30')).toBeNull();
    expect(adresseSansVides('/?q=%E9')).toBeNull();
  });
});
