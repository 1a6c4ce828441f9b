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
});
