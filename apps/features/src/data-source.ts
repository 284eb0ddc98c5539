// The one DataSource of the features service, used by the app and by the migration CLI (tools/scripts/migrate.mjs).
import { loadConfig } from '@riskstream/config';
import { serviceDataSourceOptions } from '@riskstream/persistence';
import { DataSource } from 'typeorm';
import { messagingTablesMigration, OutboxMessageEntity, ProcessedEventEntity } from '@riskstream/messaging';
import { FeaturesConfig } from './features.config.js';

const config = loadConfig(FeaturesConfig, process.env, 'features');

export default new DataSource(
  serviceDataSourceOptions({
    url: config.DATABASE_URL,
    schema: 'features',
    serviceName: 'features',
    entities: [ProcessedEventEntity, OutboxMessageEntity],
    migrations: [messagingTablesMigration('features', 1763780000000)],
    poolSize: config.DATABASE_POOL_SIZE,
  }),
);
