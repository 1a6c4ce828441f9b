import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { memoise } from './memo.ts';

// V8's full collection, reachable without starting the process with --expose-gc.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

describe('memoise', () => {
  it('computes once per argument and answers the same', () => {
    const appels: string[] = [];
    const long = memoise((s: string) => {
      appels.push(s);
      return s.length;
    }, 10);
    expect([long('abc'), long('abc'), long('de')]).toEqual([3, 3, 2]);
    expect(appels).toEqual(['abc', 'de']);
  });

  it('keeps only the characters of an argument cut from a larger text, not the text', () => {
    const f = memoise((s: string) => s.length, 100);
    gc();
    const avant = v8.getHeapStatistics().used_heap_size;
    for (let i = 0; i < 20; i++) {
      // 2 MB of text per round, distinct; the argument is a 30-character view of it (a V8
      // sliced string, as the text of an XML element read by saxes).
      const texte = `<t>${Math.random()}</t>`.repeat(80_000);
      f(texte.slice(10, 40));
    }
    gc();
    const retenu = v8.getHeapStatistics().used_heap_size - avant;
    // Kept as given, the 20 arguments held their 20 texts: ≈ 40 MB.
    expect(retenu).toBeLessThan(8_000_000);
  });
});
