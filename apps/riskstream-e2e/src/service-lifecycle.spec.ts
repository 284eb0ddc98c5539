import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort, ServiceProcess } from './support/service-process.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const SERVICES = ['features', 'scoring', 'strategy', 'drift-monitor', 'model-registry'] as const;

describe('every service boots, reports health and metrics, and stops cleanly', () => {
  for (const name of SERVICES) {
    it(`${name}: ready, live, /metrics, SIGTERM exits 0`, async () => {
      // Scoring without a registry to follow (model-registry-scoring.spec.ts covers it with one).
      const service = new ServiceProcess(
        name,
        await freePort(),
        name === 'scoring' ? { MODEL_REGISTRY_URL: 'off' } : {},
      );
      try {
        await service.start();
        const live = await fetch(`${service.url}/health/live`);
        expect(live.status).toBe(200);
        const ready = await fetch(`${service.url}/health/ready`);
        expect(ready.status).toBe(200);
        const metrics = await fetch(`${service.url}/metrics`);
        expect(metrics.headers.get('content-type')).toContain('text/plain');
        const text = await metrics.text();
        expect(text).toContain('process_cpu_user_seconds_total');
        expect(text).toContain(`service="${name}"`);
      } finally {
        expect(await service.stop('SIGTERM')).toBe(0);
      }
    });
  }

  it('fails to boot, loudly and with exit code 1, when its database is unreachable', async () => {
    const service = new ServiceProcess('strategy', await freePort(), {
      DATABASE_URL: 'postgres://riskstream:riskstream@127.0.0.1:1/riskstream',
    });
    // An orchestrator restarts it; after boot, a lost database turns /health/ready to 503 instead.
    await expect(service.start(20_000)).rejects.toThrow(/exited with 1/);
    expect(service.logs).toMatch(/ECONNREFUSED|connect/);
  });

  it('refuses to boot with invalid configuration and names every bad variable', () => {
    const result = spawnSync(process.execPath, [resolve(ROOT, 'apps/scoring/dist/main.js')], {
      cwd: ROOT,
      env: { ...process.env, PORT: 'eighty', KAFKA_BROKERS: 'not a broker list', LOG_LEVEL: 'loud' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('PORT');
    expect(result.stderr).toContain('KAFKA_BROKERS');
    expect(result.stderr).toContain('LOG_LEVEL');
  });
});
