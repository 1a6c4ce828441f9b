/**
 * A database archive (the tar, gzipped or not, of `offre db dump`) handed to PGlite's
 * `loadDataDir`, which only calls `arrayBuffer()` (and reads `type`) on it. Node 20's own
 * `Blob.arrayBuffer()` streams its bytes back in chunks and concatenates them: ≈ 0.1 to 0.3 s of
 * CPU for the 29 MB test template, a third of each restore (cpu profile, docs/mesures.md, 07/12/2026),
 * against ≈ 10 ms for a plain copy. A real Blob (`instanceof Blob`), typed `''` like `new Blob([bytes])`.
 * `arrayBuffer()` gives a copy of `bytes` each time: PGlite may keep or alter it, never the caller's.
 */
export class ArchiveBlob extends Blob {
  readonly #bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    super([]);
    this.#bytes = bytes;
  }

  override get size(): number {
    return this.#bytes.byteLength;
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    const copie = new Uint8Array(this.#bytes.byteLength);
    copie.set(this.#bytes);
    return Promise.resolve(copie.buffer);
  }
}
