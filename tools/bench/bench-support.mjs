// What the stack benchmarks share: starting the local stack when it is not running, the synthetic applications
// they send (deterministic in their index, valid under the contract and the shared validation rules), and their
// latency percentiles.
import { execFileSync } from 'node:child_process';

async function ready(url) {
  try {
    return (await fetch(`${url}/health/ready`)).status === 200;
  } catch {
    return false;
  }
}

/** Starts the stack (tools/stack/stack.sh up, no demo) unless every one of `urls` answers ready; true when it did. */
export async function ensureStack(root, urls, log) {
  const answers = await Promise.all(urls.map(ready));
  if (answers.every(Boolean)) return false;
  log('stack not running: starting it (tools/stack/stack.sh up, no demo)');
  execFileSync('bash', ['tools/stack/stack.sh', 'up'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, STACK_DEMO: '0' },
  });
  return true;
}

const INTENTS = ['EDUCATION', 'MEDICAL', 'VENTURE', 'PERSONAL', 'DEBTCONSOLIDATION', 'HOMEIMPROVEMENT'];
const GRADES = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];
const HOMES = ['RENT', 'OWN', 'MORTGAGE', 'OTHER'];

/** The applicant's age of application `i` (its bureau report's history must fit in it). */
export const applicantAge = (i) => 21 + (i % 40);

/** The applicant and loan of application `i`. */
export function applicantAndLoan(i) {
  const age = applicantAge(i);
  return {
    applicant: {
      age,
      annualIncome: 20_000 + ((i * 7919) % 120_000),
      homeOwnership: HOMES[i % 4],
      employmentLengthYears: Math.min(i % 11, age - 18),
    },
    loan: {
      amount: 1_000 + ((i * 104729) % 30_000),
      currency: 'EUR',
      intent: INTENTS[i % 6],
      grade: GRADES[i % 7],
      interestRatePct: 6 + (i % 150) / 10,
    },
  };
}

/** p50, p95 and p99 (ms, one decimal) of latencies sorted ascending; null where there are none. */
export function percentiles(sorted) {
  const pct = (p) =>
    sorted.length === 0
      ? null
      : Number(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(1));
  return { p50_ms: pct(50), p95_ms: pct(95), p99_ms: pct(99) };
}

/** The latency above which a second of a latency window is named (the pipeline's aim: p99 ≤ 100 ms). */
export const SLOW_MS = 100;

/**
 * The wall-clock seconds (of sending) in which at least one application took over `limitMs`, in time order:
 * `[{ second: 'HH:MM:SS', over, worst }]`. `samples` are `[sentAtEpochMs, latencyMs]` pairs.
 */
export function slowSeconds(samples, limitMs = SLOW_MS) {
  const bySecond = new Map();
  for (const [sentAt, latency] of samples) {
    if (!(latency > limitMs)) continue;
    const second = Math.floor(sentAt / 1000);
    const s = bySecond.get(second) ?? { over: 0, worst: 0 };
    s.over += 1;
    s.worst = Math.max(s.worst, Math.round(latency));
    bySecond.set(second, s);
  }
  return [...bySecond.entries()]
    .sort(([a], [b]) => a - b)
    .map(([second, s]) => ({ second: new Date(second * 1000).toISOString().slice(11, 19), ...s }));
}
