// CPU time of the local stack's processes, by group (each service, kafka, postgres, the benchmark itself), read from
// /proc: where a benchmark's machine time goes, measured by the benchmark rather than by hand. Linux only; elsewhere
// `snapshot()` returns null and the figures are reported as not measured.
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux architecture Node supports

function readStat(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces and parentheses).
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]) };
  } catch {
    return null; // gone
  }
}

function readCwd(pid) {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return '';
  }
}

function readCmdline(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** The postmaster's pid from the repo's embedded PostgreSQL data directory, if it runs here. */
function postmasterPid(root) {
  const file = join(root, '.data/postgres/postmaster.pid');
  if (!existsSync(file)) return null;
  return Number(readFileSync(file, 'utf8').split('\n', 1)[0]) || null;
}

/** Where the ticks of every other process on the machine are kept in a snapshot (not a group). */
const OTHERS = Symbol('others');

/** Ticks per group at this moment: { group: { pid: ticks } }, or null when /proc is not there. */
export function snapshot(repoRoot) {
  if (!existsSync('/proc/self/stat')) return null;
  const root = repoRoot.replace(/\/+$/, '');
  const postmaster = postmasterPid(root);
  const groups = { [OTHERS]: {} };
  const add = (group, pid, ticks) => ((groups[group] ??= {})[pid] = ticks);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const stat = readStat(pid);
    if (!stat) continue;
    if (pid === process.pid) {
      add('bench', pid, stat.ticks);
      continue;
    }
    if (postmaster !== null && (pid === postmaster || stat.ppid === postmaster)) {
      add('postgres', pid, stat.ticks);
      continue;
    }
    // This checkout's services (started from its root) and broker (its logs under the root), not another one's.
    const cmd = readCmdline(pid);
    const app = /apps\/([a-z-]+)\/dist\/main\.js/.exec(cmd);
    if (app && readCwd(pid) === root) add(app[1], pid, stat.ticks);
    else if (/\bkafka\.Kafka\b/.test(cmd) && cmd.includes(root)) add('kafka', pid, stat.ticks);
    else groups[OTHERS][pid] = stat.ticks;
  }
  return groups;
}

/**
 * CPU seconds per group between two snapshots (processes that exited in between are not counted; those that
 * started count from zero), with their total, and `other`: what every other process on the machine used meanwhile
 * (kernel threads, other users' processes), not part of the total. A busy `other` means the figures were taken on
 * a machine that was doing something else too. (Per-process times, not /proc/stat's busy time: on this VM the two
 * accountings differ by a third at low load.)
 */
export function cpuSeconds(before, after) {
  if (!before || !after) return null;
  const seconds = {};
  let total = 0;
  const delta = (pids, was) => {
    let ticks = 0;
    for (const [pid, t] of Object.entries(pids)) ticks += t - (was?.[pid] ?? 0);
    return ticks / TICKS_PER_SECOND;
  };
  for (const [group, pids] of Object.entries(after).sort(([a], [b]) => a.localeCompare(b))) {
    seconds[group] = delta(pids, before[group]);
    total += seconds[group];
  }
  return { ...seconds, total, other: delta(after[OTHERS], before[OTHERS]) };
}

/** Each value divided by `by`, rounded to `digits`. */
export function scaled(values, by, digits) {
  if (!values) return null;
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Number((v / by).toFixed(digits))]));
}
