import { binaryArray, binaryArrayType, BinaryArrayValueError, binaryColumns } from './binary-array.js';

/** The elements of a one-dimensional binary array, as raw bytes (null for NULL), with its header fields. */
function parse(buffer: Buffer): { hasNull: number; oid: number; elements: (Buffer | null)[] } {
  expect(buffer.readInt32BE(0)).toBe(1);
  const n = buffer.readInt32BE(12);
  expect(buffer.readInt32BE(16)).toBe(1);
  const elements: (Buffer | null)[] = [];
  let at = 20;
  for (let i = 0; i < n; i++) {
    const size = buffer.readInt32BE(at);
    at += 4;
    elements.push(size < 0 ? null : buffer.subarray(at, at + size));
    if (size > 0) at += size;
  }
  expect(at).toBe(buffer.length);
  return { hasNull: buffer.readInt32BE(4), oid: buffer.readInt32BE(8), elements };
}

describe('binaryArray', () => {
  it('writes PostgreSQL binary arrays: header, element type, each element length-prefixed, NULLs as -1', () => {
    const uuid = parse(binaryArray('uuid', ['00112233-4455-6677-8899-AABBCCDDEEFF', null]));
    expect(uuid.oid).toBe(2950);
    expect(uuid.hasNull).toBe(1);
    expect(uuid.elements[0]).toEqual(Buffer.from('00112233445566778899aabbccddeeff', 'hex'));
    expect(uuid.elements[1]).toBeNull();

    const text = parse(
      binaryArray('text', ['ключ 🔑', '', 12, 3n, true, new Date('2026-11-23T10:00:00.123Z')]),
    );
    expect(text.oid).toBe(25);
    expect(text.hasNull).toBe(0);
    expect(text.elements.map((e) => e!.toString('utf8'))).toEqual([
      'ключ 🔑',
      '',
      '12',
      '3',
      'true',
      '2026-11-23T10:00:00.123Z',
    ]);

    const int8 = parse(binaryArray('int8', ['9223372036854775807', -5, 2n ** 62n, undefined]));
    expect(int8.elements.slice(0, 3).map((e) => e!.readBigInt64BE(0))).toEqual([
      2n ** 63n - 1n,
      -5n,
      2n ** 62n,
    ]);
    expect(int8.elements[3]).toBeNull();

    expect(parse(binaryArray('int4', [-2147483648, '7'])).elements.map((e) => e!.readInt32BE(0))).toEqual([
      -2147483648, 7,
    ]);
    expect(parse(binaryArray('float8', [0.1 + 0.2, -0])).elements.map((e) => e!.readDoubleBE(0))).toEqual([
      0.1 + 0.2,
      -0,
    ]);
    expect(parse(binaryArray('bool', [true, false])).elements).toEqual([Buffer.from([1]), Buffer.from([0])]);

    const value = { a: [1, 'é'], b: null };
    expect(parse(binaryArray('json', [value])).elements[0]!.toString('utf8')).toBe(JSON.stringify(value));
    const jsonb = parse(binaryArray('jsonb', [value])).elements[0]!;
    expect(jsonb[0]).toBe(1); // jsonb's binary format version
    expect(jsonb.subarray(1).toString('utf8')).toBe(JSON.stringify(value));
  });

  it('writes one array per column of rows, each read by its accessor', () => {
    const rows = [
      { id: '00112233-4455-6677-8899-aabbccddeeff', n: 1 },
      { id: 'ffeeddcc-bbaa-9988-7766-554433221100', n: null },
    ];
    const [ids, ns] = binaryColumns(rows, [
      ['uuid', (r) => r.id],
      ['int4', (r) => r.n],
    ]);
    expect(ids).toEqual(binaryArray('uuid', [rows[0]!.id, rows[1]!.id]));
    expect(ns).toEqual(binaryArray('int4', [1, null]));
  });

  it('writes an empty array', () => {
    expect(parse(binaryArray('text', [])).elements).toEqual([]);
  });

  it('names the element and the reason for a value its type cannot take', () => {
    const reason = (type: Parameters<typeof binaryArray>[0], values: unknown[]) => {
      try {
        binaryArray(type, values);
      } catch (error) {
        expect(error).toBeInstanceOf(BinaryArrayValueError);
        return (error as Error).message;
      }
      throw new Error('no error');
    };
    expect(reason('uuid', ['00112233-4455-6677-8899-aabbccddeefg'])).toMatch(
      /element 0 is the string .* not a UUID/,
    );
    expect(reason('uuid', ['0', '00112233445566778899aabbccddeeff'])).toMatch(/element 0 .*not a UUID/);
    expect(reason('uuid', [42])).toBe('element 0 is 42, not a UUID');
    expect(reason('int4', [1, 2 ** 31])).toBe('element 1 is 2147483648, not an integer');
    expect(reason('int4', [1.5])).toBe('element 0 is 1.5, not an integer');
    expect(reason('int8', [2 ** 53])).toMatch(
      /element 0 is 9007199254740992, not an integer a bigint holds exactly/,
    );
    expect(reason('int8', ['9223372036854775808'])).toMatch(/out of bigint's range/);
    expect(reason('int8', ['1e3'])).toMatch(/not a bigint/);
    expect(reason('float8', [Number.NaN])).toBe('element 0 is NaN, not a finite number');
    expect(reason('bool', ['true'])).toMatch(/not a boolean/);
    expect(reason('text', [Number.POSITIVE_INFINITY])).toBe('element 0 is Infinity, not a finite number');
    expect(reason('text', [Buffer.from('x')])).toBe('element 0 is binary, not text');
    expect(reason('text', [{ a: 1 }])).toBe('element 0 is an object, not text');
    expect(reason('text', [new Date(Number.NaN)])).toBe('element 0 is an invalid Date');
    expect(reason('json', ['{"a":1}'])).toBe('element 0 is a string; pass the JSON value, not its text');
    expect(reason('jsonb', [() => 1])).toMatch(/not a JSON value/);
  });

  it('maps SQL spellings of a type to its binary form, and leaves the others to a cast', () => {
    expect(binaryArrayType('Double  Precision')).toBe('float8');
    expect(binaryArrayType(' integer ')).toBe('int4');
    expect(binaryArrayType('bigint')).toBe('int8');
    expect(binaryArrayType('boolean')).toBe('bool');
    expect(binaryArrayType('timestamptz')).toBeUndefined();
    expect(binaryArrayType('numeric')).toBeUndefined();
  });
});
