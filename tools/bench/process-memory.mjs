// Peak resident memory of the local stack's processes over a benchmark, read from /proc (Linux only): what each
// service needs at its busiest, to set beside the Helm chart's memory limits. The kernel keeps each process's peak
// (VmHWM); resetting it at the start (clear_refs 5, allowed on one's own processes) makes it the benchmark's peak
// rather than the process's lifetime one. PostgreSQL is left out: its backends share their buffers, so per-process
// figures neither add up nor describe the server.
import { readFileSync, writeFileSync } from 'node:fs';

const measured = (group) => group !== 'postgres' && group !== 'bench';

function peakKilobytes(pid) {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null; // gone
  }
}

/**
 * Resets the peak of every process in `groups` (a `snapshot()` of process-cpu.mjs) to its current size. Returns
 * false when any reset was refused: the peaks read later then date from the processes' start.
 */
export function resetPeaks(groups) {
  if (!groups) return false;
  let all = true;
  for (const [group, pids] of Object.entries(groups)) {
    if (!measured(group)) continue;
    for (const pid of Object.keys(pids)) {
      try {
        writeFileSync(`/proc/${pid}/clear_refs`, '5');
      } catch {
        all = false;
      }
    }
  }
  return all;
}

/** MiB per group: the largest peak among its processes (one per service, one JVM for Kafka), or null. */
export function peakResidentMb(groups) {
  if (!groups) return null;
  const out = {};
  for (const [group, pids] of Object.entries(groups).sort(([a], [b]) => a.localeCompare(b))) {
    if (!measured(group)) continue;
    const peaks = Object.keys(pids)
      .map(peakKilobytes)
      .filter((kb) => kb !== null);
    if (peaks.length) out[group] = Math.round(Math.max(...peaks) / 1024);
  }
  return out;
}
