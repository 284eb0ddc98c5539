import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DataSource, type EntityManager } from 'typeorm';
import { bulkInsert } from './bulk-insert.js';
import { serviceDataSourceOptions } from './data-source-options.js';
import { insertOptimistically } from './optimistic-insert.js';
import { pipelinedTransaction } from './pipelined-transaction.js';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://riskstream:riskstream@127.0.0.1:5433/riskstream';

describe('insertOptimistically (real PostgreSQL)', () => {
  const table = `public.optimistic_insert_test_${randomUUID().slice(0, 8)}`;
  // Pipeline mode (the services' setting) and a DataSource built by hand (one statement per round trip).
  const pipelinedDs = new DataSource(
    serviceDataSourceOptions({
      url: DATABASE_URL,
      schema: 'public',
      serviceName: 'optimistic-insert-test',
      entities: [],
      migrations: [],
      poolSize: 2,
    }),
  );
  const plainDs = new DataSource({ type: 'postgres', url: DATABASE_URL });
  const insert = (onConflict: string) =>
    `INSERT INTO ${table} (id, note) SELECT * FROM unnest($1::uuid[], $2::text[]) ${onConflict} RETURNING id`;
  const plain = insert('');
  const fallback = insert('ON CONFLICT (id) DO NOTHING');
  const idsIn = async () =>
    ((await plainDs.query(`SELECT id FROM ${table}`)) as { id: string }[]).map((r) => r.id).sort();

  beforeAll(async () => {
    await Promise.all([pipelinedDs.initialize(), plainDs.initialize()]);
    await plainDs.query(`CREATE TABLE ${table} (id uuid PRIMARY KEY, note text NOT NULL)`);
  });

  afterAll(async () => {
    await plainDs.query(`DROP TABLE IF EXISTS ${table}`);
    await Promise.all([pipelinedDs.destroy(), plainDs.destroy()]);
  });

  /** The SQL texts sent while `work` ran: on the transaction's connection, or through `manager` outside one. */
  async function statementsOf(manager: EntityManager, work: () => Promise<void>): Promise<string[]> {
    const target = manager.queryRunner
      ? ((await manager.queryRunner.connect()) as { query: (...args: unknown[]) => unknown })
      : manager;
    const spy = vi.spyOn(target, 'query');
    try {
      await work();
      return spy.mock.calls.map((call) => String(call[0]));
    } finally {
      spy.mockRestore();
    }
  }

  for (const [mode, ds] of [
    ['pipeline mode', pipelinedDs],
    ['one statement per round trip', plainDs],
  ] as const) {
    describe(mode, () => {
      const transaction = <T>(work: (manager: EntityManager) => Promise<T>) =>
        mode === 'pipeline mode' ? pipelinedTransaction(ds, work) : ds.transaction(work);

      it('inserts without the conflict clause when no key exists', async () => {
        const ids = [randomUUID(), randomUUID()];
        let rows: { id: string }[] = [];
        const sent = await transaction((manager) =>
          statementsOf(manager, async () => {
            rows = await insertOptimistically<{ id: string }>(manager, plain, fallback, [ids, ['a', 'b']]);
          }),
        );
        expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
        expect(sent).toEqual(['SAVEPOINT optimistic_insert', plain, 'RELEASE SAVEPOINT optimistic_insert']);
        expect(await idsIn()).toEqual(expect.arrayContaining(ids));
      });

      it('after a unique violation, skips the existing keys and keeps the rest of the transaction', async () => {
        const existing = randomUUID();
        await plainDs.query(`INSERT INTO ${table} (id, note) VALUES ($1, 'first')`, [existing]);
        const before = randomUUID();
        const fresh = [randomUUID(), randomUUID()];
        const after = randomUUID();
        let rows: { id: string }[] = [];
        const sent = await transaction(async (manager) => {
          await manager.query(`INSERT INTO ${table} (id, note) VALUES ($1, 'before')`, [before]);
          const statements = await statementsOf(manager, async () => {
            rows = await insertOptimistically<{ id: string }>(manager, plain, fallback, [
              [fresh[0], existing, fresh[1]],
              ['x', 'again', 'y'],
            ]);
          });
          // The transaction is usable after the violation.
          await manager.query(`INSERT INTO ${table} (id, note) VALUES ($1, 'after')`, [after]);
          return statements;
        });
        expect(rows.map((r) => r.id).sort()).toEqual([...fresh].sort());
        expect(sent).toEqual([
          'SAVEPOINT optimistic_insert',
          plain,
          // Sent with the INSERT in pipeline mode (and refused after its failure); never sent otherwise.
          ...(mode === 'pipeline mode' ? ['RELEASE SAVEPOINT optimistic_insert'] : []),
          'ROLLBACK TO SAVEPOINT optimistic_insert',
          fallback,
          'RELEASE SAVEPOINT optimistic_insert',
        ]);
        const notes = (await plainDs.query(
          `SELECT id, note FROM ${table} WHERE id = ANY($1::uuid[]) ORDER BY note`,
          [[existing, before, ...fresh, after]],
        )) as { id: string; note: string }[];
        expect(Object.fromEntries(notes.map((r) => [r.id, r.note]))).toEqual({
          [existing]: 'first', // not overwritten
          [before]: 'before',
          [fresh[0]!]: 'x',
          [fresh[1]!]: 'y',
          [after]: 'after',
        });
      });

      it('passes any other error on, and the transaction rolls back', async () => {
        const id = randomUUID();
        const failed = transaction((manager) =>
          insertOptimistically(manager, plain, fallback, [[id], [null]]),
        );
        await expect(failed).rejects.toMatchObject({ code: '23502' }); // not_null_violation
        expect(await idsIn()).not.toContain(id);
      });
    });
  }

  it('outside a transaction runs the statement with its conflict clause', async () => {
    const existing = randomUUID();
    await plainDs.query(`INSERT INTO ${table} (id, note) VALUES ($1, 'first')`, [existing]);
    const fresh = randomUUID();
    let rows: { id: string }[] = [];
    const sent = await statementsOf(plainDs.manager, async () => {
      rows = await insertOptimistically<{ id: string }>(plainDs.manager, plain, fallback, [
        [existing, fresh],
        ['again', 'new'],
      ]);
    });
    expect(rows.map((r) => r.id)).toEqual([fresh]);
    expect(sent).toEqual([fallback]);
  });

  it('bulkInsert with optimistic gives the result of its ON CONFLICT DO NOTHING', async () => {
    const existing = randomUUID();
    await plainDs.query(`INSERT INTO ${table} (id, note) VALUES ($1, 'first')`, [existing]);
    const fresh = randomUUID();
    const rows = await pipelinedTransaction(pipelinedDs, (manager) =>
      bulkInsert<{ id: string }>(
        manager,
        table,
        ['id', 'note'],
        [
          [fresh, 'new'],
          [existing, 'again'],
        ],
        {
          types: ['uuid', 'text'],
          onConflict: 'ON CONFLICT (id) DO NOTHING',
          optimistic: true,
          returning: ['id'],
        },
      ),
    );
    expect(rows).toEqual([{ id: fresh }]);
    await expect(
      bulkInsert(plainDs.manager, table, ['id', 'note'], [[randomUUID(), 'n']], {
        types: ['uuid', 'text'],
        onConflict: 'ON CONFLICT (id) DO UPDATE SET note = EXCLUDED.note',
        optimistic: true,
      }),
    ).rejects.toThrow('bulkInsert: optimistic needs an ON CONFLICT … DO NOTHING');
  });
});
