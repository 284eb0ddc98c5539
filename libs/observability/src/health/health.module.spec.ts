import { type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { HealthModule } from './health.module.js';
import { ReadinessRegistry } from './readiness.registry.js';

describe('HealthModule', () => {
  let app: INestApplication;
  let readiness: ReadinessRegistry;

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [HealthModule.forRoot({ readinessTimeoutMs: 200 })],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    readiness = app.get(ReadinessRegistry);
  });

  afterEach(async () => {
    await app.close();
  });

  it('reports liveness with the event-loop delay', async () => {
    const response = await request(app.getHttpServer()).get('/health/live').expect(200);
    expect(response.body).toMatchObject({ status: 'ok', details: { event_loop: { status: 'up' } } });
    expect(typeof response.body.details.event_loop.maxDelayMs).toBe('number');
  });

  it('fails liveness after a stall longer than its limit, then recovers', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [HealthModule.forRoot({ maxEventLoopDelayMs: 300 })],
    }).compile();
    const stalled = moduleRef.createNestApplication({ logger: false });
    await stalled.init();
    try {
      await request(stalled.getHttpServer()).get('/health/live').expect(200);
      // Blocks the loop for 600 ms: the sampling timer (EVENT_LOOP_SAMPLING_MS) fires that much late.
      await new Promise((resolve) => setTimeout(resolve, 150));
      const until = Date.now() + 600;
      while (Date.now() < until);
      await new Promise((resolve) => setTimeout(resolve, 150));
      const down = await request(stalled.getHttpServer()).get('/health/live').expect(503);
      expect(down.body.error.event_loop).toMatchObject({ status: 'down' });
      expect(down.body.error.event_loop.maxDelayMs).toBeGreaterThan(300);
      expect(down.body.error.event_loop.message).toMatch(
        /^event loop stalled for [\d.]+ ms \(limit 300 ms\)$/,
      );
      // A new window starts with each probe.
      await request(stalled.getHttpServer()).get('/health/live').expect(200);
    } finally {
      await stalled.close();
    }
  });

  it('is ready with no registered checks', async () => {
    await request(app.getHttpServer())
      .get('/health/ready')
      .expect(200, { status: 'ok', info: {}, error: {}, details: {} });
  });

  it('flips between 200 and 503 with per-check detail as registered checks pass or fail', async () => {
    let kafkaUp = false;
    readiness.register('kafka', async () => {
      if (!kafkaUp) throw new Error('broker 127.0.0.1:9092 unreachable');
    });
    readiness.register('database', async () => undefined);

    const down = await request(app.getHttpServer()).get('/health/ready').expect(503);
    expect(down.body).toMatchObject({
      status: 'error',
      error: { kafka: { status: 'down', message: 'broker 127.0.0.1:9092 unreachable' } },
      details: { kafka: { status: 'down' }, database: { status: 'up' } },
    });

    kafkaUp = true;
    const up = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(up.body).toMatchObject({
      status: 'ok',
      details: { kafka: { status: 'up' }, database: { status: 'up' } },
    });
  });

  it('fails a check that exceeds its timeout', async () => {
    readiness.register('slow', () => new Promise<void>((resolve) => setTimeout(resolve, 1000)));
    readiness.register('fast', async () => undefined, { timeoutMs: 50 });
    const response = await request(app.getHttpServer()).get('/health/ready').expect(503);
    expect(response.body.error.slow).toMatchObject({ status: 'down', message: 'timeout of 200ms exceeded' });
    expect(response.body.details.fast.status).toBe('up');
  });

  it('reports not ready once shutting down, even if every check passes', async () => {
    readiness.register('database', async () => undefined);
    await request(app.getHttpServer()).get('/health/ready').expect(200);

    readiness.markShuttingDown();

    const response = await request(app.getHttpServer()).get('/health/ready').expect(503);
    expect(response.body).toMatchObject({
      status: 'error',
      error: { lifecycle: { status: 'down', message: 'shutting down' } },
    });
    await request(app.getHttpServer()).get('/health/live').expect(200);
  });

  it('lets a check be unregistered and rejects duplicate names', async () => {
    const unregister = readiness.register('kafka', () => Promise.reject(new Error('down')));
    expect(() => readiness.register('kafka', async () => undefined)).toThrow(/already registered/);
    await request(app.getHttpServer()).get('/health/ready').expect(503);
    unregister();
    await request(app.getHttpServer()).get('/health/ready').expect(200);
  });
});

describe('HealthModule without forRoot', () => {
  it('works when imported as a plain module', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [HealthModule] }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    await request(app.getHttpServer()).get('/health/ready').expect(200);
    await app.close();
  });
});
