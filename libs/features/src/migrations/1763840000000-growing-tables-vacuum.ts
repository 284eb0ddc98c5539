import { growingTableVacuumMigration } from '@riskstream/persistence';

/** One row per application and per report: a short autovacuum pass every 20,000 inserts. */
export const FeaturesGrowingTablesVacuum1763840000000 = growingTableVacuumMigration(
  'FeaturesGrowingTablesVacuum1763840000000',
  ['features.applications', 'features.credit_reports'],
);
