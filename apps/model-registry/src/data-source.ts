// The one DataSource of the model-registry service, used by the app and by the migration CLI (tools/scripts/migrate.mjs).
import { loadConfig } from '@riskstream/config';
import { serviceDataSourceOptions } from '@riskstream/persistence';
import { DataSource } from 'typeorm';
import { messagingTablesMigration, OutboxMessageEntity, ProcessedEventEntity } from '@riskstream/messaging';
import { ModelRegistryConfig } from './model-registry.config.js';

const config = loadConfig(ModelRegistryConfig, process.env, 'model-registry');

export default new DataSource(
  serviceDataSourceOptions({
    url: config.DATABASE_URL,
    schema: 'model_registry',
    serviceName: 'model-registry',
    entities: [ProcessedEventEntity, OutboxMessageEntity],
    migrations: [messagingTablesMigration('model_registry', 1763780000000)],
    poolSize: config.DATABASE_POOL_SIZE,
  }),
);
