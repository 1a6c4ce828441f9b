import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XmlDocument, XsdValidator } from 'libxml2-wasm';
import { OffreError } from '../../domain/errors.ts';
import { SHARED_REFERENCE } from '../../paths.ts';
import { type ByteSource, NS_23, streamFormations, type XmlNode } from './lheo.stream.ts';

// XSD validation in bounded memory: libxml2-wasm needs ~6× a document's size, so each <formation>
// is validated alone inside a minimal lheo/offres envelope, and errors are mapped back to the
// file's own line numbers.

// The official schema is not shipped with Offre (reference files stay outside the project):
// it is taken from --xsd, OFFRE_LHEO_XSD, or the shared reference folder beside the project.
const SHARED_XSD = join(SHARED_REFERENCE, 'lheo', 'lheo-2.3.xsd');

/** The LHEO 2.3 XSD to validate with, or null when none is available. */
export function lheoXsdPath(explicit?: string | null): string | null {
  for (const p of [explicit, process.env.OFFRE_LHEO_XSD, SHARED_XSD]) if (p && existsSync(p)) return p;
  return null;
}

const validators = new Map<string, XsdValidator>();
function xsd(path: string): XsdValidator {
  let validator = validators.get(path);
  if (!validator) {
    const doc = XmlDocument.fromBuffer(readFileSync(path));
    validator = XsdValidator.fromDoc(doc); // the validator keeps what it needs; the schema document stays alive with it
    validators.set(path, validator);
  }
  return validator;
}

export interface ErreurValidation {
  readonly formation: number; // 1-based rank of the formation in the file
  readonly ligne: number; // line in the validated file
  readonly message: string;
}

export interface RapportValidation {
  readonly formations: number;
  readonly erreurs: ErreurValidation[];
  readonly erreursTronquees: boolean;
}

const esc = (s: string, attr = false) => {
  const t = s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return attr ? t.replace(/"/g, '&quot;') : t;
};

/** Re-serialises one formation subtree, one element start per line, recording each line's source line. */
function serialise(node: XmlNode, out: string[], lines: number[]): void {
  const attrs = Object.entries(node.attrs)
    .map(([k, v]) => ` ${k}="${esc(v, true)}"`)
    .join('');
  const hasElements = node.children.some((c) => typeof c !== 'string');
  let s = `\n<${node.name}${attrs}>`;
  lines.push(node.line);
  out.push(s);
  for (const c of node.children) {
    if (typeof c === 'string') {
      if (hasElements && c.trim() === '') continue;
      s = esc(c);
      out.push(s);
      for (const _ of s.matchAll(/\n/g)) lines.push(lines.at(-1)!);
    } else serialise(c, out, lines);
  }
  out.push(`</${node.name}>`);
}

function messageFr(raw: string): string {
  return raw
    .trim()
    .replace(/\{http:\/\/lheo\.gouv\.fr\/2\.3\}/g, '')
    .replace(/^Element '([^']+)': /, 'élément <$1> : ')
    .replace('This element is not expected.', 'élément inattendu à cet endroit.')
    .replace('Missing child element(s).', 'il manque un élément obligatoire.')
    .replace(/Expected is one of \(([^)]*)\)\./, 'attendu : l’un de ($1).')
    .replace(/Expected is \(([^)]*)\)\./, 'attendu : ($1).');
}

/** Validates a whole LHEO 2.3 file against the official XSD, formation by formation. */
export async function validateLheo(
  source: ByteSource,
  file = 'fichier LHEO',
  maxErreurs = 200,
  xsdPath: string | null = lheoXsdPath(),
): Promise<RapportValidation> {
  if (!xsdPath)
    throw new OffreError(
      'LHEO_XSD_ABSENT',
      'Schéma officiel LHEO 2.3 introuvable : indiquez son chemin avec --xsd <fichier> ou la variable ' +
        'OFFRE_LHEO_XSD (le schéma lheo-2.3.xsd est publié sur lheo.gouv.fr).',
    );
  const erreurs: ErreurValidation[] = [];
  let formations = 0;
  let tronque = false;
  for await (const fx of streamFormations(source, file)) {
    if (fx.version !== '2.3') {
      throw new OffreError(
        'LHEO_VERSION',
        `${file} : fichier LHEO ${fx.version} ; seule la validation LHEO 2.3 (${NS_23}) est disponible.`,
      );
    }
    formations++;
    const out: string[] = [`<lheo xmlns="${NS_23}"><offres>`];
    const lines: number[] = [fx.node.line];
    serialise(fx.node, out, lines);
    out.push('\n</offres></lheo>');
    const doc = XmlDocument.fromString(out.join(''));
    try {
      xsd(xsdPath).validate(doc);
    } catch (e) {
      const details = (e as { details?: { message: string; line: number }[] }).details ?? [
        { message: String(e), line: 1 },
      ];
      for (const d of details) {
        if (erreurs.length >= maxErreurs) {
          tronque = true;
          break;
        }
        erreurs.push({
          formation: fx.index,
          ligne: lines[Math.max(0, d.line - 1)] ?? fx.node.line,
          message: messageFr(d.message),
        });
      }
    } finally {
      doc.dispose();
    }
  }
  if (formations === 0) {
    erreurs.push({
      formation: 0,
      ligne: 1,
      message: 'aucune formation : <offres> doit contenir au moins un élément <formation>.',
    });
  }
  return { formations, erreurs, erreursTronquees: tronque };
}
