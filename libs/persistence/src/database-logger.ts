import { createLogger } from '@riskstream/observability';
import type { Logger as PinoLogger, LevelWithSilent } from 'pino';
import type { Logger as TypeOrmLogger } from 'typeorm';

/** What DatabaseLogger writes to: the service's pino logger. */
export type DatabaseLogSink = Pick<PinoLogger, 'debug' | 'info' | 'warn'>;

// A statement's text is kept whole up to here: enough to recognise any of ours.
const SQL_CHARS = 2_000;

const sqlOf = (query: string) => (query.length > SQL_CHARS ? `${query.slice(0, SQL_CHARS)}…` : query);
const countOf = (parameters: unknown) =>
  Array.isArray(parameters) ? parameters.length : parameters ? Object.keys(parameters).length : 0;

/**
 * TypeORM's logger for the services and the migration CLI: JSON lines through pino, with the service's trace
 * context and redaction, instead of TypeORM's console lines. A failed or slow statement is logged with its SQL and
 * the number of its parameters, never their values (applications, bureau reports: personal data). Every statement
 * is not logged (spans and pg_stat_statements show them).
 *
 * Until the service's own logger is attached (DatabaseModule does it at start) it writes through a logger of its
 * own, at the service's log level: the migration CLI uses that one.
 */
export class DatabaseLogger implements TypeOrmLogger {
  private sink?: DatabaseLogSink;

  constructor(
    private readonly serviceName: string,
    private readonly level: LevelWithSilent = 'info',
  ) {}

  /** Writes to `logger` from now on. */
  useLogger(logger: DatabaseLogSink): void {
    this.sink = logger;
  }

  private out(): DatabaseLogSink {
    this.sink ??= createLogger({ serviceName: this.serviceName, level: this.level });
    return this.sink;
  }

  logQuery(): void {
    // Not every statement: spans and pg_stat_statements have them.
  }

  logQueryError(error: string | Error, query: string, parameters?: unknown): void {
    this.out().warn(
      {
        component: 'database',
        err: error instanceof Error ? error : new Error(String(error)),
        sql: sqlOf(query),
        parameterCount: countOf(parameters),
      },
      'query failed',
    );
  }

  logQuerySlow(time: number, query: string, parameters?: unknown): void {
    this.out().warn(
      { component: 'database', ms: time, sql: sqlOf(query), parameterCount: countOf(parameters) },
      'slow query',
    );
  }

  logSchemaBuild(message: string): void {
    this.out().debug({ component: 'database' }, message);
  }

  logMigration(message: string): void {
    this.out().info({ component: 'database' }, message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    const text = typeof message === 'string' ? message : JSON.stringify(message);
    if (level === 'warn') this.out().warn({ component: 'database' }, text);
    else this.out().info({ component: 'database' }, text);
  }
}
