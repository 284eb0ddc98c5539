import { Writable } from 'node:stream';
import { trace } from '@opentelemetry/api';
import { shutdownTracing, startTracing } from '../tracing/start-tracing.js';
import { createLogger } from './create-logger.js';

function memoryLogger() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      callback();
    },
  });
  return { lines, logger: createLogger({ serviceName: 'scorer', level: 'debug', destination }) };
}

describe('createLogger', () => {
  beforeAll(() => {
    startTracing({ serviceName: 'scorer', registerEsmHook: false });
  });

  afterAll(async () => {
    await shutdownTracing();
  });

  it('writes JSON with service, level label and ISO time', () => {
    const { lines, logger } = memoryLogger();
    logger.info('started');
    expect(lines[0]).toMatchObject({ level: 'info', service: 'scorer', msg: 'started' });
    expect(String(lines[0]?.['time'])).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('redacts personal fields at the top level and nested at any depth', () => {
    const { lines, logger } = memoryLogger();
    const applicant = {
      name: 'Ada Lovelace',
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.com',
      phone: '+44 20 0000 0000',
      nationalId: 'AB123456C',
      dateOfBirth: '1815-12-10',
      address: '12 St James Square',
      iban: 'GB33BUKB20201555555555',
      annualIncome: 85000,
      bankBalance: 1200.5,
      age: 36,
      creditScore: 710,
    };
    logger.info(
      {
        email: 'top@example.com',
        password: 'hunter2',
        applicant,
        payload: { applicant, loanId: 'loan-1' },
        message: { value: { payload: { applicant } } },
        applicants: [applicant],
      },
      'scored',
    );
    const line = lines[0] ?? {};
    const serialized = JSON.stringify(line);
    for (const secret of [
      'Ada',
      'Lovelace',
      'example.com',
      '+44',
      'AB123456C',
      '1815',
      'St James',
      'GB33',
      '85000',
      '1200.5',
      'hunter2',
    ]) {
      expect(serialized).not.toContain(secret);
    }
    expect(line).toMatchObject({
      email: '[REDACTED]',
      password: '[REDACTED]',
      applicant: { annualIncome: '[REDACTED]', name: '[REDACTED]', age: 36, creditScore: 710 },
      payload: { applicant: { bankBalance: '[REDACTED]', iban: '[REDACTED]', age: 36 }, loanId: 'loan-1' },
      message: { value: { payload: { applicant: { email: '[REDACTED]', age: 36 } } } },
      applicants: [{ nationalId: '[REDACTED]', age: 36 }],
    });
  });

  it('redacts at any depth, inside class instances, without touching the caller objects', () => {
    class ApplicantDto {
      constructor(
        readonly email: string,
        readonly age: number,
      ) {}
    }
    const { lines, logger } = memoryLogger();
    const deep = { a: { b: { c: { d: { e: { f: { iban: 'DE89370400440532013000', keep: 1 } } } } } } };
    const dto = new ApplicantDto('dto@example.com', 51);
    logger.info({ deep, dto });

    expect(lines[0]).toMatchObject({
      deep: { a: { b: { c: { d: { e: { f: { iban: '[REDACTED]', keep: 1 } } } } } } },
      dto: { email: '[REDACTED]', age: 51 },
    });
    expect(deep.a.b.c.d.e.f.iban).toBe('DE89370400440532013000');
    expect(dto.email).toBe('dto@example.com');
  });

  it('replaces objects nested deeper than it inspects instead of logging them unredacted', () => {
    const { lines, logger } = memoryLogger();
    let nested: Record<string, unknown> = { email: 'deep@example.com' };
    for (let level = 0; level < 12; level += 1) nested = { next: nested };
    logger.info({ nested });
    expect(JSON.stringify(lines[0])).not.toContain('deep@example.com');
    expect(JSON.stringify(lines[0])).toContain('[Truncated]');
  });

  it('survives circular references', () => {
    const { lines, logger } = memoryLogger();
    const node: Record<string, unknown> = { email: 'loop@example.com' };
    node['self'] = node;
    logger.info({ node });
    expect(JSON.stringify(lines[0])).not.toContain('loop@example.com');
    expect(lines[0]).toMatchObject({ node: { email: '[REDACTED]' } });
  });

  it('redacts credentials in serialized requests', () => {
    const { lines, logger } = memoryLogger();
    logger.info({
      req: { method: 'GET', headers: { authorization: 'Bearer abc', cookie: 'sid=1', accept: '*/*' } },
    });
    expect(lines[0]?.['req']).toEqual({
      method: 'GET',
      headers: { authorization: '[REDACTED]', cookie: '[REDACTED]', accept: '*/*' },
    });
  });

  it('redacts child logger bindings too', () => {
    const { lines, logger } = memoryLogger();
    logger.child({ applicant: { email: 'x@example.com' } }).info('bound');
    expect(JSON.stringify(lines[0])).not.toContain('x@example.com');
  });

  it('adds trace_id and span_id of the active span', () => {
    const { lines, logger } = memoryLogger();
    const tracer = trace.getTracer('test');
    const ids = tracer.startActiveSpan('work', (span) => {
      logger.info('inside');
      span.end();
      return span.spanContext();
    });
    logger.info('outside');

    expect(ids.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(ids.traceId).not.toBe('0'.repeat(32));
    expect(lines[0]).toMatchObject({ trace_id: ids.traceId, span_id: ids.spanId, trace_flags: '01' });
    expect(lines[1]).not.toHaveProperty('trace_id');
  });

  it("censors a failed query's parameters and a PostgreSQL error's row detail, at any depth of the error", () => {
    const { lines, logger } = memoryLogger();
    // The shape of node-postgres's DatabaseError and of TypeORM's QueryFailedError around it.
    const driverError = Object.assign(new Error('null value in column "note" violates not-null constraint'), {
      severity: 'ERROR',
      code: '23502',
      detail: 'Failing row contains (Ada Lovelace, 85000, null).',
      table: 'loan_applications',
      column: 'note',
    });
    class QueryFailedError extends Error {}
    const queryFailed = Object.assign(new QueryFailedError(driverError.message), {
      query: 'INSERT INTO ingestion.loan_applications (payload) VALUES ($1)',
      parameters: [{ annualIncome: 85000, name: 'Ada Lovelace' }],
      driverError,
      code: '23502',
      severity: 'ERROR',
      detail: driverError.detail,
      cause: driverError,
    });
    logger.warn({ err: queryFailed }, 'batch failed');
    logger.error(driverError);
    // Data in a plain object the error holds is censored in the line, not in the caller's object.
    const request = { parameters: ['Ada Lovelace'] };
    logger.warn({ err: Object.assign(new Error('upstream failed'), { request }) }, 'y');
    // Outside a PostgreSQL error a `detail` is just a field.
    logger.warn({ err: Object.assign(new Error('bad request'), { detail: 'amount must be positive' }) }, 'x');
    const text = JSON.stringify(lines);
    expect(text).not.toContain('Ada Lovelace');
    expect(text).not.toContain('85000');
    expect(lines[0]?.['err']).toMatchObject({
      type: 'QueryFailedError',
      query: 'INSERT INTO ingestion.loan_applications (payload) VALUES ($1)',
      parameters: '[REDACTED]',
      code: '23502',
      detail: '[REDACTED]',
      driverError: { code: '23502', table: 'loan_applications', column: 'note', detail: '[REDACTED]' },
    });
    expect(lines[1]?.['err']).toMatchObject({ code: '23502', detail: '[REDACTED]', column: 'note' });
    expect(lines[2]?.['err']).toMatchObject({ request: { parameters: '[REDACTED]' } });
    expect(request.parameters).toEqual(['Ada Lovelace']);
    expect(lines[3]?.['err']).toMatchObject({ message: 'bad request', detail: 'amount must be positive' });
  });
});
