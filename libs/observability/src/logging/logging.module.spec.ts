import { Writable } from 'node:stream';
import {
  Controller,
  Get,
  Inject,
  Injectable,
  Logger as NestLogger,
  Module,
  type INestApplication,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Logger } from 'pino';
import request from 'supertest';
import { createLogger } from './create-logger.js';
import { LOGGER } from './logging.constants.js';
import { LoggingModule } from './logging.module.js';
import { PinoLoggerService } from './pino-logger.service.js';

type Line = Record<string, unknown>;

function memoryLogger(): { lines: Line[]; logger: Logger } {
  const lines: Line[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString()) as Line);
      callback();
    },
  });
  return { lines, logger: createLogger({ serviceName: 'gateway', level: 'trace', destination }) };
}

@Controller()
class LoansController {
  private readonly logger = new NestLogger(LoansController.name);

  @Get('loans')
  list(): { ok: boolean } {
    this.logger.log('listing loans', { count: 2 });
    return { ok: true };
  }

  @Get('health/live')
  live(): string {
    return 'ok';
  }

  @Get('boom')
  boom(): never {
    throw new Error('kaput');
  }
}

describe('LoggingModule', () => {
  let app: INestApplication;
  let lines: Line[];

  beforeEach(async () => {
    const memory = memoryLogger();
    lines = memory.lines;
    const moduleRef = await Test.createTestingModule({
      imports: [LoggingModule.forRoot({ serviceName: 'gateway', logger: memory.logger })],
      controllers: [LoansController],
    }).compile();
    app = moduleRef.createNestApplication({ bufferLogs: true });
    app.useLogger(app.get(PinoLoggerService));
    await app.init();
  });

  afterEach(async () => {
    await app.close();
  });

  const requestLines = (): Line[] =>
    lines.filter((line) => line['msg'] === 'request completed' || line['msg'] === 'request errored');

  it('logs each request once with the caller request id and echoes it back', async () => {
    const response = await request(app.getHttpServer())
      .get('/loans?page=1')
      .set('x-request-id', 'req-123')
      .set('authorization', 'Bearer secret-token')
      .set('cookie', 'session=abc')
      .expect(200);

    expect(response.headers['x-request-id']).toBe('req-123');
    const [line, ...rest] = requestLines();
    expect(rest).toHaveLength(0);
    expect(line).toMatchObject({
      level: 'info',
      service: 'gateway',
      req: { id: 'req-123', method: 'GET', url: '/loans?page=1' },
      res: { statusCode: 200 },
    });
    expect(typeof line?.['responseTime']).toBe('number');
    const headers = (line?.['req'] as { headers: Record<string, string> }).headers;
    expect(headers['authorization']).toBe('[REDACTED]');
    expect(headers['cookie']).toBe('[REDACTED]');
    expect(JSON.stringify(lines)).not.toContain('secret-token');
  });

  it('generates a request id when none (or an unsafe one) is sent', async () => {
    const response = await request(app.getHttpServer())
      .get('/loans')
      .set('x-request-id', 'bad id {"forged":1}');
    const id = response.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestLines()[0]).toMatchObject({ req: { id } });
  });

  it('logs 5xx responses at error level and skips probe paths', async () => {
    await request(app.getHttpServer()).get('/health/live').expect(200);
    await request(app.getHttpServer()).get('/boom').expect(500);
    const logged = requestLines();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 'error', res: { statusCode: 500 } });
  });

  it('routes Nest logs to pino with context and structured params', async () => {
    await request(app.getHttpServer()).get('/loans').expect(200);
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'info', context: 'LoansController', msg: 'listing loans', count: 2 }),
    );
    // Bootstrap logs buffered before useLogger are flushed to pino too.
    expect(lines).toContainEqual(expect.objectContaining({ context: 'RoutesResolver' }));
  });

  it('maps Nest error(message, stack, context) and verbose', () => {
    const service = app.get(PinoLoggerService);
    const error = new Error('db down');
    service.error('query failed', error.stack, 'LoanRepository');
    service.verbose('details', 'LoanRepository');
    service.warn({ loanId: 'l-1', msg: 'slow' }, 'LoanRepository');
    service.error(error);

    const tail = lines.slice(-4);
    expect(tail[0]).toMatchObject({ level: 'error', msg: 'query failed', context: 'LoanRepository' });
    expect(String(tail[0]?.['stack'])).toContain('db down');
    expect(tail[1]).toMatchObject({ level: 'trace', msg: 'details', context: 'LoanRepository' });
    expect(tail[2]).toMatchObject({ level: 'warn', msg: 'slow', loanId: 'l-1', context: 'LoanRepository' });
    expect(tail[3]).toMatchObject({
      level: 'error',
      msg: 'db down',
      err: { message: 'db down', type: 'Error' },
    });
  });

  it('applies Nest log level lists to the pino level', () => {
    const service = app.get(PinoLoggerService);
    service.setLogLevels(['error', 'warn']);
    expect(app.get<Logger>(LOGGER).level).toBe('warn');
  });
});

describe('LoggingModule.forRootAsync', () => {
  @Injectable()
  class FakeConfig {
    readonly LOG_LEVEL = 'warn' as const;
  }

  @Module({ providers: [FakeConfig], exports: [FakeConfig] })
  class FakeConfigModule {}

  it('builds options from injected providers and can disable request logging', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        LoggingModule.forRootAsync({
          imports: [FakeConfigModule],
          inject: [FakeConfig],
          useFactory: (config: FakeConfig) => ({
            serviceName: 'scorer',
            level: config.LOG_LEVEL,
            httpLogging: false,
          }),
        }),
      ],
      controllers: [LoansController],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();

    expect(app.get<Logger>(LOGGER).level).toBe('warn');
    const response = await request(app.getHttpServer()).get('/loans').expect(200);
    expect(response.headers['x-request-id']).toBeUndefined();
    await app.close();
  });

  it('injects the root logger under LOGGER', async () => {
    @Injectable()
    class UsesLogger {
      constructor(@Inject(LOGGER) readonly logger: Logger) {}
    }
    const { logger } = memoryLogger();
    const moduleRef = await Test.createTestingModule({
      imports: [LoggingModule.forRoot({ serviceName: 'x', logger, httpLogging: false })],
      providers: [UsesLogger],
    }).compile();
    expect(moduleRef.get(UsesLogger).logger).toBe(logger);
    await moduleRef.close();
  });
});
