// Types of build-stamp.js for the TypeScript tests that read the build's identity.
/** sha256 (hex) of the build inputs under `root`: src/, package.json, tsconfig.json, bin/build.js. */
export function sourceHash(root: string): string;
/** What the last build recorded (dist/build.json), or null when there is no complete build. */
export function readStamp(root: string): { sources: string } | null;
/** True when dist/ was built from exactly the sources under `root` as they are now. */
export function isBuildCurrent(root: string): boolean;
