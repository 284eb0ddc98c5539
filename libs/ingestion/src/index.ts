import {
  OutboxBatchEntity,
  OutboxMessageEntity,
  ProcessedEventEntity,
  messagingTableUpgrades,
} from '@riskstream/messaging';
import { appendOnlyVacuumMigration, keyedTableStatisticsMigration } from '@riskstream/persistence';
import { CreateIngestionSchema1763780000000 } from './migrations/1763780000000-create-ingestion-schema.js';
import { AddCreditReports1763790000000 } from './migrations/1763790000000-add-credit-reports.js';
import { DropUnreadCustomerIndexes1763820000000 } from './migrations/1763820000000-drop-unread-customer-indexes.js';
import { StorePayloadsAsJson1763850000000 } from './migrations/1763850000000-store-payloads-as-json.js';

export * from './ingestion.module.js';

export const INGESTION_SCHEMA = 'ingestion';
// Intake tables are written with multi-row SQL (bulkInsert) and defined by the migrations; only the inbox and
// outbox have entity classes, as in every other service.
export const INGESTION_ENTITIES = [ProcessedEventEntity, OutboxBatchEntity, OutboxMessageEntity];
export const INGESTION_MIGRATIONS = [
  CreateIngestionSchema1763780000000,
  AddCreditReports1763790000000,
  ...messagingTableUpgrades('ingestion'),
  DropUnreadCustomerIndexes1763820000000,
  StorePayloadsAsJson1763850000000,
  appendOnlyVacuumMigration('AppendOnlyVacuumIngestion', 1763860000000, [
    'ingestion.loan_applications',
    'ingestion.credit_reports',
  ]),
  keyedTableStatisticsMigration('KeyedTableStatisticsIngestion', 1763870000000, [
    'ingestion.loan_applications',
    'ingestion.credit_reports',
  ]),
];
