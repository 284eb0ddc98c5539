import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BundleIntegrityError,
  formatShaListing,
  parseShaListing,
  verifyBundleFiles,
} from './bundle-integrity.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/logreg-bundle', import.meta.url));
const HEX = 'a'.repeat(64);

describe('bundle.sha256 parsing', () => {
  it('reads "<hex>  <path>\\n" lines', () => {
    expect(parseShaListing(`${HEX}  a.json\n${HEX}  b/c.png\n`)).toEqual(
      new Map([
        ['a.json', HEX],
        ['b/c.png', HEX],
      ]),
    );
  });

  it.each([
    ['empty', ''],
    ['no final newline', `${HEX}  a.json`],
    ['one space', `${HEX} a.json\n`],
    ['uppercase hex', `${'A'.repeat(64)}  a.json\n`],
    ['unsorted', `${HEX}  b.json\n${HEX}  a.json\n`],
    ['duplicate', `${HEX}  a.json\n${HEX}  a.json\n`],
    ['parent path', `${HEX}  ../a.json\n`],
    ['absolute path', `${HEX}  /etc/passwd\n`],
    ['lists itself', `${HEX}  bundle.sha256\n`],
    ['blank line', `${HEX}  a.json\n\n`],
  ])('refuses %s', (_label, text) => {
    expect(() => parseShaListing(text)).toThrow(BundleIntegrityError);
  });

  it('sorts by UTF-8 bytes (upper case before lower case, "_" between)', () => {
    expect(() => parseShaListing(`${HEX}  B.json\n${HEX}  _x\n${HEX}  a.json\n`)).not.toThrow();
  });
});

describe('formatShaListing', () => {
  it("writes the training pipeline's bundle.sha256 byte for byte", async () => {
    const { files } = await verifyBundleFiles(FIXTURE);
    expect(formatShaListing(files)).toBe(await readFile(join(FIXTURE, 'bundle.sha256'), 'utf8'));
  });

  it('sorts by UTF-8 bytes, skips bundle.sha256 itself and parses back', () => {
    const bytes = Buffer.from('x');
    const text = formatShaListing(
      new Map([
        ['b/c.png', bytes],
        ['bundle.sha256', bytes],
        ['B.json', bytes],
        ['a.json', bytes],
      ]),
    );
    expect([...parseShaListing(text).keys()]).toEqual(['B.json', 'a.json', 'b/c.png']);
  });
});

describe('verifyBundleFiles', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'riskstream-integrity-'));
    await cp(FIXTURE, dir, { recursive: true });
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('returns the verified bytes and digest = sha256(bundle.sha256)', async () => {
    const { digest, files } = await verifyBundleFiles(dir);
    expect(digest).toBe(
      createHash('sha256')
        .update(await readFile(join(dir, 'bundle.sha256')))
        .digest('hex'),
    );
    expect([...files.keys()]).toContain('manifest.json');
    expect(files.get('model.onnx')).toEqual(await readFile(join(dir, 'model.onnx')));
  });

  it('refuses a changed file, a missing one, an extra one (also in a sub-folder), a symlink, no listing', async () => {
    await writeFile(join(dir, 'report.md'), 'changed');
    await expect(verifyBundleFiles(dir)).rejects.toThrow(/sha256 of report\.md is/);
    await cp(FIXTURE, dir, { recursive: true });
    await rm(join(dir, 'roc.png'));
    await expect(verifyBundleFiles(dir)).rejects.toThrow(/missing \[roc\.png\]/);
    await cp(FIXTURE, dir, { recursive: true });
    await mkdir(join(dir, 'extra'));
    await writeFile(join(dir, 'extra', 'x.txt'), 'x');
    await expect(verifyBundleFiles(dir)).rejects.toThrow(/not listed \[extra\/x\.txt\]/);
    await rm(join(dir, 'extra'), { recursive: true });
    await symlink('/etc/hostname', join(dir, 'link'));
    await expect(verifyBundleFiles(dir)).rejects.toThrow(/symbolic link/);
    await rm(join(dir, 'link'));
    await rm(join(dir, 'bundle.sha256'));
    await expect(verifyBundleFiles(dir)).rejects.toThrow(/cannot read bundle\.sha256/);
  });
});
