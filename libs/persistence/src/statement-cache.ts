import { createHash } from 'node:crypto';
import pg from 'pg';

/** Texts counted towards the threshold at most; the count starts over beyond it (one-off texts do not pile up). */
const MAX_COUNTED_TEXTS = 1_000;

/**
 * Which statement texts a connection runs as named prepared statements: a parameterised text seen `threshold`
 * times is prepared under a name derived from its text, and from then on sent as that name with its parameters.
 *
 * Why: node-postgres sends every parameterised query as an unnamed statement, which PostgreSQL parses, analyses
 * and plans on every execution. The services run the same few dozen texts thousands of times a minute in small
 * transactions (at 500 applications/s a statement holds ~10 rows), where planning alone measured 30–110 µs per
 * call against a few hundred of execution; a prepared statement is parsed once per connection and, after five
 * executions, PostgreSQL keeps a generic plan when it costs no more than the custom ones (plan_cache_mode auto).
 *
 * At most `size` texts are prepared per connection, first come: the hot statements of a service are its first
 * ones, and texts that differ per call (a placeholder per row) rarely reach the threshold. No eviction, so no
 * DEALLOCATE in the middle of someone's pipeline. Texts without parameters keep the simple query protocol (it
 * allows several statements in one text, as migrations send them).
 */
export class StatementCache {
  private readonly counts = new Map<string, number>();
  private readonly names = new Map<string, string>();

  constructor(
    readonly size: number,
    readonly threshold = 2,
  ) {
    if (!Number.isInteger(size) || size < 0)
      throw new Error(`statement cache size must be an integer ≥ 0, got ${size}`);
    if (!Number.isInteger(threshold) || threshold < 1)
      throw new Error(`statement cache threshold must be an integer ≥ 1, got ${threshold}`);
  }

  /** The name to run `text` under, or undefined to send it unnamed this time. */
  nameFor(text: string): string | undefined {
    const name = this.names.get(text);
    if (name !== undefined || this.names.size >= this.size) return name;
    const count = (this.counts.get(text) ?? 0) + 1;
    if (count < this.threshold) {
      if (this.counts.size >= MAX_COUNTED_TEXTS) this.counts.clear();
      this.counts.set(text, count);
      return undefined;
    }
    this.counts.delete(text);
    const prepared = statementName(text);
    this.names.set(text, prepared);
    return prepared;
  }

  /** How many texts this connection has prepared. */
  get prepared(): number {
    return this.names.size;
  }
}

/**
 * `rs_<command>_<hash>`: the same on every connection and every process for the same text (pg_prepared_statements
 * and traces read alike everywhere), and the SQL command first so a span named after it still says what it does.
 */
export function statementName(text: string): string {
  const command = /^\s*([a-z]+)/i.exec(text)?.[1]?.toLowerCase() ?? 'statement';
  return `rs_${command}_${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
}

/** node-postgres's ClientConfig plus the cache's size, which the pool passes to each new client. */
export interface StatementCachingClientConfig extends pg.ClientConfig {
  /** Texts prepared per connection; 0 prepares none (e.g. behind PgBouncer in transaction mode before 1.21). */
  statementCacheSize?: number;
}

type QueryArguments = [config: unknown, values?: unknown, callback?: unknown];
type Query = (this: pg.Client, ...args: QueryArguments) => unknown;

/**
 * node-postgres's Client with a StatementCache: given to the pool as its `Client` (serviceDataSourceOptions does).
 * Every other query passes through unchanged, to the prototype's `query` as patched by the instrumentation.
 */
export class StatementCachingClient extends pg.Client {
  readonly statements: StatementCache;

  constructor(config: StatementCachingClientConfig) {
    super(config);
    this.statements = new StatementCache(config.statementCacheSize ?? 0);
    if (this.statements.size === 0) return;
    const statements = this.statements;
    const prototypeQuery = (): Query => (pg.Client.prototype as unknown as { query: Query }).query;
    // An own property in front of the prototype's overloads (TypeScript cannot override them one by one).
    Object.defineProperty(this, 'query', {
      configurable: true,
      writable: true,
      value: function query(this: pg.Client, ...args: QueryArguments): unknown {
        const [text, values, callback] = args;
        if (typeof text === 'string' && Array.isArray(values) && values.length > 0) {
          const name = statements.nameFor(text);
          if (name !== undefined) return prototypeQuery().call(this, { name, text, values }, callback);
        }
        return prototypeQuery().apply(this, args);
      },
    });
  }
}
