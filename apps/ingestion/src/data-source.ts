// The one DataSource of the ingestion service, used by the app and by the migration CLI (tools/scripts/migrate.mjs).
import { loadConfig } from '@riskstream/config';
import { serviceDataSourceOptions } from '@riskstream/persistence';
import { DataSource } from 'typeorm';
import { INGESTION_ENTITIES, INGESTION_MIGRATIONS, INGESTION_SCHEMA } from '@riskstream/ingestion';
import { IngestionConfig } from './ingestion.config.js';

const config = loadConfig(IngestionConfig, process.env, 'ingestion');

export default new DataSource(
  serviceDataSourceOptions({
    url: config.DATABASE_URL,
    schema: INGESTION_SCHEMA,
    serviceName: 'ingestion',
    entities: INGESTION_ENTITIES,
    migrations: INGESTION_MIGRATIONS,
    poolSize: config.DATABASE_POOL_SIZE,
    statementCacheSize: config.DATABASE_STATEMENT_CACHE_SIZE,
    logLevel: config.LOG_LEVEL,
  }),
);
