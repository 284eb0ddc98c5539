import { DatabaseLogger, type DatabaseLogSink } from './database-logger.js';

function sink() {
  const lines: { level: string; fields: Record<string, unknown>; msg: string }[] = [];
  const at =
    (level: string) =>
    (fields: Record<string, unknown>, msg: string): void => {
      lines.push({ level, fields, msg });
    };
  return {
    lines,
    logger: { debug: at('debug'), info: at('info'), warn: at('warn') } as unknown as DatabaseLogSink,
  };
}

describe('DatabaseLogger', () => {
  it('logs a failed statement with its SQL and the number of its parameters, not their values', () => {
    const { lines, logger } = sink();
    const log = new DatabaseLogger('ingestion');
    log.useLogger(logger);
    const error = new Error('boom');
    log.logQueryError(error, 'INSERT INTO t (a, b) VALUES ($1, $2)', ['Ada Lovelace', 85000]);
    log.logQueryError('connection lost', 'SELECT 1');
    expect(lines).toEqual([
      {
        level: 'warn',
        msg: 'query failed',
        fields: {
          component: 'database',
          err: error,
          sql: 'INSERT INTO t (a, b) VALUES ($1, $2)',
          parameterCount: 2,
        },
      },
      {
        level: 'warn',
        msg: 'query failed',
        fields: expect.objectContaining({ sql: 'SELECT 1', parameterCount: 0 }) as unknown,
      },
    ]);
    expect((lines[1]?.fields['err'] as Error).message).toBe('connection lost');
    expect(JSON.stringify(lines)).not.toContain('Ada Lovelace');
  });

  it('logs slow statements, migrations and TypeORM messages; not every statement', () => {
    const { lines, logger } = sink();
    const log = new DatabaseLogger('scoring');
    log.useLogger(logger);
    log.logQuery();
    log.logQuerySlow(1_250, `SELECT '${'x'.repeat(3_000)}'`, { id: 'secret' });
    log.logMigration('Migration AddPredictions1763790000000 has been executed successfully.');
    log.log('warn', 'pool is full');
    log.log('info', { a: 1 });
    log.logSchemaBuild('creating table');
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      ['warn', 'slow query'],
      ['info', 'Migration AddPredictions1763790000000 has been executed successfully.'],
      ['warn', 'pool is full'],
      ['info', '{"a":1}'],
      ['debug', 'creating table'],
    ]);
    const slow = lines[0]!.fields;
    expect(slow).toMatchObject({ component: 'database', ms: 1_250, parameterCount: 1 });
    expect(String(slow['sql'])).toHaveLength(2_001); // cut at 2,000 characters and an ellipsis
    expect(JSON.stringify(lines)).not.toContain('secret');
  });
});
