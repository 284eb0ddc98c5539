import { Injectable, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Counter, type Registry } from 'prom-client';
import request from 'supertest';
import { getOrCreateCounter, getOrCreateHistogram } from './metric-factories.js';
import { METRICS_REGISTRY } from './metrics.constants.js';
import { MetricsModule } from './metrics.module.js';
import { MetricsRegistry } from './metrics-registry.js';

@Injectable()
class ScoringMetrics {
  readonly scored: Counter<'outcome'>;
  constructor(metrics: MetricsRegistry) {
    this.scored = metrics.counter({
      name: 'loans_scored_total',
      help: 'Scored loans',
      labelNames: ['outcome'],
    });
  }
}

@Injectable()
class AuditMetrics {
  readonly scored: Counter<'outcome'>;
  constructor(metrics: MetricsRegistry) {
    this.scored = metrics.counter({
      name: 'loans_scored_total',
      help: 'Scored loans',
      labelNames: ['outcome'],
    });
  }
}

describe('MetricsModule', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [MetricsModule.forRoot({ serviceName: 'scorer' })],
      providers: [ScoringMetrics, AuditMetrics],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app.close();
  });

  it('serves Prometheus text with default Node metrics and the service label', async () => {
    app.get(ScoringMetrics).scored.inc({ outcome: 'approved' });

    const response = await request(app.getHttpServer()).get('/metrics').expect(200);

    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.text).toContain('# TYPE process_cpu_user_seconds_total counter');
    expect(response.text).toContain('nodejs_eventloop_lag_seconds');
    expect(response.text).toMatch(/process_resident_memory_bytes\{service="scorer"\} \d+/);
    expect(response.text).toContain('loans_scored_total{outcome="approved",service="scorer"} 1');
  });

  it('hands the same metric instance to every module asking for a name', () => {
    expect(app.get(ScoringMetrics).scored).toBe(app.get(AuditMetrics).scored);
  });

  it('exposes the underlying registry under METRICS_REGISTRY', () => {
    expect(app.get<Registry>(METRICS_REGISTRY)).toBe(app.get(MetricsRegistry).registry);
  });

  it('rejects reusing a name with another type or label set', () => {
    const registry = app.get<Registry>(METRICS_REGISTRY);
    expect(() => getOrCreateHistogram(registry, { name: 'loans_scored_total', help: 'x' })).toThrow(
      /already registered as a different type/,
    );
    expect(() =>
      getOrCreateCounter(registry, { name: 'loans_scored_total', help: 'x', labelNames: ['model'] }),
    ).toThrow(/already registered with labels \[outcome\]/);
  });
});
