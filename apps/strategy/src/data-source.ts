// The one DataSource of the strategy service, used by the app and by the migration CLI (tools/scripts/migrate.mjs).
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
import { StrategyConfig } from './strategy.config.js';

const config = loadConfig(StrategyConfig, process.env, 'strategy');

export default new DataSource(
  serviceDataSourceOptions({
    url: config.DATABASE_URL,
    schema: 'strategy',
    serviceName: 'strategy',
    entities: [ProcessedEventEntity, OutboxBatchEntity, OutboxMessageEntity],
    migrations: [messagingTablesMigration('strategy', 1763780000000), ...messagingTableUpgrades('strategy')],
    poolSize: config.DATABASE_POOL_SIZE,
    statementCacheSize: config.DATABASE_STATEMENT_CACHE_SIZE,
    logLevel: config.LOG_LEVEL,
  }),
);
