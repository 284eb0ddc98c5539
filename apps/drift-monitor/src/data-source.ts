// The one DataSource of the drift-monitor service, used by the app and by the migration CLI (tools/scripts/migrate.mjs).
import { loadConfig } from '@riskstream/config';
import { serviceDataSourceOptions } from '@riskstream/persistence';
import { DataSource } from 'typeorm';
import {
  messagingTablesMigration,
  OutboxBatchEntity,
  OutboxMessageEntity,
  ProcessedEventEntity,
  messagingTableUpgrades,
} from '@riskstream/messaging';
import { DriftMonitorConfig } from './drift-monitor.config.js';

const config = loadConfig(DriftMonitorConfig, process.env, 'drift-monitor');

export default new DataSource(
  serviceDataSourceOptions({
    url: config.DATABASE_URL,
    schema: 'drift_monitor',
    serviceName: 'drift-monitor',
    entities: [ProcessedEventEntity, OutboxBatchEntity, OutboxMessageEntity],
    migrations: [
      messagingTablesMigration('drift_monitor', 1763780000000),
      ...messagingTableUpgrades('drift_monitor'),
    ],
    poolSize: config.DATABASE_POOL_SIZE,
    statementCacheSize: config.DATABASE_STATEMENT_CACHE_SIZE,
    logLevel: config.LOG_LEVEL,
  }),
);
