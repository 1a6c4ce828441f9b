import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../paths.ts';
import { CODES_ERREUR, CODES_ERREUR_HTTP, ERREURS, estCodeErreur } from './errors.catalogue.ts';
import { avecTableErreurs, tableErreurs } from './errors.doc.ts';
import { OffreError } from './errors.ts';

describe('the catalogue of error codes', () => {
  it('has about every code of the server, each once, in UPPER_SNAKE_CASE', () => {
    expect(CODES_ERREUR.length).toBeGreaterThan(120);
    expect(new Set(CODES_ERREUR).size).toBe(CODES_ERREUR.length);
    for (const c of CODES_ERREUR) expect(c).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
  });

  it('gives each code an HTTP status of a refusal or a failure', () => {
    for (const c of CODES_ERREUR) {
      const { status } = ERREURS[c];
      expect(Number.isInteger(status) && status >= 400 && status <= 599, `${c}: ${status}`).toBe(true);
    }
    // Only the server's own failures and its momentary unavailability (the embedded base busy with
    // an import: 503 with Retry-After) are 5xx on HTTP; refusals of input are 4xx.
    const http5xx = CODES_ERREUR_HTTP.filter((c) => ERREURS[c].status >= 500);
    expect(http5xx.sort()).toEqual(['BASE_INDISPONIBLE', 'BASE_OCCUPEE', 'DELAI_DEPASSE', 'ERREUR_INTERNE']);
  });

  it('gives each code a French title: not empty, no trailing period, French words', () => {
    for (const c of CODES_ERREUR) {
      const { titre } = ERREURS[c];
      expect(titre.trim().length, c).toBeGreaterThan(5);
      expect(titre, c).toBe(titre.trim());
      expect(titre, c).not.toMatch(/\.$/);
      expect(titre, c).toMatch(/^[A-ZÉÈÀÇ]/);
      // No English word of the framework's messages slipped in.
      expect(titre, c).not.toMatch(/\b(the|invalid|not found|error|request|body|must|too)\b/i);
    }
  });

  it('keeps the row codes of import reports out (they are not HTTP answers)', () => {
    for (const rapport of ['CLASSEUR_DATE_INVALIDE', 'CLASSEUR_VALEUR_INCONNUE', 'LHEO_DATE_INVALIDE'])
      expect(estCodeErreur(rapport), rapport).toBe(false);
    expect(estCodeErreur('INTROUVABLE')).toBe(true);
    expect(estCodeErreur('toString')).toBe(false);
  });

  it('gives an OffreError the status of its code unless told otherwise', () => {
    expect(new OffreError('CLE_AMBIGUE', 'x').status).toBe(409);
    expect(new OffreError('SAISIE_INVALIDE', 'x').status).toBe(400);
    expect(new OffreError('SAISIE_INVALIDE', 'x', {}, 422).status).toBe(422);
    // @ts-expect-error: a code out of the catalogue does not compile.
    void new OffreError('CODE_INVENTE', 'x');
  });
});

/** Every `new OffreError('CODE', …, …, status)` of src/ whose code and status are literals. */
function refusLitteraux(): { code: string; status: number | null; fichier: string }[] {
  const trouves: { code: string; status: number | null; fichier: string }[] = [];
  const src = join(PROJECT_ROOT, 'src');
  for (const f of readdirSync(src, { recursive: true, encoding: 'utf8' })) {
    if (!/\.tsx?$/.test(f) || /\.test\./.test(f)) continue;
    const chemin = join(src, f);
    const sf = ts.createSourceFile(chemin, readFileSync(chemin, 'utf8'), ts.ScriptTarget.Latest, true);
    const visiter = (n: ts.Node) => {
      if (ts.isNewExpression(n) && n.expression.getText(sf) === 'OffreError') {
        const [code, , , status] = n.arguments ?? [];
        if (code && ts.isStringLiteral(code))
          trouves.push({
            code: code.text,
            status: status && ts.isNumericLiteral(status) ? Number(status.text) : null,
            fichier: relative(PROJECT_ROOT, chemin),
          });
      }
      ts.forEachChild(n, visiter);
    };
    visiter(sf);
  }
  return trouves;
}

describe('the codes thrown in src/', () => {
  it('are in the catalogue, and answer its status but for the listed exceptions', () => {
    const refus = refusLitteraux();
    expect(refus.length).toBeGreaterThan(100);
    for (const r of refus) expect(estCodeErreur(r.code), `${r.code} (${r.fichier})`).toBe(true);
    const ecarts = refus
      .filter((r) => r.status !== null && r.status !== ERREURS[r.code as keyof typeof ERREURS].status)
      .map((r) => `${r.code} ${r.status} ${r.fichier}`);
    // A web address refused in a formation is unprocessable content (422); in the URL, a bad request.
    expect(ecarts).toEqual(['URL_INVALIDE 422 src/domain/formation.ecriture.ts']);
  });
});

describe('the codes of the catalogue', () => {
  it('are each used in src/ (a code no refusal gives misleads the API reference)', () => {
    const src = join(PROJECT_ROOT, 'src');
    let texte = '';
    for (const f of readdirSync(src, { recursive: true, encoding: 'utf8' }))
      if (/\.tsx?$/.test(f) && !/\.test\./.test(f) && !f.endsWith('errors.catalogue.ts'))
        texte += readFileSync(join(src, f), 'utf8');
    // Built from their prefix (formats/isolation.ts: `${refus.code}_DUREE`).
    const composes = new Set(['CLASSEUR_LECTURE_DUREE', 'CLASSEUR_LECTURE_MEMOIRE']);
    expect(texte).toContain("'CLASSEUR_LECTURE'");
    const inutilises = CODES_ERREUR.filter(
      (c) => !composes.has(c) && !new RegExp(`['"\`]${c}['"\`]`).test(texte),
    );
    expect(inutilises).toEqual([]);
  });
});

describe('docs/api.md', () => {
  it('holds exactly the table the catalogue generates (npm run docs:erreurs)', () => {
    const fichier = readFileSync(join(PROJECT_ROOT, 'docs', 'api.md'), 'utf8');
    expect(fichier, 'docs/api.md est périmé : lancez « npm run docs:erreurs »').toBe(
      avecTableErreurs(fichier),
    );
  });

  it('lists every code once with its status', () => {
    const doc = tableErreurs();
    for (const c of CODES_ERREUR) {
      const lignes = doc.split('\n').filter((l) => l.startsWith(`| \`${c}\` |`));
      expect(lignes, c).toEqual([`| \`${c}\` | ${ERREURS[c].status} | ${ERREURS[c].titre} |`]);
    }
  });
});
