import { growingTableVacuumMigration } from '@riskstream/persistence';

/** The intake records grow by one row per event: a short autovacuum pass every 20,000 inserts. */
export const IngestionGrowingTablesVacuum1763840000000 = growingTableVacuumMigration(
  'IngestionGrowingTablesVacuum1763840000000',
  ['ingestion.loan_applications', 'ingestion.credit_reports', 'ingestion.rejected_events'],
);
