// The one DataSource of the features service, used by the app and by the migration CLI (tools/scripts/migrate.mjs).
import { loadConfig } from '@riskstream/config';
import { FEATURES_ENTITIES, FEATURES_MIGRATIONS, FEATURES_SCHEMA } from '@riskstream/features';
import { serviceDataSourceOptions } from '@riskstream/persistence';
import { DataSource } from 'typeorm';
import { FeaturesConfig } from './features.config.js';

const config = loadConfig(FeaturesConfig, process.env, 'features');

export default new DataSource(
  serviceDataSourceOptions({
    url: config.DATABASE_URL,
    schema: FEATURES_SCHEMA,
    serviceName: 'features',
    entities: FEATURES_ENTITIES,
    migrations: FEATURES_MIGRATIONS,
    poolSize: config.DATABASE_POOL_SIZE,
    statementCacheSize: config.DATABASE_STATEMENT_CACHE_SIZE,
    logLevel: config.LOG_LEVEL,
  }),
);
