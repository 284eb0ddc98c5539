// The one DataSource of the gateway service, used by the app and by the migration CLI (tools/scripts/migrate.mjs).
import { loadConfig } from '@riskstream/config';
import { serviceDataSourceOptions } from '@riskstream/persistence';
import { DataSource } from 'typeorm';
import { GATEWAY_ENTITIES, GATEWAY_MIGRATIONS, GATEWAY_SCHEMA } from '@riskstream/gateway-api';
import { GatewayConfig } from './gateway.config.js';

const config = loadConfig(GatewayConfig, process.env, 'gateway');

export default new DataSource(
  serviceDataSourceOptions({
    url: config.DATABASE_URL,
    schema: GATEWAY_SCHEMA,
    serviceName: 'gateway',
    entities: GATEWAY_ENTITIES,
    migrations: GATEWAY_MIGRATIONS,
    poolSize: config.DATABASE_POOL_SIZE,
    statementCacheSize: config.DATABASE_STATEMENT_CACHE_SIZE,
    logLevel: config.LOG_LEVEL,
  }),
);
