// npm run bench:gateway [-- --mode submit|score --seconds 30 --connections 32 --warmup-seconds 5]
// The REST paths as core banking or a product team calls them, on the running gateway. Closed loop: `connections`
// callers, each sending its next request as soon as the previous one is answered. Measures answered requests per
// second, latency percentiles, and the gateway's CPU per request and peak resident memory.
// --mode submit (default): POST /v1/applications, each answered 202 only once Kafka has the event (acks=all); the
//   accepted applications flow on through the pipeline, as they would, so the machine also runs ingestion,
//   features and scoring meanwhile.
// --mode score: GET /v1/applications/{id}/score for the 10,000 most recently scored applications, in random order
//   (what product teams ask for: scores just computed); the gateway asks the scoring service for each.
// Starts the stack (npm run up without the demo) when it is not running.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { applicantAndLoan, ensureStack, percentiles } from './bench-support.mjs';
import { cpuSeconds, snapshot } from './process-cpu.mjs';
import { peakResidentMb, resetPeaks } from './process-memory.mjs';

const { values } = parseArgs({
  options: {
    mode: { type: 'string', default: 'submit' },
    seconds: { type: 'string', default: '30' },
    connections: { type: 'string', default: '32' },
    'warmup-seconds': { type: 'string', default: '5' },
    gateway: { type: 'string', default: process.env.GATEWAY_URL ?? 'http://127.0.0.1:3000' },
  },
});
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const WARMUP_SECONDS = Number(values['warmup-seconds']);
const URL_APPLICATIONS = `${values.gateway}/v1/applications`;
const MODE = values.mode;
if (MODE !== 'submit' && MODE !== 'score') throw new Error(`--mode must be submit or score, not ${MODE}`);
const ROOT = new URL('../../', import.meta.url).pathname;
const log = (...args) => console.error('bench:gateway:', ...args);

if (values.gateway === 'http://127.0.0.1:3000') await ensureStack(ROOT, [values.gateway], log);

const run = randomUUID().slice(0, 8);
const body = (i) =>
  JSON.stringify({ applicationId: randomUUID(), customerId: `bench-gw-${run}-${i}`, ...applicantAndLoan(i) });

/** --mode score: the ids asked for, the most recently scored applications (read once from PostgreSQL). */
let scored = [];
if (MODE === 'score') {
  const db = new pg.Client(
    process.env.DATABASE_URL ?? 'postgres://riskstream:riskstream@127.0.0.1:5433/riskstream',
  );
  await db.connect();
  const { rows } = await db.query(
    'SELECT application_id FROM scoring.predictions ORDER BY scored_at DESC LIMIT 10000',
  );
  await db.end();
  scored = rows.map((r) => r.application_id);
  if (scored.length === 0) throw new Error('no scored applications: run the demo or bench:pipeline first');
  log(`asking for the scores of ${scored.length} recently scored applications`);
}

/** One request of the mode, and the status that counts as answered. */
const request =
  MODE === 'submit'
    ? (i) => ({
        url: URL_APPLICATIONS,
        init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(i) },
        ok: 202,
      })
    : () => ({
        url: `${URL_APPLICATIONS}/${scored[Math.floor(Math.random() * scored.length)]}/score`,
        init: {},
        ok: 200,
      });

let index = 0;
const failures = new Map();
/** `connections` callers until `until` (performance.now()); the latencies (ms) of the answered requests. */
async function load(until) {
  const latencies = [];
  const caller = async () => {
    while (performance.now() < until) {
      const { url, init, ok } = request(index++);
      const t = performance.now();
      const res = await fetch(url, init).catch((error) => ({
        status: `network error: ${error.cause?.code ?? error.message}`,
        text: () => '',
      }));
      const text = await res.text();
      if (res.status === ok) latencies.push(performance.now() - t);
      else
        failures.set(res.status, {
          count: (failures.get(res.status)?.count ?? 0) + 1,
          sample: text.slice(0, 300),
        });
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, caller));
  return latencies.sort((a, b) => a - b);
}

log(`warm-up: ${WARMUP_SECONDS} s with ${CONNECTIONS} connections (not measured)`);
await load(performance.now() + WARMUP_SECONDS * 1000);
// One /proc scan at each end serves the CPU and the memory figures.
const before = snapshot(ROOT);
resetPeaks(before);
const t0 = performance.now();
log(`measuring: ${SECONDS} s with ${CONNECTIONS} connections`);
const latencies = await load(t0 + SECONDS * 1000);
const elapsed = (performance.now() - t0) / 1000;
const after = snapshot(ROOT);
const cpu = cpuSeconds(before, after);
const peaks = peakResidentMb(after);
for (const [status, { count, sample }] of failures) log(`${count} requests answered ${status}: ${sample}`);
if (cpu)
  log(
    `cores while measuring: ${Object.entries(cpu)
      .map(([group, seconds]) => `${group} ${(seconds / elapsed).toFixed(2)}`)
      .join(', ')}`,
  );
console.log(
  JSON.stringify({
    bench: 'gateway',
    mode: MODE,
    seconds: SECONDS,
    connections: CONNECTIONS,
    [MODE === 'submit' ? 'accepted' : 'answered']: latencies.length,
    failed: [...failures.values()].reduce((n, f) => n + f.count, 0),
    throughput_per_s: Math.round(latencies.length / elapsed),
    ...percentiles(latencies),
    gateway_cpu_ms_per_request: cpu?.gateway
      ? Number(((cpu.gateway * 1000) / latencies.length).toFixed(3))
      : null,
    gateway_peak_resident_mb: peaks?.gateway ?? null,
    ...(MODE === 'score' && cpu?.scoring
      ? { scoring_cpu_ms_per_request: Number(((cpu.scoring * 1000) / latencies.length).toFixed(3)) }
      : {}),
  }),
);
process.exit(failures.size === 0 && latencies.length > 0 ? 0 : 1);
