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

/** Where the whole machine's busy ticks are kept in a snapshot (not a group). */
const MACHINE = Symbol('machine');

/**
 * The whole machine's busy ticks from /proc/stat: user (which includes guests), nice, system, irq and softirq;
 * not idle, iowait or steal (the hypervisor running someone else).
 */
function machineBusyTicks() {
  try {
    const [user, nice, system, , , irq, softirq] = readFileSync('/proc/stat', 'utf8')
      .split('\n', 1)[0]
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    return user + nice + system + irq + softirq;
  } catch {
    return null;
  }
}

/** Ticks per group at this moment: { group: { pid: ticks } }, or null when /proc is not there. */
export function snapshot(repoRoot) {
  if (!existsSync('/proc/self/stat')) return null;
  const root = repoRoot.replace(/\/+$/, '');
  const postmaster = postmasterPid(root);
  const groups = { [MACHINE]: machineBusyTicks() };
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
  }
  return groups;
}

/**
 * CPU seconds per group between two snapshots (processes that exited in between are not counted; those that
 * started count from zero), with their total, and `other`: what the rest of the machine used meanwhile (kernel
 * threads, other processes, processes that ended), not part of the total. A busy `other` means the figures were
 * taken on a machine that was doing something else too.
 */
export function cpuSeconds(before, after) {
  if (!before || !after) return null;
  const seconds = {};
  let total = 0;
  for (const [group, pids] of Object.entries(after).sort(([a], [b]) => a.localeCompare(b))) {
    let ticks = 0;
    for (const [pid, t] of Object.entries(pids)) ticks += t - (before[group]?.[pid] ?? 0);
    seconds[group] = ticks / TICKS_PER_SECOND;
    total += ticks / TICKS_PER_SECOND;
  }
  const machine =
    before[MACHINE] === null || after[MACHINE] === null
      ? null
      : (after[MACHINE] - before[MACHINE]) / TICKS_PER_SECOND;
  return { ...seconds, total, ...(machine === null ? {} : { other: Math.max(0, machine - total) }) };
}

/** Each value divided by `by`, rounded to `digits`. */
export function scaled(values, by, digits) {
  if (!values) return null;
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Number((v / by).toFixed(digits))]));
}
