import { growingTableVacuumMigration } from '@riskstream/persistence';

/** One prediction per application and model version: a short autovacuum pass every 20,000 inserts. */
export const ScoringGrowingTablesVacuum1763840000000 = growingTableVacuumMigration(
  'ScoringGrowingTablesVacuum1763840000000',
  ['scoring.predictions'],
);
