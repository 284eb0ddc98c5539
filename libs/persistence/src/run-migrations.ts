import type { DataSource } from 'typeorm';

export interface MigrationReport {
  schema: string;
  applied: string[];
}

/**
 * Creates the service schema when missing (TypeORM keeps its migrations table inside it) and applies pending
 * migrations, each in its own transaction. Used by the `migrate` Nx target and by integration tests.
 */
export async function runMigrations(dataSource: DataSource): Promise<MigrationReport> {
  const schema = (dataSource.options as { schema?: string }).schema;
  if (!schema) throw new Error('data source has no schema: every service owns exactly one schema');
  const wasInitialized = dataSource.isInitialized;
  if (!wasInitialized) await dataSource.initialize();
  try {
    await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema.replace(/"/g, '""')}"`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return { schema, applied: applied.map((m) => m.name) };
  } finally {
    if (!wasInitialized) await dataSource.destroy();
  }
}
