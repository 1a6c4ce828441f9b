// The build's identity: a hash of everything the build is made from (src/, package.json,
// tsconfig.json, bin/build.js). bin/offre.js runs dist/ only when dist/build.json carries the hash
// of the sources as they are now, so nobody ever runs a stale build (an edited checkout falls back
// to the TypeScript sources through tsx). Hashing contents, not dates: ~1 MB, a few milliseconds.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const INPUTS = ['src', 'package.json', 'tsconfig.json', 'bin/build.js'];

/** sha256 of the build inputs under `root` (paths and contents, in a fixed order). */
export function sourceHash(root) {
  const h = createHash('sha256');
  const add = (path) => {
    let entries;
    try {
      entries = readdirSync(path, { withFileTypes: true });
    } catch (e) {
      if (e.code === 'ENOTDIR') {
        h.update(`${relative(root, path)}\0`)
          .update(readFileSync(path))
          .update('\0');
        return;
      }
      if (e.code === 'ENOENT') return;
      throw e;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)))
      add(join(path, e.name));
  };
  for (const input of INPUTS) add(join(root, input));
  return h.digest('hex');
}

/** What the last build recorded (dist/build.json), or null when there is no complete build. */
export function readStamp(root) {
  try {
    return JSON.parse(readFileSync(join(root, 'dist', 'build.json'), 'utf8'));
  } catch {
    return null;
  }
}

/** True when dist/ was built from exactly the sources under `root` as they are now. */
export function isBuildCurrent(root) {
  const stamp = readStamp(root);
  return stamp !== null && stamp.sources === sourceHash(root);
}
