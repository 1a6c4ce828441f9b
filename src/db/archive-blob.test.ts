import { describe, expect, it } from 'vitest';
import { ArchiveBlob } from './archive-blob.ts';

describe('ArchiveBlob', () => {
  it('gives back the bytes it was made of, as a Blob typed like new Blob([bytes])', async () => {
    const bytes = new Uint8Array([31, 139, 8, 0, 1, 2, 3, 250]);
    const blob = new ArchiveBlob(bytes);
    expect(blob).toBeInstanceOf(Blob);
    expect(blob.type).toBe(new Blob([bytes]).type);
    expect(blob.size).toBe(8);
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([31, 139, 8, 0, 1, 2, 3, 250]);
  });

  it('gives a copy each time: the reader altering it changes neither the source nor the next read', async () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const blob = new ArchiveBlob(bytes);
    const lue = new Uint8Array(await blob.arrayBuffer());
    lue[0] = 99;
    expect([...bytes]).toEqual([1, 2, 3]);
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([1, 2, 3]);
  });

  it('reads a view on part of a larger buffer as that part only', async () => {
    const grand = new Uint8Array([9, 9, 4, 5, 6, 9]);
    const blob = new ArchiveBlob(grand.subarray(2, 5));
    expect((await blob.arrayBuffer()).byteLength).toBe(3);
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([4, 5, 6]);
  });
});
