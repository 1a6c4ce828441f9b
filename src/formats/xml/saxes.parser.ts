import { type SaxesOptions, SaxesParser, type SaxesTagNS } from 'saxes';

// saxes keeps each handler in a field of the parser that `on()` creates by a computed name: past
// a few of them V8 turns the parser into a dictionary object, and every field read of its
// per-character loop gets slower. Measured on an LHEO export of 5,000 formations with the 8
// handlers of lheo.stream.ts: 0.44 ms of CPU per formation instead of 0.12 (docs/mesures.md).
// Every saxes reader of Offre uses it (LHEO, RNCP and the other XML references, the workbook guards).
// The fields created up front, by name, keep it a fast object; `on()` then only sets them.
// The names are saxes 6's (saxes.js, EVENT_NAME_TO_HANDLER_NAME); the test of this file fails
// if a version renames them (the parser would work, only slower).
//
// saxes also gives every tag two objects made by `Object.create(null)` (its attributes, and in
// namespace mode the prefixes it declares), which V8 makes dictionaries of ≈ 150 bytes each even
// when they stay empty, as they nearly always do: a third of what the LHEO reader allocated
// (docs/mesures.md, « Import LHEO : les dictionnaires vides de saxes »). Here a tag without
// attributes shares one frozen empty object, and so does a tag that declares no namespace; each
// gets its own dictionary when saxes first writes to it (wrappers of `processAttribs` and
// `pushAttrib`, the only places that write to them). `sOpenTag` is saxes 6's, with these two objects.

/** The attributes and the namespaces of a tag that has none: never written (see below). */
const VIDE: Record<string, never> = Object.freeze(Object.create(null));

const EOC = -1; // saxes's "end of chunk" code point
const GREATER = 0x3e;
const FORWARD_SLASH = 0x2f;
const isS = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** saxes's private members that the lazy dictionaries use (saxes 6, saxes.js). */
interface Interne {
  tag: (SaxesTagNS & { ns?: Record<string, string> }) | null;
  name: string;
  topNS: Record<string, string> | null;
  xmlnsOpt: boolean;
  fragmentOpt: boolean;
  closedRoot: boolean;
  sawRoot: boolean;
  state: number;
  attribList: unknown[];
  stateTable: (() => void)[];
  openTagStartHandler: ((tag: unknown) => void) | undefined;
  captureNameChars(): number;
  openTag(): void;
  fail(message: string): void;
  processAttribs(): void;
  pushAttrib(name: string, value: string): void;
  sOpenTag(): void;
  sOpenTagSlash(): void;
  sAttrib(): void;
  sOpenTagSlashState: number;
  sAttribState: number;
}

/**
 * A SaxesParser (same options, events and errors) whose handler fields exist from construction,
 * and whose tags share one empty object for no attributes or no namespace declared.
 * Source: saxes 6, https://github.com/lddubeau/saxes.
 */
export class SaxesParserRapide<O extends SaxesOptions = SaxesOptions> extends SaxesParser<O> {
  constructor(opt?: O) {
    super(opt);
    // Stores by name (saxes declares these fields private): the object stays a fast one.
    const champs = this as unknown as Record<string, undefined>;
    champs.xmldeclHandler = undefined;
    champs.textHandler = undefined;
    champs.piHandler = undefined;
    champs.doctypeHandler = undefined;
    champs.commentHandler = undefined;
    champs.openTagStartHandler = undefined;
    champs.attributeHandler = undefined;
    champs.openTagHandler = undefined;
    champs.closeTagHandler = undefined;
    champs.cdataHandler = undefined;
    champs.errorHandler = undefined;
    champs.endHandler = undefined;
    champs.readyHandler = undefined;
    const p = this as unknown as Interne;
    // The states sOpenTag moves to, by their handlers (saxes numbers them in its module).
    p.sOpenTagSlashState = p.stateTable.indexOf(p.sOpenTagSlash);
    p.sAttribState = p.stateTable.indexOf(p.sAttrib);
    if (p.stateTable.indexOf(p.sOpenTag) < 0 || p.sOpenTagSlashState < 0 || p.sAttribState < 0)
      throw new Error('saxes: states not found (a version other than 6?)');
    const traiter = p.processAttribs;
    p.processAttribs = function (this: Interne) {
      if (this.attribList.length > 0 && this.tag!.attributes === VIDE)
        this.tag!.attributes = Object.create(null);
      traiter.call(this);
    };
    if (p.xmlnsOpt) {
      const ajouter = p.pushAttrib;
      p.pushAttrib = function (this: Interne, name: string, value: string) {
        // saxes writes `topNS[local]` for `xmlns:local`, `topNS[""]` for `xmlns`.
        if (this.topNS === VIDE && (name === 'xmlns' || name.startsWith('xmlns:')))
          this.topNS = this.tag!.ns = Object.create(null);
        ajouter.call(this, name, value);
      };
    }
  }
}

// saxes 6's sOpenTag (saxes.js), the tag's two dictionaries shared while empty.
Object.defineProperty(SaxesParserRapide.prototype, 'sOpenTag', {
  configurable: true,
  writable: true,
  value: function sOpenTag(this: Interne) {
    const c = this.captureNameChars();
    if (c === EOC) return;
    const tag = { name: this.name, attributes: VIDE } as unknown as NonNullable<Interne['tag']>;
    this.tag = tag;
    this.name = '';
    if (this.xmlnsOpt) this.topNS = tag.ns = VIDE;
    this.openTagStartHandler?.call(this, tag);
    this.sawRoot = true;
    if (!this.fragmentOpt && this.closedRoot) this.fail('documents may contain only one root.');
    switch (c) {
      case GREATER:
        this.openTag();
        break;
      case FORWARD_SLASH:
        this.state = this.sOpenTagSlashState;
        break;
      default:
        if (!isS(c)) this.fail('disallowed character in tag name.');
        this.state = this.sAttribState;
    }
  },
});
