import type { EntityManager } from 'typeorm';

export interface BulkInsertOptions {
  /** e.g. `ON CONFLICT DO NOTHING` or `ON CONFLICT (id) DO UPDATE SET …`. */
  onConflict?: string;
  /** Columns to return from the inserted rows. */
  returning?: readonly string[];
}

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
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const values: unknown[] = [];
    const tuples = chunk.map((row) => {
      if (row.length !== columns.length)
        throw new Error(`bulkInsert ${table}: row has ${row.length} values, expected ${columns.length}`);
      const placeholders = row.map((value) => {
        values.push(value);
        return `$${values.length}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    const returning = options.returning?.length
      ? ` RETURNING ${options.returning.map(quote).join(', ')}`
      : '';
    const sql = `INSERT INTO ${target} (${columns.map(quote).join(', ')}) VALUES ${tuples.join(', ')} ${options.onConflict ?? ''}${returning}`;
    const result = (await manager.query(sql, values)) as R[];
    if (returning) out.push(...result);
  }
  return out;
}
