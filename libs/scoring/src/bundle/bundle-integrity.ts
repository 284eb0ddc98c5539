import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The integrity listing of a bundle (tools/training/README.md, "bundle.sha256"). */
export const BUNDLE_SHA_FILE = 'bundle.sha256';

export class BundleIntegrityError extends Error {
  override readonly name = 'BundleIntegrityError';
}

export interface VerifiedBundleFiles {
  /** sha256 (hex) of the exact bytes of bundle.sha256: the bundle's identity. */
  digest: string;
  /** Every listed file's verified bytes by relative path ('/' separated). Read once: what was hashed is what is used. */
  files: ReadonlyMap<string, Buffer>;
}

const LINE = /^([0-9a-f]{64}) {2}(.+)$/;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const compareUtf8 = (a: string, b: string): number =>
  Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/** Relative paths of the regular files under `dir`, '/' separated, bundle.sha256 excluded. Symlinks are refused. */
async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(join(dir, prefix), { withFileTypes: true });
  for (const entry of entries) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isSymbolicLink())
      throw new BundleIntegrityError(`${rel} is a symbolic link (not allowed in a bundle)`);
    if (entry.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else if (entry.isFile()) {
      if (rel !== BUNDLE_SHA_FILE) out.push(rel);
    } else throw new BundleIntegrityError(`${rel} is not a regular file`);
  }
  return out;
}

/** Parses bundle.sha256 strictly: `<64 lowercase hex>  <path>\n` per file, sorted by UTF-8 bytes, no duplicates. */
export function parseShaListing(text: string): Map<string, string> {
  if (text.length === 0) throw new BundleIntegrityError(`${BUNDLE_SHA_FILE} is empty`);
  if (!text.endsWith('\n')) throw new BundleIntegrityError(`${BUNDLE_SHA_FILE} does not end with a newline`);
  const listed = new Map<string, string>();
  let previous: string | undefined;
  const lines = text.slice(0, -1).split('\n');
  lines.forEach((line, i) => {
    const match = LINE.exec(line);
    if (!match)
      throw new BundleIntegrityError(
        `${BUNDLE_SHA_FILE} line ${i + 1} is not '<sha256 hex>  <path>': ${JSON.stringify(line)}`,
      );
    const [, hash, path] = match as RegExpExecArray & [string, string, string];
    if (path.startsWith('/') || path.split('/').some((part) => part === '' || part === '.' || part === '..'))
      throw new BundleIntegrityError(
        `${BUNDLE_SHA_FILE} line ${i + 1}: path ${JSON.stringify(path)} is not a plain relative path`,
      );
    if (path === BUNDLE_SHA_FILE) throw new BundleIntegrityError(`${BUNDLE_SHA_FILE} lists itself`);
    if (previous !== undefined && compareUtf8(previous, path) >= 0)
      throw new BundleIntegrityError(
        `${BUNDLE_SHA_FILE} line ${i + 1}: ${path} is ${previous === path ? 'listed twice' : 'out of order (paths must be sorted by UTF-8 bytes)'}`,
      );
    previous = path;
    listed.set(path, hash);
  });
  return listed;
}

/**
 * Writes the text of bundle.sha256 for a bundle's files (bundle.sha256 itself excluded), exactly as the training
 * pipeline does (`riskstream_training.bundle.write_sha_listing`): one `<sha256 hex>  <path>\n` line per file, sorted
 * by the UTF-8 bytes of the path. The bundle digest is the sha256 of these bytes.
 */
export function formatShaListing(files: ReadonlyMap<string, Uint8Array>): string {
  return [...files.keys()]
    .filter((path) => path !== BUNDLE_SHA_FILE)
    .sort(compareUtf8)
    .map((path) => `${sha256Hex(files.get(path)!)}  ${path}\n`)
    .join('');
}

/**
 * Verifies a bundle folder against its bundle.sha256 exactly as the contract says: the listed files equal the
 * files present (none missing, none extra), every sha256 matches. Returns the verified bytes and the digest.
 */
export async function verifyBundleFiles(dir: string): Promise<VerifiedBundleFiles> {
  let listingBytes: Buffer;
  try {
    listingBytes = await readFile(join(dir, BUNDLE_SHA_FILE));
  } catch (error) {
    throw new BundleIntegrityError(`cannot read ${BUNDLE_SHA_FILE}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const listed = parseShaListing(listingBytes.toString('utf8'));
  const present = (await listFiles(dir)).sort(compareUtf8);
  const missing = [...listed.keys()].filter((path) => !present.includes(path));
  const extra = present.filter((path) => !listed.has(path));
  if (missing.length || extra.length)
    throw new BundleIntegrityError(
      `files differ from ${BUNDLE_SHA_FILE}:` +
        (missing.length ? ` missing [${missing.join(', ')}]` : '') +
        (extra.length ? ` not listed [${extra.join(', ')}]` : ''),
    );
  const files = new Map<string, Buffer>();
  for (const [path, expected] of listed) {
    const bytes = await readFile(join(dir, ...path.split('/')));
    const actual = sha256Hex(bytes);
    if (actual !== expected)
      throw new BundleIntegrityError(`sha256 of ${path} is ${actual}, ${BUNDLE_SHA_FILE} says ${expected}`);
    files.set(path, bytes);
  }
  return { digest: sha256Hex(listingBytes), files };
}
