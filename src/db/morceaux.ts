// Reading binary messages out of the chunks a socket delivers, without joining the chunks first:
// what lies within one chunk is read in place (a view of it), only what straddles two is copied.
// Used by the reads that receive stored documents as raw bytes (copie.ts: COPY binary output;
// lecture-binaire.ts: DataRow messages of a prepared statement in binary format).

/** How a field's bytes become the row's value (field bytes: buf[debut, fin)). */
export type Decodeur = (buf: Buffer, debut: number, fin: number) => unknown;

/**
 * Reads big-endian integers and byte runs through a list of chunks, to which more may be added
 * (ajouter). Throws « tronquée » when reading past what was received; `disponibles` says how
 * much is there, so an incremental reader can wait for the rest of a message first.
 */
export class Lecteur {
  /** Index of the current chunk, and offset in it. */
  private i = 0;
  private o = 0;
  /** Bytes received in all, and bytes read. */
  private recus = 0;
  private lus = 0;
  private readonly morceaux: Buffer[];

  constructor(morceaux: readonly Buffer[] = []) {
    this.morceaux = [];
    for (const m of morceaux) this.ajouter(m);
  }

  /** Appends a received chunk. Chunks already read through are dropped (views of them stay valid). */
  ajouter(m: Buffer): void {
    if (this.i > 0) {
      this.morceaux.splice(0, this.i);
      this.i = 0;
    }
    if (this.morceaux.length === 1 && this.o >= this.morceaux[0]!.length) {
      this.morceaux.length = 0;
      this.o = 0;
    }
    this.morceaux.push(m);
    this.recus += m.length;
  }

  /** Bytes received and not read yet. */
  get disponibles(): number {
    return this.recus - this.lus;
  }

  /** The next `n` bytes: a view of the current chunk, or a copy when they straddle chunks. */
  octets(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0);
    if (n > this.disponibles) throw tronquee();
    const parts: Buffer[] = [];
    for (let reste = n; reste > 0; ) {
      const c = this.courant();
      const k = Math.min(reste, c.length - this.o);
      parts.push(c.subarray(this.o, this.o + k));
      this.o += k;
      reste -= k;
    }
    this.lus += n;
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts, n);
  }

  /** Skips `n` bytes. */
  sauter(n: number): void {
    if (n > this.disponibles) throw tronquee();
    for (let reste = n; reste > 0; ) {
      const c = this.courant();
      const k = Math.min(reste, c.length - this.o);
      this.o += k;
      reste -= k;
    }
    this.lus += n;
  }

  /** The next big-endian signed integer of `taille` bytes (1, 2 or 4). */
  int(taille: 1 | 2 | 4): number {
    const m = this.courant();
    const dedans = this.o + taille <= m.length;
    const b = dedans ? m : this.octets(taille);
    const at = dedans ? this.o : 0;
    if (dedans) {
      this.o += taille;
      this.lus += taille;
    }
    return taille === 1 ? b.readInt8(at) : taille === 2 ? b.readInt16BE(at) : b.readInt32BE(at);
  }

  /** The next byte and the big-endian int32 after it, not read (a protocol message's header); null before 5 bytes. */
  entete(): { code: number; longueur: number } | null {
    if (this.disponibles < 5) return null;
    const { i, o, lus } = this;
    const code = this.int(1) & 0xff;
    const longueur = this.int(4);
    this.i = i;
    this.o = o;
    this.lus = lus;
    return { code, longueur };
  }

  /** The next field of `n` bytes, decoded. */
  champ(n: number, decode: Decodeur): unknown {
    const m = this.courant();
    if (this.o + n > m.length) return decode(this.octets(n), 0, n);
    const debut = this.o;
    this.o += n;
    this.lus += n;
    return decode(m, debut, this.o);
  }

  /** What was received and not read, as one buffer (a copy only when it spans chunks). */
  reste(): Buffer {
    return this.octets(this.disponibles);
  }

  /** The chunk holding the next byte (past the ends of the previous ones); throws past the last. */
  private courant(): Buffer {
    while (this.i < this.morceaux.length && this.o >= this.morceaux[this.i]!.length) {
      this.i++;
      this.o = 0;
    }
    const m = this.morceaux[this.i];
    if (!m) throw tronquee();
    return m;
  }
}

const tronquee = () => new Error('Sortie binaire tronquée.');
