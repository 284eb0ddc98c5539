// The one DataSource of the scoring service, used by the app and by the migration CLI (tools/scripts/migrate.mjs).
import { loadConfig } from '@riskstream/config';
import { serviceDataSourceOptions } from '@riskstream/persistence';
import { DataSource } from 'typeorm';
import { messagingTablesMigration, OutboxMessageEntity, ProcessedEventEntity } from '@riskstream/messaging';
import { ScoringConfig } from './scoring.config.js';

const config = loadConfig(ScoringConfig, process.env, 'scoring');

export default new DataSource(
  serviceDataSourceOptions({
    url: config.DATABASE_URL,
    schema: 'scoring',
    serviceName: 'scoring',
    entities: [ProcessedEventEntity, OutboxMessageEntity],
    migrations: [messagingTablesMigration('scoring', 1763780000000)],
    poolSize: config.DATABASE_POOL_SIZE,
  }),
);
