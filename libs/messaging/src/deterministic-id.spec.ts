import { createHash, randomUUID } from 'node:crypto';
import { deterministicUuid } from './deterministic-id.js';

/** The definition, byte by byte: SHA-256, first 16 bytes, version 8 and variant 10 set. */
function reference(name: string): string {
  const h = createHash('sha256').update(name).digest();
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

describe('deterministicUuid', () => {
  it('is stable for a name and differs between names', () => {
    expect(deterministicUuid('a')).toBe(deterministicUuid('a'));
    expect(deterministicUuid('a')).not.toBe(deterministicUuid('b'));
  });
  it('gives the ids events already carry: SHA-256 with version and variant bits, for any name', () => {
    const names = ['', 'a', 'ü€😀', `score/${randomUUID()}/v1`];
    for (let i = 0; i < 2_000; i++) names.push(`features/${randomUUID()}/${i}`);
    for (const name of names) expect([name, deterministicUuid(name)]).toEqual([name, reference(name)]);
    // every variant nibble occurs, so each of the four hex digits' mappings is checked
    expect(new Set(names.map((n) => deterministicUuid(n)[19]))).toEqual(new Set(['8', '9', 'a', 'b']));
  });
  it('is a well-formed version 8 UUID', () => {
    expect(deterministicUuid('x')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
