import type { LevelWithSilent } from 'pino';
import type { DataSourceOptions, EntitySchema, MixedList } from 'typeorm';
import { DatabaseLogger } from './database-logger.js';
import { StatementCachingClient } from './statement-cache.js';

export interface ServiceDataSourceSettings {
  /** postgres://user:password@host:port/database */
  url: string;
  /** Each service owns one PostgreSQL schema; nobody else writes to it. */
  schema: string;
  serviceName: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own entity list type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own migration list type
  migrations: MixedList<Function | string>;
  poolSize?: number;
  /**
   * Parameterised statement texts each connection prepares once and then runs by name (StatementCache); 0 sends
   * every statement unnamed, as node-postgres does by default. Default 100.
   */
  statementCacheSize?: number;
  /** The service's LOG_LEVEL, for what TypeORM logs before the service's logger is attached (the CLI). */
  logLevel?: LevelWithSilent;
}

/** Statement texts prepared per connection when the service does not say (see StatementCache). */
export const DEFAULT_STATEMENT_CACHE_SIZE = 100;

/** A statement that takes longer is logged (with its SQL, without its parameters). */
export const SLOW_QUERY_MS = 1_000;

/**
 * The one way a service describes its database: explicit migrations, never `synchronize`, its own schema and
 * its own migrations table, so services can be migrated and rolled back independently.
 */
export function serviceDataSourceOptions(settings: ServiceDataSourceSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    schema: settings.schema,
    entities: settings.entities,
    migrations: settings.migrations,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    // Failures, slow statements and migrations as JSON lines, without parameter values (see DatabaseLogger).
    logger: new DatabaseLogger(settings.serviceName, settings.logLevel),
    maxQueryExecutionTime: SLOW_QUERY_MS,
    applicationName: `riskstream-${settings.serviceName}`,
    extra: {
      max: settings.poolSize ?? 10,
      // A fixed-size pool once grown: a new PostgreSQL backend costs a fork, SCRAM authentication and cold
      // catalog caches, tens of milliseconds that showed up as latency spikes when an idle pool shrank and regrew.
      min: settings.poolSize ?? 10,
      // Fail fast instead of queueing forever when the database is unreachable.
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
      // node-postgres's pipeline mode: a query is sent without waiting for the previous one's answer (the server
      // runs them in order). Sequential code behaves as before; pipelinedTransaction and Promise.all of
      // independent statements save their round trips. Cursors and streamed results are refused in this mode.
      pipeline: true,
      // Hot statements parsed and planned once per connection instead of on every call (see StatementCache).
      Client: StatementCachingClient,
      statementCacheSize: settings.statementCacheSize ?? DEFAULT_STATEMENT_CACHE_SIZE,
    },
  };
}
