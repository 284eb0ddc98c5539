import { slowSeconds } from './bench-support.mjs';
import { DiskLatencyWatch, SLOW_WRITE_MS } from './disk-latency.mjs';
import { referenceMs, workload } from './machine-speed.mjs';

describe('slowSeconds', () => {
  it('names each second with an application over the limit, in time order, with its count and worst latency', () => {
    const at = (iso) => Date.parse(`2026-11-23T${iso}Z`);
    const samples = [
      [at('07:29:23.900'), 454.4],
      [at('07:29:22.100'), 120],
      [at('07:29:23.100'), 101],
      [at('07:29:23.500'), 99],
      [at('07:29:24.000'), 100], // at the limit: not over it
      [at('07:29:25.000'), Number.NaN], // never scored
    ];
    expect(slowSeconds(samples)).toEqual([
      { second: '07:29:22', over: 1, worst: 120 },
      { second: '07:29:23', over: 2, worst: 454 },
    ]);
    expect(slowSeconds(samples, 500)).toEqual([]);
  });
});

describe('DiskLatencyWatch.summarise', () => {
  it('gives the worst interval inside the stretch, when it ended, and the intervals over the slow mark', () => {
    const watch = new DiskLatencyWatch(60_000);
    watch.stop();
    if (!watch.available) {
      expect(watch.summarise(0, Date.now())).toBeNull();
      return;
    }
    const t = Date.parse('2026-11-23T07:34:28.000Z');
    watch.samples = [
      { at: t - 100, writes: 10, avgMs: 500 }, // before the stretch
      { at: t + 100, writes: 40, avgMs: 0.3 },
      { at: t + 200, writes: 3, avgMs: 167.7 },
      { at: t + 300, writes: 0, avgMs: 0 }, // no writes: no latency to speak of
      { at: t + 400, writes: 8, avgMs: SLOW_WRITE_MS + 1 },
      { at: t + 500, writes: 9, avgMs: SLOW_WRITE_MS },
    ];
    expect(watch.summarise(t, t + 500)).toEqual({
      worst_write_ms: 167.7,
      worst_at: '07:34:28.2',
      slow_intervals: 2,
      intervals: 4,
    });
    expect(watch.summarise(t + 1_000, t + 2_000)).toEqual({
      worst_write_ms: 0,
      worst_at: null,
      slow_intervals: 0,
      intervals: 0,
    });
  });
});

describe('referenceMs', () => {
  it('times the same workload every run: a fixed checksum and a positive CPU time', () => {
    expect(workload(100)).toBe(workload(100));
    expect(workload(100)).not.toBe(workload(101));
    const ms = referenceMs(1);
    expect(ms).toBeGreaterThan(0);
    expect(Number.isFinite(ms)).toBe(true);
  });
});
