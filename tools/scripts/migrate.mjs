// Applies a service's pending migrations: node tools/scripts/migrate.mjs apps/<svc>/dist/data-source.js [--revert]
// The same DataSource file the service runs with, so the CLI and the app can never disagree.
import 'reflect-metadata';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { runMigrations } from '@riskstream/persistence';

const [file, flag] = process.argv.slice(2);
if (!file) {
  console.error('usage: node tools/scripts/migrate.mjs apps/<svc>/dist/data-source.js [--revert]');
  process.exit(2);
}
try {
  const { default: dataSource } = await import(pathToFileURL(resolve(file)).href);
  if (flag === '--revert') {
    await dataSource.initialize();
    await dataSource.undoLastMigration({ transaction: 'each' });
    await dataSource.destroy();
    console.log(`${file}: reverted the last migration`);
  } else {
    const report = await runMigrations(dataSource);
    console.log(
      `${report.schema}: ${report.applied.length ? `applied ${report.applied.join(', ')}` : 'up to date'}`,
    );
  }
} catch (error) {
  console.error(`migration failed for ${file}: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
