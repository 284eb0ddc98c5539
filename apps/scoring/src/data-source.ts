// The one DataSource of the scoring service, used by the app and by the migration CLI (tools/scripts/migrate.mjs).
import { loadConfig } from '@riskstream/config';
import { serviceDataSourceOptions } from '@riskstream/persistence';
import { SCORING_ENTITIES, SCORING_MIGRATIONS, SCORING_SCHEMA } from '@riskstream/prediction';
import { DataSource } from 'typeorm';
import { ScoringConfig } from './scoring.config.js';

const config = loadConfig(ScoringConfig, process.env, 'scoring');

export default new DataSource(
  serviceDataSourceOptions({
    url: config.DATABASE_URL,
    schema: SCORING_SCHEMA,
    serviceName: 'scoring',
    entities: SCORING_ENTITIES,
    migrations: SCORING_MIGRATIONS,
    poolSize: config.DATABASE_POOL_SIZE,
    statementCacheSize: config.DATABASE_STATEMENT_CACHE_SIZE,
    logLevel: config.LOG_LEVEL,
  }),
);
