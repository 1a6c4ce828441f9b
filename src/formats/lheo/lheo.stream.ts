import iconv from 'iconv-lite';
import { surUneLigne } from '../../domain/caracteres-texte.ts';
import type { CodeErreur } from '../../domain/errors.catalogue.ts';
import { OffreError } from '../../domain/errors.ts';
import { nombre } from '../../domain/nombres.ts';
import { SaxesParserRapide } from '../xml/saxes.parser.ts';
import { estZip } from '../zip.ts';

// Streams an LHEO file one <formation> subtree at a time: only the formation being read is held
// in memory, so a 500 MB national file is read in constant memory.

export const NS_23 = 'http://lheo.gouv.fr/2.3';
export const NS_22 = 'http://www.lheo.org/2.2';
export type LheoVersion = '2.2' | '2.3';

/** An element of one formation subtree, with the line where it starts in the source file. */
export interface XmlNode {
  readonly name: string; // local name
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly (XmlNode | string)[];
  readonly line: number;
}

/** An XmlNode while it is read: its children are added as they come. */
interface NoeudLu extends XmlNode {
  children: (XmlNode | string)[];
}

export interface FormationXml {
  readonly index: number; // 1-based rank among the file's <formation> elements
  readonly version: LheoVersion;
  readonly node: XmlNode;
}

export type ByteSource = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

/**
 * Bounds of one LHEO document, whatever its channel (API, CLI, page): the file is refused whole
 * (nothing stored) past any of them. LHEO 2.3 nests 9 levels deep; its longest texts are a few
 * thousand characters; a formation of 300 actions is about 1 MB.
 */
export const LIMITES_LHEO = Object.freeze({
  /** Element nesting, root included. */
  profondeur: 64,
  /** Characters of one text node, CDATA section, comment, or tag with its attributes. */
  texte: 100_000,
  /** Characters of one <formation> subtree, markup included. */
  formationCaracteres: 10_000_000,
  /** Elements of one <formation> subtree. */
  formationElements: 100_000,
});

/** Characters handed to the parser at once: the bounds above are checked between slices. */
const TRANCHE = 64 * 1024;

/** Bytes read before deciding the encoding: the XML declaration, if any, ends well before. */
const ENTETE = 1024;

/** Declared encodings in which UTF-8 bytes read as mojibake (« é » → « Ã© »): checked (see decode). */
const LATIN = /^(?:iso[-_ ]?8859-(?:1|15)|latin-?[19]|l[19]|windows-?1252|cp-?1252)$/;

/** Whether the WHATWG Encoding Standard reads label `enc` as windows-1252 (iso-8859-1, latin1, cp1252…). */
function windows1252(enc: string): boolean {
  try {
    return new TextDecoder(enc).encoding === 'windows-1252';
  } catch {
    return false;
  }
}

/**
 * The first non-ASCII character of `b` when its non-ASCII bytes are valid UTF-8 (a sequence cut
 * at the end of `b` aside) and hold at least one whole multibyte character; null when they are
 * not UTF-8; undefined when `b` holds no whole non-ASCII character to judge by.
 * A Latin-1 text is practically never valid UTF-8: an accented letter (0xC0–0xFF) followed by
 * an ASCII byte is not.
 */
export function utf8Deguise(b: Uint8Array): string | null | undefined {
  const i = b.findIndex((o) => o >= 0x80);
  if (i < 0) return undefined;
  let lu: string;
  try {
    lu = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(b.subarray(i), { stream: true });
  } catch {
    return null;
  }
  return lu.length > 0 ? lu[0] : undefined;
}

/**
 * UTF-32 or UTF-16 (Windows Notepad's « Unicode »), by a byte-order mark or by the NULs between
 * the ASCII of `<?xml`: their declaration is not readable as ASCII, so say what the file is
 * rather than "invalid UTF-8". Undefined when the first bytes are none of these.
 */
export function encodageLarge(head: Uint8Array): 'UTF-16' | 'UTF-32' | undefined {
  const [a, b, c, d] = [head[0], head[1], head[2], head[3]];
  if (head.length >= 4) {
    // UTF-32: its marks (00 00 FE FF, FF FE 00 00), or an ASCII character with three NULs.
    if (a === 0 && b === 0 && ((c === 0xfe && d === 0xff) || (c === 0 && d !== 0))) return 'UTF-32';
    if (a === 0xff && b === 0xfe && c === 0 && d === 0) return 'UTF-32';
    if (b === 0 && c === 0 && d === 0 && a !== 0) return 'UTF-32';
  }
  if ((a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff)) return 'UTF-16';
  if (head.length >= 2 && (a === 0) !== (b === 0)) return 'UTF-16';
  return undefined;
}

/**
 * The refusal (LHEO_ENCODAGE) of a file in UTF-16 or UTF-32, the same on every channel (API, CLI,
 * Imports page, which judges the first bytes before queueing the job); undefined otherwise.
 */
export function refusEncodageLarge(head: Uint8Array, file: string): OffreError | undefined {
  const enc = encodageLarge(head);
  if (!enc) return undefined;
  return new OffreError(
    'LHEO_ENCODAGE',
    `${file} : le fichier est encodé en ${enc}, non pris en charge (UTF-8 ou ISO-8859-1 attendu) : enregistrez-le en UTF-8 ; fichier refusé.`,
    { fichier: file },
    422,
  );
}

/**
 * Decodes the bytes with the encoding of the XML declaration (LHEO files are often ISO-8859-1),
 * UTF-8 when there is none. The declaration is read whole even when it arrives split over several
 * chunks (an HTTP body comes in pieces of any size). Bytes that are not valid UTF-8 refuse the
 * file (LHEO_ENCODAGE_INVALIDE, with the line), instead of turning accents into U+FFFD silently.
 * A file declared ISO-8859-1 (or Latin-9, Windows-1252) whose bytes are UTF-8 is refused too
 * (LHEO_ENCODAGE_DECLARE, with the line of its first accent), instead of storing « Ã© » in every
 * accented text: its first non-ASCII bytes decide (see utf8Deguise; docs/formats.md says why a
 * refusal rather than a guess).
 */
async function* decode(source: ByteSource, file: string): AsyncGenerator<string> {
  let decoder: { write(b: Uint8Array): string; end(): string } | null = null;
  let entete: Buffer[] = [];
  let octets = 0;
  let lignes = 1;
  let declare = 'UTF-8';
  // Declared Latin-1 (or alike): are its bytes UTF-8 instead? Decided on its first accent.
  let verifierLatin = false;
  const compter = (t: string) => {
    for (let i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) lignes++;
    return t;
  };
  const ouvrir = (head: Buffer) => {
    // A zip: most often a campaign workbook (.xlsx) sent to the LHEO import; say so, not "encoding".
    if (estZip(head))
      throw new OffreError(
        'LHEO_PAS_XML',
        `${file} est une archive zip (un classeur Excel .xlsx ?), pas un fichier LHEO (XML) : un classeur de campagne s’importe avec « offre import classeur » ou depuis l’espace de l’organisme (Imports) ; fichier refusé, rien n’a été enregistré.`,
        { fichier: file },
        422,
      );
    const refus = refusEncodageLarge(head, file);
    if (refus) throw refus;
    const texte = head.subarray(0, ENTETE).toString('latin1');
    const decl = /^(?:\xEF\xBB\xBF)?\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(texte)?.[1];
    declare = decl ?? 'UTF-8';
    const enc = declare.toLowerCase().replace(/^utf8$/, 'utf-8');
    if (enc === 'utf-8') {
      const d = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
      return {
        write: (b: Uint8Array) => d.decode(b, { stream: true }),
        end: () => d.decode(),
      };
    }
    // The WHATWG Encoding Standard (what browsers do) reads the labels iso-8859-1, latin1 (and
    // us-ascii…) as windows-1252: French text typed on Windows (’ – € œ, bytes 0x80–0x9F) declared
    // ISO-8859-1 keeps its characters instead of becoming C1 control characters.
    if (windows1252(enc)) {
      verifierLatin = true;
      const d = new TextDecoder('windows-1252', { ignoreBOM: false });
      return {
        write: (b: Uint8Array) => d.decode(b, { stream: true }),
        end: () => d.decode(),
      };
    }
    if (!iconv.encodingExists(enc)) {
      throw new OffreError(
        'LHEO_ENCODAGE',
        `${file} : encodage « ${declare} » du fichier non pris en charge (UTF-8, windows-1252 ou ISO-8859-1 attendu).`,
        { fichier: file },
        422,
      );
    }
    verifierLatin = LATIN.test(enc);
    const d = iconv.getDecoder(enc, { stripBOM: true });
    return { write: (b: Uint8Array) => d.write(Buffer.from(b)), end: () => d.end() ?? '' };
  };
  const invalide = (avant: string) => {
    const ligne = lignes + (avant.match(/\n/g)?.length ?? 0);
    return new OffreError(
      'LHEO_ENCODAGE_INVALIDE',
      `${file}, ligne ${ligne} : octets invalides pour l’encodage ${declare}${declare === 'UTF-8' ? ' (le fichier ne déclare pas d’autre encodage)' : ''}. Un fichier en windows-1252 ou ISO-8859-1 (Latin-1) doit le dire dans sa déclaration : déclarez encoding="windows-1252" (ou ISO-8859-1), <?xml version="1.0" encoding="windows-1252"?> ; fichier refusé.`,
      { fichier: file, ligne },
      422,
    );
  };
  // The start of a character cut at the end of the previous chunk, judged with the next one.
  let coupe: Uint8Array | null = null;
  const ecrire = (b: Uint8Array) => {
    if (verifierLatin) {
      const j = coupe ? Buffer.concat([coupe, b]) : b;
      const c = utf8Deguise(j);
      const i = j.findIndex((o) => o >= 0x80);
      coupe = c === undefined && i >= 0 ? j.subarray(i) : null;
      if (c !== undefined) verifierLatin = false;
      if (c) {
        // A cut character began on a line the previous chunks already counted.
        let ligne = lignes;
        for (let k = 0; k < i; k++) if (j[k] === 0x0a) ligne++;
        const mojibake = Buffer.from(c, 'utf8').toString('latin1');
        // The UTF-8 byte-order mark (EF BB BF) opens the file: an invisible character, named.
        const preuve =
          c === '\uFEFF'
            ? 'il commence par la marque d’ordre des octets (BOM) de l’UTF-8'
            : `« ${c} » y serait lu « ${mojibake} »`;
        throw new OffreError(
          'LHEO_ENCODAGE_DECLARE',
          `${file}, ligne ${ligne} : le fichier déclare l’encodage ${declare}, mais ses octets sont de l’UTF-8 (${preuve}). Corrigez sa déclaration : <?xml version="1.0" encoding="UTF-8"?> ; fichier refusé, rien n’a été enregistré.`,
          { fichier: file, ligne, encodage: declare },
          422,
        );
      }
    }
    try {
      return compter(decoder!.write(b));
    } catch {
      // Where it broke: the same bytes decoded leniently up to the first replacement character.
      const lu = new TextDecoder('utf-8').decode(b);
      throw invalide(lu.slice(0, Math.max(0, lu.indexOf('\uFFFD'))));
    }
  };
  for await (const chunk of source) {
    if (typeof chunk === 'string') {
      yield chunk;
      continue;
    }
    if (!decoder) {
      entete.push(Buffer.from(chunk));
      octets += chunk.length;
      const head = Buffer.concat(entete);
      // Wait for the end of the declaration, which holds the file's first '>' (or enough bytes).
      if (octets < ENTETE && head.indexOf(0x3e) < 0) continue;
      decoder = ouvrir(head);
      entete = [];
      yield ecrire(head);
      continue;
    }
    yield ecrire(chunk);
  }
  if (!decoder && entete.length > 0) {
    const head = Buffer.concat(entete);
    decoder = ouvrir(head);
    yield ecrire(head);
  }
  if (decoder) {
    let reste: string;
    try {
      reste = decoder.end();
    } catch {
      throw invalide('');
    }
    if (reste) yield reste;
  }
}

// saxes' messages for a malformed document, for people who read French: every message its
// `fail(…)` can emit (saxes.js, saxes 6; lheo.reader.test.ts checks the list against it). A
// message is found by its longest known start; what follows a colon (a tag or attribute name) is
// kept as is, anything else after the start is dropped (English).
const SAXES_FR: Readonly<Record<string, string>> = {
  'undefined entity':
    'entité non déclarée (seules &amp; &lt; &gt; &quot; &apos; et les références numériques sont admises)',
  'unclosed tag': 'balise non fermée',
  'unmatched closing tag': 'balise fermante sans balise ouvrante correspondante',
  'unexpected close tag': 'balise fermante inattendue',
  'weird empty close tag': 'balise fermante vide',
  'unexpected end': 'fin de fichier inattendue',
  'text data outside of root node': 'texte en dehors de l’élément racine',
  'document must contain a root element': 'le document ne contient aucun élément',
  'documents may contain only one root': 'le document a plus d’un élément racine',
  'duplicate attribute': 'attribut en double',
  'unbound namespace prefix': 'préfixe d’espace de noms non déclaré',
  'malformed name': 'nom mal formé',
  'malformed character entity': 'référence de caractère mal formée',
  'malformed comment': 'commentaire mal formé',
  'empty entity name': 'référence d’entité vide',
  'disallowed character in tag name': 'caractère interdit dans un nom de balise',
  'disallowed character in closing tag': 'caractère interdit dans une balise fermante',
  'disallowed character in attribute name': 'caractère interdit dans un nom d’attribut',
  'disallowed character in entity name':
    'caractère interdit dans un nom d’entité (un « & » seul s’écrit &amp;)',
  'disallowed character in processing instruction name':
    'caractère interdit dans le nom d’une instruction de traitement',
  'disallowed character': 'caractère interdit en XML',
  'attribute without value': 'attribut sans valeur',
  'unquoted attribute value': 'valeur d’attribut sans guillemets',
  'value must be quoted': 'la valeur doit être entre guillemets',
  'value required': 'valeur attendue dans la déclaration XML',
  'whitespace required': 'espace attendu dans la déclaration XML',
  'no whitespace between attributes': 'attributs sans espace entre eux',
  'forward-slash in opening tag not followed by >': '« / » non suivi de « > » dans une balise ouvrante',
  'incorrect syntax': 'syntaxe incorrecte',
  'inappropriately located doctype declaration': 'déclaration DOCTYPE mal placée',
  'processing instructions are not allowed before root': 'instruction de traitement avant l’élément racine',
  'processing instruction without a target': 'instruction de traitement sans nom',
  'an XML declaration must be at the start of the document': 'la déclaration XML doit ouvrir le document',
  'the XML declaration must appear at the start of the document':
    'la déclaration XML doit ouvrir le document',
  'XML declaration is incomplete': 'déclaration XML incomplète',
  'XML declaration must contain a version': 'la déclaration XML doit donner une version',
  'The character ? is disallowed anywhere in XML declarations':
    'le caractère « ? » est interdit dans la déclaration XML',
  'did not expect any more name/value pairs': 'la déclaration XML a un attribut de trop',
  'expected the name': 'attribut inattendu dans la déclaration XML (version, encoding, standalone)',
  'expected one of': 'attribut inattendu dans la déclaration XML (version, encoding, standalone)',
  'version number must match': 'numéro de version XML invalide (1.0 attendu)',
  'encoding value must match': 'nom d’encodage invalide dans la déclaration XML',
  'standalone value must match': 'la valeur de standalone doit être « yes » ou « no »',
  'the string "]]>" is disallowed in char data': 'la suite « ]]> » est interdite dans le texte',
  'tags may not have "xmlns" as prefix': 'une balise ne peut pas avoir « xmlns » pour préfixe',
  'invalid attempt to undefine prefix in XML 1.0':
    'un préfixe d’espace de noms ne peut pas être annulé en XML 1.0',
  'xml prefix must be bound to': 'le préfixe xml doit désigner l’espace de noms de XML',
  'xmlns prefix must be bound to': 'le préfixe xmlns doit désigner l’espace de noms de xmlns',
  'the default namespace may not be set to': 'espace de noms par défaut interdit',
  'may not assign a prefix (even "xmlns") to the URI':
    'aucun préfixe ne peut désigner l’espace de noms de xmlns',
  'may not assign the xml namespace to another prefix':
    'l’espace de noms de XML ne peut pas recevoir un autre préfixe',
};
/** The starts of SAXES_FR, longest first: `disallowed character in entity name` before `disallowed character`. */
const DEBUTS_SAXES = Object.keys(SAXES_FR).sort((a, b) => b.length - a.length);

/**
 * saxes' English reason (`unclosed tag: formation`, position and final dot removed) in French; a
 * reason it does not know gives « syntaxe XML invalide » (the line and column still say where).
 */
export function raisonXmlEnFrancais(raw: string): string {
  const debut = DEBUTS_SAXES.find((k) => raw.startsWith(k));
  if (debut === undefined) return 'syntaxe XML invalide';
  const reste = raw.slice(debut.length);
  return `${SAXES_FR[debut]}${/^:\s*/.test(reste) ? reste.replace(/^:\s*/, ' : ') : ''}`;
}

/**
 * LHEO_XML_INVALIDE at `line`, `column` (1-based, as saxes counts) of `file`: the message says them, as
 * everywhere it is shown (the CLI, the Imports page, the API's problem), with `details` too.
 */
const xmlError = (file: string, line: number, column: number, what: string) =>
  new OffreError(
    'LHEO_XML_INVALIDE',
    `${file} : XML mal formé à la ligne ${line}, colonne ${column} : ${what}`,
    {
      fichier: file,
      ligne: line,
      colonne: column,
    },
  );

/** The attributes of an element that has none (shared, frozen). */
const SANS_ATTRIBUT: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** The children of an element that has none yet (shared, frozen: replaced on the first child). */
const SANS_ENFANT = Object.freeze([]) as unknown as (XmlNode | string)[];

/**
 * Adds a child. The first one gets a list of its own size: most elements hold one text, and a
 * list grown by push reserves 16 slots (≈ 140 bytes per element of the file, measured).
 */
const ajouter = (parent: NoeudLu, c: XmlNode | string) => {
  if (parent.children === SANS_ENFANT) parent.children = [c];
  else parent.children.push(c);
};

/**
 * Yields each <formation> of an LHEO 2.2 or 2.3 file. Refuses DOCTYPEs declaring entities (XXE,
 * entity expansion): saxes never resolves external entities and fails on undefined ones.
 */
export async function* streamFormations(
  source: ByteSource,
  file = 'fichier LHEO',
): AsyncGenerator<FormationXml> {
  const parser = new SaxesParserRapide({ xmlns: true, position: true });
  const ready: FormationXml[] = [];
  const stack: NoeudLu[] = [];
  let version: LheoVersion | null = null;
  let depth = 0;
  let index = 0;
  let rootSeen = false;
  // Position (in characters) of the last event, and of the <formation> being read.
  let dernier = 0;
  let debutFormation = 0;
  let ecrits = 0;
  let elementsFormation = 0;
  const refus = (code: CodeErreur, message: string, ligne = parser.line) =>
    new OffreError(
      code,
      `${file}, ligne ${ligne} : ${message} ; fichier refusé.`,
      { fichier: file, ligne },
      422,
    );
  const tropLong = () =>
    refus('LHEO_TEXTE_TROP_LONG', `un texte ou une balise dépasse ${nombre(LIMITES_LHEO.texte)} caractères`);
  const formationTropGrosse = () =>
    refus(
      'LHEO_FORMATION_TROP_VOLUMINEUSE',
      `la formation n° ${index + 1} dépasse ${nombre(LIMITES_LHEO.formationCaracteres)} caractères ou ${nombre(LIMITES_LHEO.formationElements)} éléments (découpez-la en plusieurs formations)`,
      stack[0]?.line,
    );
  const texte = (t: string) => {
    if (t.length > LIMITES_LHEO.texte) throw tropLong();
    dernier = parser.position;
  };

  parser.on('doctype', (doctype) => {
    if (/<!ENTITY/i.test(doctype)) {
      throw new OffreError(
        'LHEO_ENTITES_INTERDITES',
        `${file} : le fichier déclare des entités XML (<!ENTITY …>) ; refusé pour des raisons de sécurité (XXE, expansion d’entités). Retirez la déclaration DOCTYPE.`,
        { fichier: file, ligne: parser.line },
      );
    }
  });
  // The name of the close tag being read: saxes' « unexpected close tag » names neither it nor the
  // element left open (parser.tag), which the message names.
  let fermante = '';
  const interne = parser as unknown as { closeTag(this: { name: string }): void };
  const fermer = interne.closeTag;
  interne.closeTag = function (this: { name: string }) {
    fermante = this.name;
    fermer.call(this);
  };
  parser.on('error', (err) => {
    if (err instanceof OffreError) throw err;
    const raw = err.message.replace(/^(?:[^:]*:)?\d+:\d+: /, '').replace(/\.$/, '');
    const ouverte = (parser as unknown as { tag?: { name: string } }).tag?.name;
    const precision =
      raw === 'unexpected close tag' && fermante && ouverte
        ? ` : </${fermante}> trouvée, </${ouverte}> attendue`
        : '';
    throw xmlError(file, parser.line, parser.column, raisonXmlEnFrancais(raw) + precision);
  });
  parser.on('opentag', (tag) => {
    depth++;
    dernier = parser.position;
    if (depth > LIMITES_LHEO.profondeur)
      throw refus(
        'LHEO_PROFONDEUR',
        `éléments imbriqués sur plus de ${LIMITES_LHEO.profondeur} niveaux (LHEO en compte moins de 10)`,
      );
    if (!rootSeen) {
      rootSeen = true;
      if (tag.local !== 'lheo')
        throw new OffreError('LHEO_RACINE', `${file} : l’élément racine est <${tag.name}>, <lheo> attendu.`);
      if (tag.uri === NS_23) version = '2.3';
      else if (tag.uri === NS_22) version = '2.2';
      else {
        throw new OffreError(
          'LHEO_VERSION',
          `${file} : espace de noms « ${tag.uri || '(aucun)'} » inconnu ; LHEO 2.3 (${NS_23}) ou 2.2 (${NS_22}) attendu.`,
        );
      }
    }
    if (stack.length === 0 && !(tag.local === 'formation' && depth === 3)) return;
    // Most LHEO elements have no attribute: they share one empty record (no object per tag).
    let attrs: Record<string, string> = SANS_ATTRIBUT;
    for (const k in tag.attributes) {
      const a = tag.attributes[k]!;
      if (a.prefix) continue;
      if (attrs === SANS_ATTRIBUT) attrs = {};
      attrs[a.local] = a.value;
    }
    const node: NoeudLu = { name: tag.local, attrs, children: SANS_ENFANT, line: parser.line };
    if (stack.length === 0) {
      debutFormation = parser.position;
      elementsFormation = 0;
    }
    if (++elementsFormation > LIMITES_LHEO.formationElements) throw formationTropGrosse();
    if (stack.length > 0) ajouter(stack[stack.length - 1]!, node);
    stack.push(node);
  });
  parser.on('text', (text) => {
    texte(text);
    if (stack.length > 0) ajouter(stack[stack.length - 1]!, text);
  });
  parser.on('cdata', (text) => {
    texte(text);
    if (stack.length > 0) ajouter(stack[stack.length - 1]!, text);
  });
  parser.on('comment', texte);
  parser.on('processinginstruction', (pi) => texte(pi.body));
  parser.on('closetag', () => {
    dernier = parser.position;
    depth--;
    const node = stack.pop();
    if (node && stack.length === 0) ready.push({ index: ++index, version: version!, node });
  });

  // Before the first character that is not a space: a file whose first character is no « < » is no
  // XML at all (a CSV, a text): said so at its line, not as saxes' error hundreds of lines further.
  let debutLu = false;
  let lignesAvant = 1;
  for await (const text of decode(source, file)) {
    if (!debutLu) {
      const k = text.search(/[^\s\uFEFF]/);
      if (k < 0) {
        lignesAvant += text.split('\n').length - 1;
        continue;
      }
      debutLu = true;
      if (text[k] !== '<') {
        const ligne = lignesAvant + (text.slice(0, k).split('\n').length - 1);
        const debut = text.slice(k, k + 40).split(/\r?\n/)[0]!;
        throw new OffreError(
          'LHEO_PAS_XML',
          `${file}, ligne ${ligne} : ce n’est pas un fichier XML (LHEO attendu), il commence par « ${debut} » au lieu d’une balise « < ». Un classeur de campagne s’importe avec « offre import classeur », un référentiel avec « offre referentiel import » ; fichier refusé, rien n’a été enregistré.`,
          { fichier: file, ligne },
          422,
        );
      }
    }
    for (let i = 0; i < text.length; i += TRANCHE) {
      const tranche = i === 0 && text.length <= TRANCHE ? text : text.slice(i, i + TRANCHE);
      parser.write(tranche);
      // saxes holds a text, comment or tag until it ends: bound what it holds between events.
      // (Counted here: saxes's `position` is only right while it parses.)
      ecrits += tranche.length;
      if (ecrits - dernier > LIMITES_LHEO.texte) throw tropLong();
      if (stack.length > 0 && ecrits - debutFormation > LIMITES_LHEO.formationCaracteres)
        throw formationTropGrosse();
    }
    while (ready.length > 0) yield ready.shift()!;
  }
  parser.close();
  while (ready.length > 0) yield ready.shift()!;
  if (!rootSeen)
    throw new OffreError('LHEO_VIDE', `${file} : aucun élément <lheo> trouvé (fichier vide ou non XML).`);
}

// ---- Small accessors used by the mapping and the validator ----

/** The child elements of `node` (named `name`, when given), in order. */
export const elements = (node: XmlNode, name?: string): XmlNode[] => {
  // A loop rather than filter: no closure and no callback per child (called several times for
  // every element of every record).
  const out: XmlNode[] = [];
  const enfants = node.children;
  for (let i = 0; i < enfants.length; i++) {
    const c = enfants[i]!;
    if (typeof c !== 'string' && (name === undefined || c.name === name)) out.push(c);
  }
  return out;
};

/** The first child element named `name`, with no list built (called for every field of every record). */
const premier = (node: XmlNode, name: string): XmlNode | undefined => {
  // Index loops here and in child: a for…of allocated an iterator result per step (≈ 35 KB per
  // formation, measured), these two being called for every field of every record.
  const enfants = node.children;
  for (let i = 0; i < enfants.length; i++) {
    const c = enfants[i]!;
    if (typeof c !== 'string' && c.name === name) return c;
  }
  return undefined;
};

/**
 * The element at `a`, then `b`, below `node` (the first of each name); `node` itself with no name.
 * Two names at most, as parameters: a rest parameter built an array per call, and its spread
 * another one in textOf (every field of every record).
 */
export const child = (node: XmlNode | undefined, a?: string, b?: string): XmlNode | undefined => {
  if (node === undefined || a === undefined) return node;
  const c = premier(node, a);
  return c === undefined || b === undefined ? c : premier(c, b);
};

/**
 * The trimmed text of an element, on one line (surUneLigne: a line break or tabulation inside a
 * one-line element is the editor's wrapping); null when absent or empty. The descriptions keep
 * their lines: paragrapheOf.
 */
export const textOf = (node: XmlNode | undefined, a?: string, b?: string): string | null => {
  const t = paragrapheOf(node, a, b);
  return t === null ? null : surUneLigne(t);
};

/** The trimmed text of an element, line breaks kept (objectif, contenu); null when absent or empty. */
export const paragrapheOf = (node: XmlNode | undefined, a?: string, b?: string): string | null => {
  const target = child(node, a, b);
  if (!target) return null;
  // Most elements hold one text: no list nor concatenation built for them.
  let t = '';
  const enfants = target.children;
  for (let i = 0; i < enfants.length; i++) {
    const c = enfants[i]!;
    if (typeof c === 'string') t = t === '' ? c : t + c;
  }
  t = t.trim();
  return t === '' ? null : t;
};
