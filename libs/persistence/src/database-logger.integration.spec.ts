import { Writable } from 'node:stream';
import { createLogger } from '@riskstream/observability';
import { DataSource } from 'typeorm';
import { DatabaseLogger } from './database-logger.js';
import { serviceDataSourceOptions } from './data-source-options.js';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://riskstream:riskstream@127.0.0.1:5433/riskstream';

describe('DatabaseLogger on a service DataSource (real PostgreSQL)', () => {
  const dataSource = new DataSource(
    serviceDataSourceOptions({
      url: DATABASE_URL,
      schema: 'public',
      serviceName: 'database-logger-test',
      entities: [],
      migrations: [],
      poolSize: 1,
    }),
  );
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      callback();
    },
  });

  beforeAll(async () => {
    await dataSource.initialize();
    (dataSource.logger as DatabaseLogger).useLogger(
      createLogger({ serviceName: 'database-logger-test', destination }),
    );
  });

  afterAll(async () => {
    await dataSource.destroy();
  });

  it('a failed statement is one JSON line, and neither it nor the error the caller logs has the values', async () => {
    expect(dataSource.logger).toBeInstanceOf(DatabaseLogger);
    const failed = await dataSource
      .query(`SELECT $1::int AS income, $2::text AS name, 1 / 0 AS boom`, ['85000', 'Ada Lovelace'])
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failed).toMatchObject({ code: '22012' }); // division_by_zero
    // What a caller does with it: log it with the same logger settings.
    createLogger({ serviceName: 'database-logger-test', destination }).warn({ err: failed }, 'batch failed');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: 'warn',
      service: 'database-logger-test',
      component: 'database',
      msg: 'query failed',
      sql: 'SELECT $1::int AS income, $2::text AS name, 1 / 0 AS boom',
      parameterCount: 2,
      err: { code: '22012', message: 'division by zero' },
    });
    expect(lines[1]).toMatchObject({ msg: 'batch failed', err: { parameters: '[REDACTED]', code: '22012' } });
    expect(JSON.stringify(lines)).not.toContain('Ada Lovelace');
    expect(JSON.stringify(lines)).not.toContain('85000');
  });
});
