// How fast this machine runs the services' kind of work right now: the CPU time of a fixed single-threaded workload
// (JSON parsing and serialising of an application, SHA-256, floating-point arithmetic). The benchmark's VM runs at
// speeds that differ by 20-40 % from one hour to the next (the same build, the same database): a throughput or a
// CPU-per-application figure means little without the machine's own speed beside it, measured in the same run.
import { createHash } from 'node:crypto';

const APPLICATION = {
  applicationId: '5cff1a07-defe-4064-8808-4a1988e80cec',
  customerId: 'C-000042',
  applicant: { age: 31, annualIncome: 106864, homeOwnership: 'MORTGAGE', employmentLengthYears: 4 },
  loan: { amount: 18800, currency: 'EUR', intent: 'VENTURE', grade: 'C', interestRatePct: 11.14 },
  submittedAt: '2026-12-07T11:57:10.686Z',
  channel: 'API',
};
const TEXT = JSON.stringify(APPLICATION);

/** One pass of the workload; returns a checksum so that no part of it can be optimised away. */
export function workload(rounds = 20_000) {
  let sum = 0;
  let x = 0.5;
  for (let i = 0; i < rounds; i++) {
    const parsed = JSON.parse(TEXT);
    parsed.applicant.age = i % 90;
    const text = JSON.stringify(parsed);
    sum += text.length + createHash('sha256').update(text).digest()[0];
    for (let k = 0; k < 50; k++) x = x * 3.9 * (1 - x);
  }
  return sum + Math.round(x * 1e6) / 1e6;
}

/**
 * CPU milliseconds (user + system of this process) of the workload, the least of `repeats` runs: the machine's
 * speed, not how busy it is (time spent waiting for a core is not counted). Lower is faster.
 */
export function referenceMs(repeats = 3) {
  workload(2_000); // compiled before it is timed
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const start = process.cpuUsage();
    workload();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return Math.round(best * 10) / 10;
}
