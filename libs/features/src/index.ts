import {
  messagingTablesMigration,
  OutboxBatchEntity,
  OutboxMessageEntity,
  ProcessedEventEntity,
  messagingTableUpgrades,
} from '@riskstream/messaging';
import { appendOnlyVacuumMigration, keyedTableStatisticsMigration } from '@riskstream/persistence';
import { AddFeatureJoinTables1763790000000 } from './migrations/1763790000000-add-feature-join-tables.js';
import { KeepPayloadWhilePending1763810000001 } from './migrations/1763810000001-keep-payload-while-pending.js';
import { StorePendingPayloadAsJson1763850000000 } from './migrations/1763850000000-store-pending-payload-as-json.js';
import { KeepReportDataQualityFlags1764000000000 } from './migrations/1764000000000-keep-report-data-quality-flags.js';

export * from './features.module.js';
export * from './application/features.settings.js';
export * from './application/bureau-grace.sweeper.js';

export const FEATURES_SCHEMA = 'features';
export const FEATURES_ENTITIES = [ProcessedEventEntity, OutboxBatchEntity, OutboxMessageEntity];
export const FEATURES_MIGRATIONS = [
  messagingTablesMigration('features', 1763780000000),
  AddFeatureJoinTables1763790000000,
  ...messagingTableUpgrades('features'),
  KeepPayloadWhilePending1763810000001,
  StorePendingPayloadAsJson1763850000000,
  // Written once per application; only the few parked for their bureau report are updated.
  appendOnlyVacuumMigration('AppendOnlyVacuumFeatures', 1763860000000, ['features.applications']),
  keyedTableStatisticsMigration('KeyedTableStatisticsFeatures', 1763870000000, [
    'features.applications',
    'features.credit_reports',
  ]),
  KeepReportDataQualityFlags1764000000000,
];
