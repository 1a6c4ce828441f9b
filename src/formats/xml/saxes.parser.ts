import { type SaxesOptions, SaxesParser } from 'saxes';

// saxes keeps each handler in a field of the parser that `on()` creates by a computed name: past
// a few of them V8 turns the parser into a dictionary object, and every field read of its
// per-character loop gets slower. Measured on an LHEO export of 5,000 formations with the 8
// handlers of lheo.stream.ts: 0.44 ms of CPU per formation instead of 0.12 (docs/mesures.md).
// Every saxes reader of Offre uses it (LHEO, RNCP and the other XML references, the workbook guards).
// The fields created up front, by name, keep it a fast object; `on()` then only sets them.
// The names are saxes 6's (saxes.js, EVENT_NAME_TO_HANDLER_NAME); the test of this file fails
// if a version renames them (the parser would work, only slower).

/**
 * A SaxesParser (same options, events and errors) whose handler fields exist from construction.
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
  }
}
