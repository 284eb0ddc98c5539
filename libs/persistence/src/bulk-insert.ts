import type { EntityManager } from 'typeorm';
import { binaryArray, binaryArrayType, BinaryArrayValueError, type BinaryArrayType } from './binary-array.js';
import { insertOptimistically } from './optimistic-insert.js';

export interface BulkInsertOptions {
  /** e.g. `ON CONFLICT DO NOTHING` or `ON CONFLICT (id) DO UPDATE SET …`. */
  onConflict?: string;
  /**
   * With an `ON CONFLICT … DO NOTHING`: in a transaction, insert without it first and only after a unique
   * violation with it (see insertOptimistically). For tables where duplicates are rare.
   */
  optimistic?: boolean;
  /** Columns to return from the inserted rows. */
  returning?: readonly string[];
  /**
   * The columns' SQL types (`uuid`, `jsonb`, `timestamptz`…), one per column. With them each column is sent as one
   * array parameter and the rows are inserted from `unnest()`: the statement text no longer depends on the number
   * of rows, so PostgreSQL does not parse thousands of placeholders, and pg_stat_statements sees one statement
   * whatever the batch size; the services' connections prepare it once (StatementCachingClient) instead of
   * planning it on every call (30–110 µs, most for the predictions insert, per batch of ~10 rows at 500
   * applications/s). uuid, text, integer, bigint, boolean, double precision, json and jsonb columns go in
   * PostgreSQL's binary array format (see binaryArray), which the server reads without parsing; any other type as
   * text, cast by the statement (a timestamptz takes a Date or its text).
   *
   * A json/jsonb column takes the value itself (an object, array…), not its JSON text.
   */
  types?: readonly string[];
}

// Bounds one statement's parameters to a few MB.
const ROWS_PER_STATEMENT = 5_000;

const MAX_PARAMETERS = 60_000; // PostgreSQL's limit is 65,535 bind parameters per statement.
const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/** How a column travels: a binary array of its own type, or text cast to `cast`. */
type ColumnEncoding = { binary: BinaryArrayType } | { cast: string };

function encodingOf(table: string, type: string): ColumnEncoding {
  if (!/^[a-z][a-z0-9_ ]*$/i.test(type)) throw new Error(`bulkInsert ${table}: bad column type`);
  const binary = binaryArrayType(type);
  return binary ? { binary } : { cast: type.trim() };
}

/** A column's values as one array parameter; a value its type cannot take is named by column and row. */
function columnParameter(
  table: string,
  column: string,
  encoding: ColumnEncoding,
  values: unknown[],
  firstRow: number,
): Buffer {
  try {
    // A column sent as text goes as a text array: binaryArray writes each value's text (textOf).
    return binaryArray('binary' in encoding ? encoding.binary : 'text', values);
  } catch (error) {
    if (error instanceof BinaryArrayValueError)
      throw new Error(`bulkInsert ${table}: ${column} of row ${firstRow + error.index} ${error.reason}`);
    throw error;
  }
}

/** Runs the statement with its conflict clause, or optimistically without it first. */
function executor(
  manager: EntityManager,
  statement: (onConflict: string) => string,
  options: BulkInsertOptions,
) {
  const onConflict = options.onConflict ?? '';
  if (options.optimistic && !/\bDO\s+NOTHING\s*$/i.test(onConflict))
    throw new Error('bulkInsert: optimistic needs an ON CONFLICT … DO NOTHING');
  const full = statement(onConflict);
  if (!options.optimistic)
    return async <R>(parameters: unknown[]) => (await manager.query(full, parameters)) as R[];
  const plain = statement('');
  return <R>(parameters: unknown[]) => insertOptimistically<R>(manager, plain, full, parameters);
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
    const encodings = types.map((t) => encodingOf(table, t));
    const names = columns.map(quote).join(', ');
    const select = columns
      .map((c, i) => {
        const e = encodings[i]!;
        return 'cast' in e ? `u.${quote(c)}::${e.cast}` : `u.${quote(c)}`;
      })
      .join(', ');
    const arrays = encodings.map((e, i) => `$${i + 1}::${'binary' in e ? e.binary : 'text'}[]`).join(', ');
    const statement = (onConflict: string) =>
      `INSERT INTO ${target} (${names}) SELECT ${select} FROM unnest(${arrays}) AS u(${names}) ` +
      `${onConflict}${returning}`;
    const run = executor(manager, statement, options);
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
      const parameters = columns.map((column, c) =>
        columnParameter(
          table,
          column,
          encodings[c]!,
          chunk.map((row) => row[c]),
          start,
        ),
      );
      const result = await run<R>(parameters);
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
    const statement = (onConflict: string) =>
      `INSERT INTO ${target} (${columns.map(quote).join(', ')}) VALUES ${tuples.join(', ')} ${onConflict}${returning}`;
    const result = await executor(manager, statement, options)<R>(values);
    if (returning) out.push(...result);
  }
  return out;
}
