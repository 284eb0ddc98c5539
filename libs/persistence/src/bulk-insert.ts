import type { EntityManager } from 'typeorm';
import { jsonArrayDocument } from './json-document.js';

export interface BulkInsertOptions {
  /** e.g. `ON CONFLICT DO NOTHING` or `ON CONFLICT (id) DO UPDATE SET …`. */
  onConflict?: string;
  /** Columns to return from the inserted rows. */
  returning?: readonly string[];
  /**
   * The columns' SQL types (`uuid`, `jsonb`, `timestamptz`…), one per column. With them the rows are sent as one
   * JSON document and inserted from `json_to_recordset()`: the statement text no longer depends on the number of
   * rows, so PostgreSQL parses and plans it once per connection instead of once per batch (and does not parse
   * thousands of placeholders), and the client serialises each row with a native `JSON.stringify` (into one
   * buffer: see jsonArrayDocument) instead of escaping every element of one array literal per column (a third of
   * the client's cost per row).
   *
   * Values then follow JSON: strings, finite numbers, booleans, null/undefined (NULL), Dates (ISO text) and
   * bigints (as text); a `json`/`jsonb` column takes the value itself (an object, array…), not its JSON text.
   */
  types?: readonly string[];
}

// Bounds one statement's JSON document to a few MB.
const ROWS_PER_STATEMENT = 5_000;

const MAX_PARAMETERS = 60_000; // PostgreSQL's limit is 65,535 bind parameters per statement.
const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/** A value as json_to_recordset() will read it; refuses what JSON would silently change. */
function jsonValue(table: string, column: string, jsonColumn: boolean, value: unknown, row: number): unknown {
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value))
        throw new Error(`bulkInsert ${table}: ${column} of row ${row} is ${value}, which JSON cannot carry`);
      return value;
    case 'bigint':
      return value.toString();
    case 'string':
      if (jsonColumn)
        throw new Error(
          `bulkInsert ${table}: ${column} of row ${row} is a string; pass the JSON value, not its text`,
        );
      return value;
    case 'function':
    case 'symbol':
      throw new Error(`bulkInsert ${table}: ${column} of row ${row} is a ${typeof value}`);
    default:
      if (Buffer.isBuffer(value)) throw new Error(`bulkInsert ${table}: ${column} of row ${row} is binary`);
      return value;
  }
}

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
    if (types.some((t) => !/^[a-z0-9_ ]+(\[\])?$/i.test(t)))
      throw new Error(`bulkInsert ${table}: bad column type`);
    const names = columns.map(quote).join(', ');
    const sql =
      `INSERT INTO ${target} (${names}) ` +
      `SELECT ${names} FROM json_to_recordset($1::json) AS u(${columns.map((c, i) => `${quote(c)} ${types[i]}`).join(', ')}) ` +
      `${options.onConflict ?? ''}${returning}`;
    const json = types.map((t) => /^jsonb?$/i.test(t.trim()));
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
      const records = chunk.map((row, r) => {
        const record: Record<string, unknown> = {};
        for (let i = 0; i < columns.length; i++)
          record[columns[i]!] = jsonValue(table, columns[i]!, json[i]!, row[i], start + r);
        return record;
      });
      const result = (await manager.query(sql, [jsonArrayDocument(records)])) as R[];
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
