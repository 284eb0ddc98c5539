import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The spec JSON files ship with the package (spec/), one level above both src/ and dist/. */
export function readSpecFile(name: string): { text: string; sha256: string } {
  const bytes = readFileSync(new URL(`../spec/${name}`, import.meta.url));
  return { text: bytes.toString('utf8'), sha256: createHash('sha256').update(bytes).digest('hex') };
}
