import type { EntityManager } from 'typeorm';

export interface BulkInsertOptions {
  /** e.g. `ON CONFLICT DO NOTHING` or `ON CONFLICT (id) DO UPDATE SET …`. */
  onConflict?: string;
  /** Columns to return from the inserted rows. */
  returning?: readonly string[];
  /**
   * The columns' SQL types (`uuid`, `jsonb`, `timestamptz`…), one per column. With them the rows are sent as one
   * array per column and inserted from `unnest()`: the statement text no longer depends on the number of rows, so
   * PostgreSQL parses and plans it once per connection instead of once per batch (and does not parse thousands of
   * placeholders).
   */
  types?: readonly string[];
}

const ROWS_PER_UNNEST = 5_000;

const MAX_PARAMETERS = 60_000; // PostgreSQL's limit is 65,535 bind parameters per statement.
const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/**
 * Multi-row INSERT in as few statements as the bind-parameter limit allows: one round trip for a whole
 * micro-batch instead of one per row. `table` is schema-qualified, e.g. `ingestion.loan_applications`.
 */
export async function bulkInsert<R extends Record<string, unknown> = Record<string, unknown>>(
  manager: EntityManager,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  options: BulkInsertOptions = {},
): Promise<R[]> {
  const out: R[] = [];
  if (rows.length === 0) return out;
  const [schema, name] = table.includes('.') ? table.split('.', 2) : [undefined, table];
  const target = schema ? `${quote(schema)}.${quote(name!)}` : quote(name!);
  const returning = options.returning?.length ? ` RETURNING ${options.returning.map(quote).join(', ')}` : '';
  for (const row of rows) {
    if (row.length !== columns.length)
      throw new Error(`bulkInsert ${table}: row has ${row.length} values, expected ${columns.length}`);
  }
  if (options.types) {
    const types = options.types;
    if (types.length !== columns.length)
      throw new Error(`bulkInsert ${table}: ${types.length} types for ${columns.length} columns`);
    if (types.some((t) => !/^[a-z0-9_ ]+$/i.test(t))) throw new Error(`bulkInsert ${table}: bad column type`);
    const sql =
      `INSERT INTO ${target} (${columns.map(quote).join(', ')}) ` +
      `SELECT * FROM unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')}) ` +
      `${options.onConflict ?? ''}${returning}`;
    for (let start = 0; start < rows.length; start += ROWS_PER_UNNEST) {
      const chunk = rows.slice(start, start + ROWS_PER_UNNEST);
      const result = (await manager.query(
        sql,
        columns.map((_c, i) => chunk.map((row) => row[i])),
      )) as R[];
      if (returning) out.push(...result);
    }
    return out;
  }
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const values: unknown[] = [];
    const tuples = chunk.map((row) => {
      const placeholders = row.map((value) => {
        values.push(value);
        return `$${values.length}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    const sql = `INSERT INTO ${target} (${columns.map(quote).join(', ')}) VALUES ${tuples.join(', ')} ${options.onConflict ?? ''}${returning}`;
    const result = (await manager.query(sql, values)) as R[];
    if (returning) out.push(...result);
  }
  return out;
}
