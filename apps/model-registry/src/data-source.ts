// The one DataSource of the model-registry service, used by the app and by the migration CLI (tools/scripts/migrate.mjs).
import { loadConfig } from '@riskstream/config';
import {
  MODEL_REGISTRY_ENTITIES,
  MODEL_REGISTRY_MIGRATIONS,
  MODEL_REGISTRY_SCHEMA,
} from '@riskstream/model-registry';
import { serviceDataSourceOptions } from '@riskstream/persistence';
import { DataSource } from 'typeorm';
import { ModelRegistryConfig } from './model-registry.config.js';

const config = loadConfig(ModelRegistryConfig, process.env, 'model-registry');

export default new DataSource(
  serviceDataSourceOptions({
    url: config.DATABASE_URL,
    schema: MODEL_REGISTRY_SCHEMA,
    serviceName: 'model-registry',
    entities: MODEL_REGISTRY_ENTITIES,
    migrations: MODEL_REGISTRY_MIGRATIONS,
    poolSize: config.DATABASE_POOL_SIZE,
    statementCacheSize: config.DATABASE_STATEMENT_CACHE_SIZE,
    logLevel: config.LOG_LEVEL,
  }),
);
