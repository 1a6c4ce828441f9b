import { createReadStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type LheoRecord, readLheo } from './lheo.reader.ts';
import { raisonXmlEnFrancais, streamFormations, utf8Deguise } from './lheo.stream.ts';
import { parseLheoDate } from './lheo.values.ts';

const fixture = (name: string) => new URL(`../../../test/fixtures/lheo/${name}`, import.meta.url);
async function read(name: string): Promise<LheoRecord[]> {
  const out: LheoRecord[] = [];
  for await (const r of readLheo(createReadStream(fixture(name)), name)) out.push(r);
  return out;
}

describe('parseLheoDate', () => {
  it('follows the LHEO conventions', () => {
    expect(parseLheoDate('20260901', 'debut')).toEqual({ date: '2026-09-01' });
    expect(parseLheoDate('00000000', 'debut')).toEqual({ date: null });
    expect(parseLheoDate('99999999', 'fin')).toEqual({ date: null });
    expect(parseLheoDate('20260900', 'debut')).toEqual({ date: '2026-09-01' });
    expect(parseLheoDate('20280200', 'fin')).toEqual({ date: '2028-02-29' });
    expect(parseLheoDate('20270000', 'fin')).toEqual({ date: '2027-12-31' });
    expect(parseLheoDate('20260231', 'debut')).toHaveProperty('erreur');
    expect(parseLheoDate('2026-09-01', 'debut')).toHaveProperty('erreur');
  });
});

describe('readLheo: a place as the file gives it (fresh user 05/12/2026, M2)', () => {
  const avec = async (codepostal: string) => {
    const xml = readFileSync(fixture('offre-2.3.xml'), 'utf8').replace(
      '<codepostal>69002</codepostal>\n              <ville>Lyon</ville>',
      `<codepostal>${codepostal}</codepostal>\n              <ville>Laval</ville>`,
    );
    expect(xml).toContain(`<codepostal>${codepostal}</codepostal>`);
    for await (const r of readLheo(Readable.from([xml]), 'offre.xml')) {
      expect(r.erreurs).toEqual([]);
      return r.input!.sessions[0]!.lieu;
    }
    throw new Error('no record');
  };
  it('keeps a postal code no commune has (99999) with the street and the town, for LIEU_COMMUNE', async () => {
    expect(await avec('99999')).toMatchObject({
      adresse: '12 rue de la République',
      code_postal: '99999',
      commune: 'Laval',
      code_insee: '69382',
      uai: '0690003C',
    });
  });
  it('reads the schema’s unknown postal code (00000) as unknown, the rest of the place kept', async () => {
    expect(await avec('00000')).toMatchObject({
      adresse: '12 rue de la République',
      code_postal: null,
      commune: 'Laval',
      code_insee: '69382',
      uai: '0690003C',
    });
  });
});

describe('readLheo', () => {
  it('maps an LHEO 2.3 file formation → action → session', async () => {
    const records = await read('offre-2.3.xml');
    expect(records.map((r) => r.erreurs)).toEqual([[], [], []]);
    const [bts, cap, tp] = records.map((r) => r.input!);
    expect(bts!.cle_externe).toBe('F-BTS-MCO');
    expect(bts!.contenu).toBe("Développement de la relation client, animation de l'offre & gestion.");
    expect(bts!.certification).toEqual({ rncp: 'RNCP38362', cfd: '32031213', certifinfo: '116211' });
    expect(bts!.responsable).toEqual({
      siret: '13002526500013',
      raison_sociale: 'CFA Lumière',
      uai: '0690001A',
      nda: '84691234569',
    });
    expect(bts!.formateur).toEqual({
      siret: '13002526500021',
      raison_sociale: 'Lycée Ampère',
      uai: '0690002B',
      nda: null,
    });
    expect(bts!.contacts).toEqual([
      {
        type: 'pedagogique',
        nom: 'Claire Martin',
        telephone: '04 72 00 00 00',
        courriel: 'claire.martin@cfa-lumiere.example',
      },
      {
        type: 'referent_handicap',
        nom: 'Paul Durand',
        telephone: null,
        courriel: 'handicap@cfa-lumiere.example',
      },
    ]);
    expect(bts!.modalites).toMatchObject({
      contrat_apprentissage: true,
      annees_apprentissage: [1, 2],
      duree_annees: 2,
      formation_continue: null,
    });
    expect(bts!.financeurs.sort()).toEqual(['france_travail', 'region']);
    expect(
      bts!.sessions.map((s) => [
        s.cle_externe,
        s.debut,
        s.fin,
        s.etat_recrutement,
        s.entree_sortie,
        s.financeur,
      ]),
    ).toEqual([
      ['S-2026', '2026-09-01', '2028-06-30', 'ouvert', 'dates_fixes', 'region'],
      ['S-2025', '2025-09-01', '2027-06-30', 'ferme', 'dates_fixes', 'region'],
      ['S-PERM', null, null, 'suspendu', 'permanente', 'france_travail'],
    ]);
    expect(bts!.sessions[0]!.lieu).toMatchObject({
      adresse: '12 rue de la République',
      code_postal: '69002',
      commune: 'Lyon',
      code_insee: '69382',
      uai: '0690003C',
      lat: 45.7623,
      lon: 4.8357,
    });
    expect(bts!.sessions[0]!.contact).toEqual({
      nom: 'Secrétariat',
      telephone: null,
      courriel: 'inscriptions@cfa-lumiere.example',
    });
    // No lieu-de-formation: the registration address stands for the place; no numero: a key stable across imports.
    expect(cap!.sessions[0]).toMatchObject({
      cle_externe: 'C-2026',
      lieu: { code_postal: '63000', commune: 'Clermont-Ferrand' },
    });
    expect(tp!.certification.rncp).toBe('RS5432');
    expect(tp!.sessions[0]).toMatchObject({ numero_marche: 'M1451401', financeur: 'region' });
  });

  it('reads LHEO 2.2 in ISO-8859-1', async () => {
    const records = await read('offre-2.2.xml');
    expect(records.map((r) => r.erreurs)).toEqual([[], []]);
    const [bp, mc] = records.map((r) => r.input!);
    expect(bp!.intitule).toBe('BP Boulanger');
    expect(bp!.responsable?.raison_sociale).toBe('CFA des métiers de Limoges');
    expect(bp!.financeurs).toEqual(['opco']);
    expect(bp!.modalites.annees_apprentissage).toEqual([1, 2]);
    expect(mc!.modalites.annees_apprentissage).toEqual([]);
    expect(bp!.sessions[0]).toMatchObject({
      debut: '2026-09-01',
      fin: '2028-07-31',
      lieu: { lat: 45.8336, lon: 1.2611, commune: 'Limoges' },
    });
    expect(mc!.sessions.map((s) => s.cle_externe)).toEqual(['A1S1', 'A1S2']);
  });

  it('rejects a record with the exact XML path of each error', async () => {
    const records = await read('avec-erreurs.xml');
    expect(records[0]!.input).not.toBeNull();
    expect(records[1]!.input).toBeNull();
    expect(records[1]!.erreurs).toEqual([
      expect.objectContaining({
        chemin: '/lheo/offres/formation[2]/action[1]/session[2]/periode/debut',
        code: 'LHEO_DATE_INVALIDE',
      }),
    ]);
    expect(records[1]!.erreurs[0]!.message).toContain('20260231');
    expect(records[2]!.erreurs.map((e) => [e.chemin, e.code])).toEqual([
      ['/lheo/offres/formation[3]/@numero', 'LHEO_NUMERO_ABSENT'],
      ['/lheo/offres/formation[3]/action[1]/session[1]/etat-recrutement', 'LHEO_ETAT_RECRUTEMENT'],
    ]);
  });

  it('warns of two identical sessions of one formation, refusing nothing', async () => {
    const records = await read('sessions-en-double.xml');
    expect(records.map((r) => r.erreurs)).toEqual([[], []]);
    expect(records[0]!.input!.sessions).toHaveLength(3);
    expect(records[0]!.avertissements.map((a) => [a.chemin, a.code, a.ligne])).toEqual([
      ['/lheo/offres/formation[1]/action[1]/session[2]', 'LHEO_SESSION_EN_DOUBLE', 11],
    ]);
    // The same dates and place in another formation are no duplicate.
    expect(records[1]!.avertissements).toEqual([]);
  });

  it.each([
    ['xxe.xml', 'LHEO_ENTITES_INTERDITES'],
    ['billion-laughs.xml', 'LHEO_ENTITES_INTERDITES'],
    ['entite-non-declaree.xml', 'LHEO_XML_INVALIDE'],
  ])('refuses %s', async (name, code) => {
    await expect(read(name)).rejects.toMatchObject({ code });
  });

  it('refuses a file that is not LHEO', async () => {
    const run = async (xml: string) => {
      for await (const _ of readLheo([xml], 'x.xml'));
    };
    await expect(run('<offres/>')).rejects.toMatchObject({ code: 'LHEO_RACINE' });
    await expect(run('<lheo xmlns="urn:autre"/>')).rejects.toMatchObject({ code: 'LHEO_VERSION' });
    await expect(run('<lheo xmlns="http://lheo.gouv.fr/2.3"><offres>')).rejects.toMatchObject({
      code: 'LHEO_XML_INVALIDE',
    });
  });

  it('names a zip (a campaign workbook) given as LHEO, instead of an encoding error', async () => {
    const zip = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(200, 0xa7)]);
    const err = await (async () => {
      for await (const _ of readLheo([zip], 'offre-campagne-2027.xlsx'));
    })().catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'LHEO_PAS_XML',
      message: expect.stringMatching(
        /^offre-campagne-2027\.xlsx est une archive zip .*« offre import classeur »/,
      ),
    });
  });

  // Fresh tester, 04/12/2026 (L8): a CSV given as LHEO got « XML mal formé à la ligne 664,
  // colonne 11 » (saxes reads text before the root as blanks until it fails much further).
  it('says a file that does not start with « < » is no XML, at its first line', async () => {
    const csv = `\n\ninsee_com,code_postal,commune\n53130,53000,Laval\n${'01004,01500,Ambérieu\n'.repeat(700)}`;
    for (const morceaux of [[Buffer.from(csv)], [Buffer.from('\n'), Buffer.from(csv.slice(1))]]) {
      const err = await (async () => {
        for await (const _ of readLheo(morceaux, 'communes.csv'));
      })().catch((e: unknown) => e);
      expect(err).toMatchObject({
        code: 'LHEO_PAS_XML',
        status: 422,
        details: { fichier: 'communes.csv', ligne: 3 },
        message: expect.stringMatching(
          /^communes\.csv, ligne 3 : ce n’est pas un fichier XML \(LHEO attendu\), il commence par « insee_com,code_postal,commune »/,
        ),
      });
    }
    // Blank lines and a byte-order mark before the declaration are still XML.
    const ok = async (xml: string) => {
      for await (const _ of readLheo([Buffer.from(xml)], 'x.xml'));
    };
    await expect(
      ok('\uFEFF\n  <lheo xmlns="http://lheo.gouv.fr/2.3"><offres/></lheo>'),
    ).resolves.toBeUndefined();
  });

  // The fresh user's file of stop 23 got saxes' English « unexpected close tag »; that of 03/12,
  // « caractère interdit en XML in entity name » without its line and column (an « & » alone).
  it.each([
    [
      '<formation><intitule-formation>x</offres>',
      /^x\.xml : XML mal formé à la ligne 1, colonne 87 : balise fermante inattendue : <\/offres> trouvée, <\/intitule-formation> attendue$/,
    ],
    [
      '<formation a="1" a="2"/>',
      /^x\.xml : XML mal formé à la ligne 1, colonne 70 : attribut en double : a$/,
    ],
    [
      '<formation a=1/>',
      /^x\.xml : XML mal formé à la ligne 1, colonne \d+ : valeur d’attribut sans guillemets/,
    ],
    [
      '<formation>\n<intitule-formation>Boulanger & pâtissier ; CAP</intitule-formation></formation>',
      /^x\.xml : XML mal formé à la ligne 2, colonne \d+ : caractère interdit dans un nom d’entité \(un « & » seul s’écrit &amp;\)$/,
    ],
  ])('names a malformed document in French, with its line and column: %s', async (corps, message) => {
    const xml = `<lheo xmlns="http://lheo.gouv.fr/2.3"><offres>${corps}</offres></lheo>`;
    const err = await (async () => {
      for await (const _ of readLheo([xml], 'x.xml'));
    })().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'LHEO_XML_INVALIDE', message: expect.stringMatching(message) });
  });

  it('has a French reason for every message saxes can fail with, and a French fallback', () => {
    const source = readFileSync(new URL(import.meta.resolve('saxes')), 'utf8');
    const messages = [...source.matchAll(/fail\(\s*(?:[^"`]*\?\s*)?(["`])((?:\\.|(?!\1).)*)\1/gs)]
      .map((m) => m[2]!.replace(/\\"/g, '"').replace(/\\\n/g, '').replace(/\.$/, ''))
      .filter((m) => !m.startsWith('cannot write after close'));
    expect(messages.length).toBeGreaterThan(40);
    for (const m of messages) expect(raisonXmlEnFrancais(m), m).not.toBe('syntaxe XML invalide');
    expect(raisonXmlEnFrancais('something new')).toBe('syntaxe XML invalide');
    expect(raisonXmlEnFrancais('disallowed character in entity name')).not.toMatch(/entity/);
  });
});

describe('utf8Deguise: UTF-8 bytes under a Latin-1 declaration', () => {
  const latin1 = (s: string) => Buffer.from(s, 'latin1');
  it('finds the first accent of UTF-8 bytes; never flags Latin-1 text', () => {
    expect(utf8Deguise(Buffer.from('<a>Non renseigné</a>'))).toBe('é');
    expect(utf8Deguise(latin1('<a>Non renseigné</a>'))).toBeNull();
    expect(utf8Deguise(latin1('<a>Opérateur</a>'))).toBeNull();
    // Nothing to judge by: no accent yet, or a Latin-1 « é » (a UTF-8 lead byte) cut at the end.
    expect(utf8Deguise(Buffer.from('<a>ASCII</a>'))).toBeUndefined();
    expect(utf8Deguise(latin1('<a>clé'))).toBeUndefined();
  });
});

describe('a UTF-8 file declared ISO-8859-1', () => {
  const menteur = Buffer.from(
    readFileSync(fixture('offre-2.3.xml'), 'utf8').replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'),
  );
  it.each([
    ['whole', [menteur]],
    // One byte at a time: « é » (C3 A9) cut between two chunks is judged whole.
    ['byte by byte', [...menteur].map((o) => Uint8Array.of(o))],
  ])('is refused, %s, with the line of its first accent', async (_n, chunks) => {
    const lire = async () => {
      for await (const _ of streamFormations(chunks, 'f.xml'));
    };
    await expect(lire()).rejects.toMatchObject({
      code: 'LHEO_ENCODAGE_DECLARE',
      details: { fichier: 'f.xml', ligne: 8, encodage: 'ISO-8859-1' },
      message: expect.stringContaining('« é » y serait lu « Ã© »'),
    });
  });
  const lire = async (chunks: Uint8Array[]) => {
    for await (const _ of streamFormations(chunks, 'f.xml'));
  };
  it('names the UTF-8 byte-order mark when that is what betrays it', async () => {
    await expect(lire([Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), menteur])])).rejects.toMatchObject({
      code: 'LHEO_ENCODAGE_DECLARE',
      details: { ligne: 1 },
      message: expect.stringContaining('marque d’ordre des octets (BOM) de l’UTF-8'),
    });
  });
  it.each([
    ['with its byte-order mark', 'utf16le', [0xff, 0xfe]],
    ['big-endian, with its mark', 'utf16be', [0xfe, 0xff]],
    ['without a mark', 'utf16le', []],
  ])('says a UTF-16 file is UTF-16 (%s), not "invalid UTF-8"', async (_n, enc, bom) => {
    const texte = readFileSync(fixture('offre-2.3.xml'), 'utf8').replace(
      'encoding="UTF-8"',
      'encoding="UTF-16"',
    );
    const le = Buffer.from(texte, 'utf16le');
    const octets = enc === 'utf16be' ? Buffer.from(le).swap16() : le;
    await expect(lire([Buffer.concat([Buffer.from(bom), octets])])).rejects.toMatchObject({
      code: 'LHEO_ENCODAGE',
      message: expect.stringContaining('encodé en UTF-16'),
    });
  });
  it('a real ISO-8859-1 file is read with its accents, byte by byte too', async () => {
    const iso = readFileSync(fixture('offre-2.2.xml'));
    const n: string[] = [];
    for await (const f of streamFormations(
      [...iso].map((o) => Uint8Array.of(o)),
      'iso.xml',
    ))
      n.push(f.node.name);
    expect(n.length).toBeGreaterThan(0);
  });
});

describe('line breaks inside the elements', () => {
  it('reads a one-line element wrapped by its editor on one line; the descriptions keep their lines', async () => {
    // One-line fields refuse a line break on every channel (domain/caracteres-texte.ts): in a file,
    // a break inside <intitule-formation> or <ville> is layout, not a reason to refuse the record.
    const xml = readFileSync(fixture('offre-2.3.xml'), 'utf8')
      .replace(
        '<intitule-formation>BTS Management commercial opérationnel</intitule-formation>',
        '<intitule-formation>BTS Management\n        commercial\topérationnel</intitule-formation>',
      )
      .replace(
        "<objectif-formation>Former des managers d'unité commerciale capables de piloter une équipe.</objectif-formation>",
        "<objectif-formation>Former des managers d'unité commerciale.\nPiloter une équipe.</objectif-formation>",
      );
    const out: LheoRecord[] = [];
    for await (const r of readLheo([Buffer.from(xml)], 'f.xml')) out.push(r);
    expect(out[0]!.erreurs).toEqual([]);
    expect(out[0]!.input!.intitule).toBe('BTS Management commercial opérationnel');
    expect(out[0]!.input!.objectif).toBe("Former des managers d'unité commerciale.\nPiloter une équipe.");
  });
});

// h-fuite item 3: French text typed on Windows is Windows-1252 (’ – € œ in 0x80–0x9F). Declared
// ISO-8859-1, it was read as C1 control characters (U+0096) and refused; browsers (WHATWG Encoding
// Standard) read the labels iso-8859-1 and latin1 as windows-1252, and so does the reader now.
describe('a Windows-1252 file', () => {
  const texte = 'L’atelier – 1 500 € – cœur de métier';
  const xml = (decl: string) =>
    Buffer.from(
      `<?xml version="1.0"${decl}?>\n<lheo xmlns="http://lheo.gouv.fr/2.3"><offres><formation numero="W1"><intitule-formation>${texte}</intitule-formation></formation></offres></lheo>`,
      'latin1',
    );
  const cp1252 = (decl: string) => {
    const b = xml(decl);
    // Buffer's latin1 keeps only the low byte: write the Windows-1252 bytes of ’ – € œ by hand.
    const s = `<?xml version="1.0"${decl}?>\n<lheo xmlns="http://lheo.gouv.fr/2.3"><offres><formation numero="W1"><intitule-formation>`;
    const octets = [...texte].map(
      (c) => ({ '’': 0x92, '–': 0x96, '€': 0x80, œ: 0x9c })[c] ?? c.charCodeAt(0),
    );
    return Buffer.concat([b.subarray(0, s.length), Buffer.from(octets), b.subarray(s.length + texte.length)]);
  };
  it.each([' encoding="ISO-8859-1"', ' encoding="latin1"', ' encoding="windows-1252"'])(
    'declared%s: read as Windows-1252, its ’ – € œ kept',
    async (decl) => {
      const out: LheoRecord[] = [];
      for await (const r of readLheo([cp1252(decl)], 'w.xml')) out.push(r);
      expect(out[0]!.erreurs).toEqual([]);
      expect(out[0]!.input?.intitule).toBe(texte);
    },
  );
  it('undeclared: refused, telling to declare windows-1252 (or ISO-8859-1)', async () => {
    const lire = async () => {
      for await (const _ of readLheo([cp1252('')], 'w.xml'));
    };
    await expect(lire()).rejects.toMatchObject({
      code: 'LHEO_ENCODAGE_INVALIDE',
      message: expect.stringContaining('déclarez encoding="windows-1252" (ou ISO-8859-1)'),
    });
  });
});

// h-fuite item 4: « balise fermante inattendue » named neither the tag found nor the one expected.
describe('an unexpected close tag', () => {
  it('names the tag found and the one expected, with line and column', async () => {
    const xml =
      '<lheo xmlns="http://lheo.gouv.fr/2.3"><offres><formation>\n<intitule-formation>x</formation></offres></lheo>';
    const lire = async () => {
      for await (const _ of readLheo([Buffer.from(xml)], 'x.xml'));
    };
    await expect(lire()).rejects.toMatchObject({
      code: 'LHEO_XML_INVALIDE',
      message:
        'x.xml : XML mal formé à la ligne 2, colonne 33 : balise fermante inattendue : </formation> trouvée, </intitule-formation> attendue',
    });
  });
});
