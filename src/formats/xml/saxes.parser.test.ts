import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { SaxesParserRapide } from './saxes.parser.ts';

const EVENEMENTS = [
  'xmldecl',
  'text',
  'processinginstruction',
  'doctype',
  'comment',
  'opentagstart',
  'attribute',
  'opentag',
  'closetag',
  'cdata',
  'error',
  'end',
  'ready',
] as const;

const champs = (p: object) => Object.keys(p).sort();

describe('SaxesParserRapide', () => {
  it('has a field for every handler from construction: on() adds none', () => {
    const p = new SaxesParserRapide({ xmlns: true, position: true });
    const avant = champs(p);
    for (const e of EVENEMENTS) p.on(e, () => {});
    expect(champs(p)).toEqual(avant);
    // The plain parser grows one field per handler: the reason for this class.
    const simple = new SaxesParser({ xmlns: true, position: true });
    const n = champs(simple).length;
    for (const e of EVENEMENTS) simple.on(e, () => {});
    expect(champs(simple).length).toBe(n + EVENEMENTS.length);
  });

  it('parses as saxes does, handlers and errors included', () => {
    const vus: string[] = [];
    const p = new SaxesParserRapide({ xmlns: true, position: true });
    p.on('opentag', (t) => vus.push(`<${t.local}@${p.line}`));
    p.on('text', (t) => vus.push(t));
    p.on('comment', (c) => vus.push(`#${c}`));
    p.on('closetag', (t) => vus.push(`</${t.local}`));
    p.write('<a xmlns="urn:x">\n<b>é &amp; x</b><!--c--></a>').close();
    expect(vus).toEqual(['<a@1', '\n', '<b@2', 'é & x', '</b', '#c', '</a']);
    const erreurs: string[] = [];
    const q = new SaxesParserRapide({ xmlns: true });
    q.on('error', (e) => erreurs.push(e.message));
    q.write('<a>').close();
    expect(erreurs.length).toBeGreaterThan(0);
  });

  // Every event and error of saxes, for documents where tags declare namespaces or not, carry
  // attributes or not (the shared empty objects must never show, nor be written to).
  const trace = (Parser: typeof SaxesParser, xmlns: boolean, xml: string) => {
    const vus: string[] = [];
    const p = new Parser({ xmlns, position: true });
    const tag = (t: object) => JSON.stringify(t);
    p.on('opentagstart', (t) => vus.push(`start ${tag(t)}`));
    p.on('opentag', (t) => vus.push(`open ${tag(t)}`));
    p.on('closetag', (t) => vus.push(`close ${tag(t)}`));
    p.on('attribute', (a) => vus.push(`attr ${tag(a)}`));
    p.on('text', (t) => vus.push(`text ${t}`));
    p.on('error', (e) => vus.push(`error ${e.message}`));
    try {
      p.write(xml).close();
    } catch (e) {
      vus.push(`thrown ${(e as Error).message}`);
    }
    return vus;
  };
  const DOCUMENTS = [
    '<a xmlns="urn:x"><b/><c k="1" xmlns:p="urn:p"><p:d p:k="2" k="3">t</p:d><e/></c><f xmlns=""><g/></f></a>',
    '<r><s a="1" b="2"/><t/><u v="é &amp; x">w</u><x:y/></r>',
    '<p:a xmlns:p="urn:p" xmlns:q="urn:q"><q:b/><b xmlns:q="urn:q2"><q:c/></b><q:d/></p:a>',
    '<a><b k="1" k="2"/><q:c/><d q:k="1"/></a>',
    '<a xmlns:="urn:x" xmlns:xmlns="urn:y"><b/></a>',
    '<a/><b/>',
    '<a><b\u0001/></a>',
  ];

  it('gives every event and error saxes gives, with or without namespaces', () => {
    for (const xmlns of [true, false])
      for (const xml of DOCUMENTS)
        expect(trace(SaxesParserRapide, xmlns, xml)).toEqual(trace(SaxesParser, xmlns, xml));
  });

  it('makes no dictionary for a tag without attributes or namespace declarations', () => {
    for (const xmlns of [true, false]) {
      const tags: { attributes: object; ns?: object }[] = [];
      const p = new SaxesParserRapide({ xmlns });
      p.on('opentag', (t) => tags.push(t as never));
      p.write('<a><b/><c k="1"/><d/></a>').close();
      const [a, b, c, d] = tags;
      expect(b!.attributes).toBe(a!.attributes);
      expect(d!.attributes).toBe(a!.attributes);
      expect(c!.attributes).not.toBe(a!.attributes);
      expect(Object.isFrozen(a!.attributes)).toBe(true);
      if (xmlns) expect(d!.ns).toBe(a!.ns);
    }
  });
});
