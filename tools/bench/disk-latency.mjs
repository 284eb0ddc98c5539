// Write latency of the machine's disks while a benchmark runs, read from /proc/diskstats (Linux only; elsewhere the
// figures are reported as not measured). PostgreSQL commits wait for their WAL to reach the disk: on a virtual
// machine whose disk slows down now and then (writes of 0.2 ms taking 20–170 ms for seconds), every service's
// transactions stall together and the pipeline's tail and throughput with them. Recording it beside the figures
// tells such a run apart from a regression of the stack.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** A 100 ms interval whose writes took this long on average counts as slow. */
export const SLOW_WRITE_MS = 20;

/** Whole disks (not partitions, loop or RAM devices). */
function disks() {
  if (!existsSync('/sys/block')) return [];
  return readdirSync('/sys/block').filter((name) => !/^(loop|ram|zram|sr|fd)/.test(name));
}

/** Writes completed and milliseconds spent writing, summed over `names`; null when unreadable. */
function writeTotals(names) {
  try {
    let writes = 0;
    let ms = 0;
    for (const line of readFileSync('/proc/diskstats', 'utf8').split('\n')) {
      const f = line.trim().split(/\s+/);
      if (!names.includes(f[2])) continue;
      writes += Number(f[7]);
      ms += Number(f[10]);
    }
    return { writes, ms };
  } catch {
    return null;
  }
}

/** Samples the disks' write latency every `intervalMs` until stop(); summarise() any stretch of the run. */
export class DiskLatencyWatch {
  constructor(intervalMs = 100) {
    this.names = disks();
    this.samples = []; // { at (epoch ms, end of interval), writes, avgMs }
    let last = this.names.length > 0 ? writeTotals(this.names) : null;
    this.available = last !== null;
    if (!this.available) return;
    this.timer = setInterval(() => {
      const now = writeTotals(this.names);
      if (!now || !last) return;
      const writes = now.writes - last.writes;
      this.samples.push({ at: Date.now(), writes, avgMs: writes > 0 ? (now.ms - last.ms) / writes : 0 });
      last = now;
    }, intervalMs);
    this.timer.unref();
  }

  stop() {
    clearInterval(this.timer);
  }

  /**
   * Between two epoch-ms times: the worst interval's average write latency and when it ended (HH:MM:SS.s), and
   * how many intervals averaged over SLOW_WRITE_MS. Null when not measured.
   */
  summarise(from, to) {
    if (!this.available) return null;
    const inside = this.samples.filter((s) => s.at > from && s.at <= to && s.writes > 0);
    const worst = inside.reduce((w, s) => (s.avgMs > (w?.avgMs ?? -1) ? s : w), null);
    return {
      worst_write_ms: worst ? Math.round(worst.avgMs * 10) / 10 : 0,
      worst_at: worst ? new Date(worst.at).toISOString().slice(11, 21) : null,
      slow_intervals: inside.filter((s) => s.avgMs > SLOW_WRITE_MS).length,
      intervals: inside.length,
    };
  }
}
