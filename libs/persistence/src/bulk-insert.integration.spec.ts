import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { binaryArray } from './binary-array.js';
import { bulkInsert } from './bulk-insert.js';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://riskstream:riskstream@127.0.0.1:5433/riskstream';

describe('bulkInsert (real PostgreSQL)', () => {
  const dataSource = new DataSource({ type: 'postgres', url: DATABASE_URL });
  const table = `bulk_insert_test_${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    await dataSource.initialize();
    await dataSource.query(
      `CREATE TABLE public.${table} (id uuid PRIMARY KEY, doc jsonb, at timestamptz, n bigint, note text)`,
    );
  });

  afterAll(async () => {
    await dataSource.query(`DROP TABLE IF EXISTS public.${table}`);
    await dataSource.destroy();
  });

  const tricky = { quote: 'say "hi"', backslash: 'a\\b', braces: '{x,y}', unicode: 'Zürich ✓', nl: 'a\nb' };

  for (const mode of ['values', 'json'] as const) {
    it(`inserts every value as given, skips conflicts and returns the inserted rows (${mode})`, async () => {
      const ids = [randomUUID(), randomUUID(), randomUUID()];
      const at = new Date('2026-11-22T10:00:00.123Z');
      const options = {
        onConflict: 'ON CONFLICT (id) DO NOTHING',
        returning: ['id'],
        ...(mode === 'json' ? { types: ['uuid', 'jsonb', 'timestamptz', 'bigint', 'text'] } : {}),
      };
      const columns = ['id', 'doc', 'at', 'n', 'note'];
      // Placeholders take a jsonb column's JSON text (node-postgres sends it as is); the JSON form its value.
      const doc = (value: unknown) => (mode === 'json' ? value : JSON.stringify(value));
      const first = await bulkInsert<{ id: string }>(
        dataSource.manager,
        `public.${table}`,
        columns,
        [
          [ids[0], doc(tricky), at, '9007199254740993', null],
          [ids[1], null, null, null, 'NULL'],
        ],
        options,
      );
      expect(first.map((r) => r.id).sort()).toEqual([ids[0], ids[1]].sort());
      const second = await bulkInsert<{ id: string }>(
        dataSource.manager,
        `public.${table}`,
        columns,
        [
          [ids[1], null, null, null, 'again'],
          [ids[2], doc([]), at, 1, ''],
        ],
        options,
      );
      expect(second.map((r) => r.id)).toEqual([ids[2]]);
      const rows = (await dataSource.query(
        `SELECT id, doc, at, n::text AS n, note FROM public.${table} WHERE id = ANY($1::uuid[]) ORDER BY n NULLS FIRST`,
        [ids],
      )) as { id: string; doc: unknown; at: Date | null; n: string | null; note: string | null }[];
      const byId = new Map(rows.map((r) => [r.id, r]));
      expect(byId.get(ids[0]!)).toEqual({ id: ids[0], doc: tricky, at, n: '9007199254740993', note: null });
      expect(byId.get(ids[1]!)).toEqual({ id: ids[1], doc: null, at: null, n: null, note: 'NULL' });
      expect(byId.get(ids[2]!)).toEqual({ id: ids[2], doc: [], at, n: '1', note: '' });
    });
  }

  it('refuses values JSON would change, before sending anything (json form)', async () => {
    const types = { types: ['uuid', 'jsonb', 'timestamptz', 'bigint', 'text'] };
    const columns = ['id', 'doc', 'at', 'n', 'note'];
    const id = randomUUID();
    await expect(
      bulkInsert(dataSource.manager, `public.${table}`, columns, [[id, '{"a":1}', null, null, null]], types),
    ).rejects.toThrow(/doc of row 0 is a string; pass the JSON value, not its text/);
    await expect(
      bulkInsert(dataSource.manager, `public.${table}`, columns, [[id, null, null, Number.NaN, null]], types),
    ).rejects.toThrow(/n of row 0 is NaN, not an integer a bigint holds exactly/);
    await expect(
      bulkInsert(
        dataSource.manager,
        `public.${table}`,
        columns,
        [[id, null, null, 12n, Buffer.from('x')]],
        types,
      ),
    ).rejects.toThrow(/note of row 0 is binary/);
    const rows = (await dataSource.query(`SELECT 1 FROM public.${table} WHERE id = $1`, [id])) as unknown[];
    expect(rows).toHaveLength(0);
  });

  it('reads back every type sent as a binary array exactly, NULLs included', async () => {
    const [row] = (await dataSource.query(
      `SELECT $1::uuid[]::text[] AS uuids, $2::text[] AS texts, $3::int4[] AS ints, $4::int8[]::text[] AS bigints,
              $5::bool[] AS bools, $6::float8[] AS doubles, $7::json[]::text[] AS jsons, $8::jsonb[] AS jsonbs`,
      [
        binaryArray('uuid', ['00112233-4455-6677-8899-AABBCCDDEEFF', null]),
        binaryArray('text', ['Zürich ✓ "q" \\ {x,y} NULL', '', null]),
        binaryArray('int4', [-2147483648, 2147483647, null]),
        binaryArray('int8', ['-9223372036854775808', 9007199254740991, null]),
        binaryArray('bool', [true, false, null]),
        binaryArray('float8', [0.1 + 0.2, 1e-300, -1.7976931348623157e308, null]),
        binaryArray('json', [{ b: 1, a: [null, 'é'] }, null]),
        binaryArray('jsonb', [tricky, null]),
      ],
    )) as Record<string, unknown[]>[];
    expect(row).toEqual({
      uuids: ['00112233-4455-6677-8899-aabbccddeeff', null],
      texts: ['Zürich ✓ "q" \\ {x,y} NULL', '', null],
      ints: [-2147483648, 2147483647, null],
      bigints: ['-9223372036854775808', '9007199254740991', null],
      bools: [true, false, null],
      doubles: [0.1 + 0.2, 1e-300, -1.7976931348623157e308, null],
      jsons: ['{"b":1,"a":[null,"é"]}', null],
      jsonbs: [tricky, null],
    });
  });

  it('casts the columns it sends as text: a timestamptz from a Date or from text with microseconds and an offset', async () => {
    const id = randomUUID();
    await bulkInsert(
      dataSource.manager,
      `public.${table}`,
      ['id', 'at', 'note'],
      [[id, '2026-11-23T10:00:00.123456+02:00', 'text']],
      { types: ['uuid', 'timestamptz', 'text'] },
    );
    const [row] = (await dataSource.query(
      `SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS at FROM public.${table} WHERE id = $1`,
      [id],
    )) as { at: string }[];
    expect(row!.at).toBe('2026-11-23 08:00:00.123456');
  });

  it('refuses rows of the wrong width and types that are not type names', async () => {
    await expect(
      bulkInsert(dataSource.manager, `public.${table}`, ['id', 'doc'], [[randomUUID()]]),
    ).rejects.toThrow(/row has 1 values, expected 2/);
    await expect(
      bulkInsert(dataSource.manager, `public.${table}`, ['id'], [[randomUUID()]], {
        types: ['uuid[]); DROP TABLE x; --'],
      }),
    ).rejects.toThrow(/bad column type/);
  });
});
