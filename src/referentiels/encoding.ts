import { createReadStream } from 'node:fs';
import { pipeline, type Readable } from 'node:stream';
import iconv from 'iconv-lite';

export type Encoding = 'utf8' | 'win1252';

/**
 * Official files say Windows-1252 (BCN, ACCE) but some cuts were re-saved as UTF-8 (with their
 * accents already replaced by U+FFFD): decide from the bytes, never from the documentation.
 */
export function detectEncoding(head: Buffer): Encoding {
  let end = head.length;
  // A multi-byte character cut by the sample's end is not an error.
  for (let i = Math.max(0, end - 3); i < end; i++) if ((head[i]! & 0xc0) === 0xc0) end = i;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
    return 'utf8';
  } catch {
    return 'win1252';
  }
}

export function decode(buf: Buffer, encoding: Encoding): string {
  const text = encoding === 'utf8' ? buf.toString('utf8') : iconv.decode(buf, 'win1252');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Decodes a byte stream into text (UTF-8 natively: iconv-lite's UTF-8 decoder is several times slower). */
export function decodeStream(bytes: Readable, encoding: Encoding): Readable {
  if (encoding === 'utf8') return bytes.setEncoding('utf8');
  // pipeline: an error of `bytes` reaches whoever reads the decoded text.
  return pipeline(
    bytes,
    iconv.decodeStream('win1252') as unknown as NodeJS.ReadWriteStream,
    () => {},
  ) as unknown as Readable;
}

/** The first `size` bytes of a stream (then destroys it). */
export async function readHead(stream: Readable, size = 64 * 1024): Promise<Buffer> {
  const parts: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of stream) {
      parts.push(chunk as Buffer);
      length += (chunk as Buffer).length;
      if (length >= size) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(parts).subarray(0, size);
}

export const fileHead = (path: string, size = 64 * 1024) =>
  readHead(createReadStream(path, { end: size - 1 }), size);
