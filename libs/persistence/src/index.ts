export * from './data-source-options.js';
export * from './run-migrations.js';
export * from './bulk-insert.js';
export * from './database.module.js';
export * from './pipelined-transaction.js';
export * from './append-only-vacuum.js';
export * from './binary-array.js';
export * from './optimistic-insert.js';
