// npm run bench:pipeline [-- --applications 100000 --rate 500 --latency-seconds 30 --settle-seconds 15
//                           --warmup 5000 --warmup-seconds 5 --skip-ceiling --skip-after-burst]
// Streams applications (each with its bureau report first, as core banking does) through the running stack and
// measures (1) latency percentiles at a fixed offered rate, in steady state (a warmed stack, no backlog), from publish
// to the score event (its timestamp, stamped when the scoring service sends it after committing the prediction) and
// to that event's receipt here, (2) sustained throughput from the first submit to the last score, (3) the same latency again
// right after that burst (the stack still catching up on its after-effects: autovacuum, checkpoints, old-space GC),
// reported beside the steady-state figures, and (4) the broker's own raw producer throughput as the ceiling.
// Starts the stack (npm run up without the demo) when it is not running.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import {
  applicantAge,
  applicantAndLoan,
  ensureStack,
  percentiles,
  SLOW_MS,
  slowSeconds,
} from './bench-support.mjs';
import { cpuSeconds, scaled, snapshot } from './process-cpu.mjs';
import { DiskLatencyWatch, SLOW_WRITE_MS } from './disk-latency.mjs';
import { referenceMs } from './machine-speed.mjs';
import { peakResidentMb, resetPeaks } from './process-memory.mjs';

const { values } = parseArgs({
  options: {
    applications: { type: 'string', default: '100000' },
    rate: { type: 'string', default: '500' },
    'latency-seconds': { type: 'string', default: '30' },
    // Quiet time between the two phases: the backlog's after-effects (outbox sweeps, autovacuum of the burst's
    // dead rows) are not part of steady state at the offered rate.
    'settle-seconds': { type: 'string', default: '15' },
    // Not measured: applications streamed through first (JIT, connection pools, caches), and seconds at the offered
    // rate before each latency window opens. Defaults: 5,000 and 5 s on a running stack; 50,000 and 60 s before the
    // first window when this benchmark had to start the stack (see COLD_START).
    warmup: { type: 'string' },
    'warmup-seconds': { type: 'string' },
    'skip-ceiling': { type: 'boolean', default: false },
    'skip-after-burst': { type: 'boolean', default: false },
  },
});
const N = Number(values.applications);
const RATE = Number(values.rate);
const LATENCY_N = RATE * Number(values['latency-seconds']);
const ROOT = new URL('../../', import.meta.url).pathname;
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
// The features service's metrics (the stack's default port).
const FEATURES_URL = process.env.FEATURES_URL ?? 'http://127.0.0.1:3002';
const TOPIC_APP = 'lending.loan-application.submitted.v1';
const TOPIC_BUREAU = 'bureau.credit-report.received.v1';
const TOPIC_SCORE = 'risk.score.computed.v1';
const log = (...args) => console.error('bench:pipeline:', ...args);

const started = await ensureStack(
  ROOT,
  [3001, 3002, 3003].map((port) => `http://127.0.0.1:${port}`),
  log,
);
/**
 * A stack this benchmark has just started is cold: PostgreSQL's buffer pool is empty (a batch of 22 applications took
 * 0.6 s while the indexes were read back in) and the broker's JIT has not compiled its request paths (0.36 cores at
 * 500/s after a 5,000-application warm-up, 0.19 once warm). Steady state, which the latency window is about, then
 * takes a longer warm-up; flags given explicitly still win.
 */
const COLD_START = { warmup: 50_000, warmupSeconds: 60 };
const WARMUP_N = Number(values.warmup ?? (started ? COLD_START.warmup : 5_000));
const LATENCY_WARMUP_N = RATE * Number(values['warmup-seconds'] ?? 5);
const FIRST_WARMUP_N =
  values['warmup-seconds'] === undefined && started ? RATE * COLD_START.warmupSeconds : LATENCY_WARMUP_N;
if (started && (values.warmup === undefined || values['warmup-seconds'] === undefined))
  log(
    `the stack was just started: warm-up of ${WARMUP_N} applications and ${FIRST_WARMUP_N / RATE} s at ` +
      `${RATE}/s before the steady-state window`,
  );

// The machine's own speed before and after the run (see machine-speed.mjs): runs on this VM differ by 20-40 % from
// one hour to the next with nothing else changed.
const referenceAtStart = referenceMs();
log(`machine reference: ${referenceAtStart} ms of CPU for the fixed workload (lower is faster)`);

const run = randomUUID().slice(0, 8);
function pair(i) {
  const age = applicantAge(i);
  const customerId = `bench-${run}-${i}`;
  const applicationId = randomUUID();
  const now = new Date().toISOString();
  const report = {
    reportId: randomUUID(),
    customerId,
    reportedAt: now,
    priorDefaultOnFile: i % 7 === 0,
    creditHistoryLengthYears: i % (age - 18),
  };
  const app = { applicationId, customerId, submittedAt: now, ...applicantAndLoan(i) };
  return {
    applicationId,
    messages: [
      {
        topic: TOPIC_BUREAU,
        key: customerId,
        value: JSON.stringify(report),
        headers: { 'event-id': randomUUID() },
      },
      {
        topic: TOPIC_APP,
        key: applicationId,
        value: JSON.stringify(app),
        headers: { 'event-id': randomUUID() },
      },
    ],
  };
}

// The services' fixes for kafkajs (timer loop, record encoding and decoding, CRC-32C, grouping by partition,
// partitioner), so that the benchmark's own client loads the machine no more than theirs. Installed before kafkajs is
// first imported: the grouping is a module kafkajs loads with itself (as the services do from their instrumentation).
const { fixKafkaJs } = await import('@riskstream/messaging/kafkajs-fixes');
fixKafkaJs();
const { Kafka, logLevel } = await import('kafkajs');
const { DefaultPartitioner } = await import('@riskstream/messaging');
const kafka = new Kafka({ clientId: `bench-pipeline-${run}`, brokers, logLevel: logLevel.NOTHING });
const producer = kafka.producer({
  idempotent: true,
  maxInFlightRequests: 1,
  createPartitioner: DefaultPartitioner,
});
await producer.connect();

// Score events are the completion signal: published only after the prediction row is committed. Two times per
// application: when the scoring service sent its score event (the record's CreateTime, stamped by the producer after
// the commit: "prediction stored", the aim's end point) and when this benchmark received it (one delivery later).
const scoredAt = new Map();
const storedAt = new Map();
/** Ids waitForScores is waiting for, removed as their scores arrive (no rescans of 100,000 ids). */
let awaiting = new Set();
const consumer = kafka.consumer({ groupId: `bench-pipeline-${run}` });
await consumer.connect();
await consumer.subscribe({ topic: TOPIC_SCORE, fromBeginning: false });
let assigned = false;
consumer.on(consumer.events.GROUP_JOIN, () => (assigned = true));
await consumer.run({
  // A group of its own that starts at the end: nothing to resume, so no offsets to commit. kafkajs's default commits
  // after every partition's batch: ~220 OffsetCommit requests/s at 500 applications/s, load on the broker that the
  // system under test would not have.
  autoCommit: false,
  eachBatch: async ({ batch }) => {
    const t = performance.now();
    for (const m of batch.messages) {
      const id = m.key?.toString();
      if (id && !scoredAt.has(id)) {
        scoredAt.set(id, t);
        storedAt.set(id, Number(m.timestamp));
        awaiting.delete(id);
      }
    }
  },
});
while (!assigned) await new Promise((r) => setTimeout(r, 100));
await new Promise((r) => setTimeout(r, 2_000)); // positions at the end of each partition before we produce

async function waitForScores(ids, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  awaiting = new Set(ids.filter((id) => !scoredAt.has(id)));
  let last = -1;
  let lastChange = Date.now();
  for (;;) {
    const done = ids.length - awaiting.size;
    if (done === ids.length) return done;
    if (done !== last) {
      last = done;
      lastChange = Date.now();
    }
    if (Date.now() > deadline || Date.now() - lastChange > 60_000) return done;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function sendBatch(batch) {
  const messages = batch.flatMap((b) => b.messages);
  await producer.sendBatch({
    acks: -1,
    topicMessages: [TOPIC_BUREAU, TOPIC_APP].map((topic) => ({
      topic,
      messages: messages.filter((m) => m.topic === topic),
    })),
  });
}

// (0) Warm-up, not measured.
let index = 0;
const disk = new DiskLatencyWatch();
// Peak resident memory from here on (warm-up included), per process.
const peaksFromStart = resetPeaks(snapshot(ROOT));
if (WARMUP_N > 0) {
  log(`warm-up: ${WARMUP_N} applications`);
  const warm = [];
  for (let i = 0; i < WARMUP_N; i += 1_000) {
    const batch = [];
    for (let j = i; j < Math.min(WARMUP_N, i + 1_000); j++) batch.push(pair(index++));
    warm.push(...batch.map((b) => b.applicationId));
    await sendBatch(batch);
  }
  await waitForScores(warm, 10 * 60_000);
}

/**
 * Latency at the offered rate: warmupN applications not measured, then LATENCY_N measured, in ticks of
 * 20 ms. Returns the sorted latencies (ms) of those scored.
 */
async function latencyWindow(label, warmupN = LATENCY_WARMUP_N) {
  log(`latency (${label}): ${LATENCY_N} applications at ${RATE}/s (after ${warmupN} not measured)`);
  const sentAt = new Map();
  const sentAtWall = new Map();
  const start = performance.now();
  const tickMs = 20;
  const perTick = (RATE * tickMs) / 1000;
  const TOTAL_N = warmupN + LATENCY_N;
  let sent = 0;
  // CPU of the stack's processes over the measured part of the window (from its first measured send to its last).
  let cpuAtOpen = null;
  let openedAt = Date.now();
  while (sent < TOTAL_N) {
    if (cpuAtOpen === null && sent >= warmupN) {
      cpuAtOpen = { at: performance.now(), ticks: snapshot(ROOT) };
      openedAt = Date.now();
    }
    const due = Math.min(TOTAL_N, Math.floor(((performance.now() - start) / tickMs + 1) * perTick));
    if (due > sent) {
      const batch = [];
      const first = sent;
      for (; sent < due; sent++) batch.push(pair(index++));
      const now = performance.now();
      const wall = Date.now();
      batch.forEach((b, i) => {
        if (first + i >= warmupN) {
          sentAt.set(b.applicationId, now);
          sentAtWall.set(b.applicationId, wall);
        }
      });
      await sendBatch(batch);
    }
    const next = start + Math.floor(sent / perTick) * tickMs;
    await new Promise((r) => setTimeout(r, Math.max(1, next + tickMs - performance.now())));
  }
  const cpu = cpuSeconds(cpuAtOpen?.ticks ?? null, snapshot(ROOT));
  const cores = scaled(cpu, (performance.now() - (cpuAtOpen?.at ?? 0)) / 1000, 3);
  const latencyIds = [...sentAt.keys()];
  await waitForScores(latencyIds, 5 * 60_000);
  const done = latencyIds.filter((id) => scoredAt.has(id));
  const diskWrites = disk.summarise(openedAt, Math.max(openedAt, ...done.map((id) => storedAt.get(id))));
  if (diskWrites)
    log(
      `disk (${label}): worst write latency ${diskWrites.worst_write_ms} ms (100 ms average, ${diskWrites.worst_at}), ` +
        `${diskWrites.slow_intervals} of ${diskWrites.intervals} intervals over ${SLOW_WRITE_MS} ms`,
    );
  const stored = done.map((id) => storedAt.get(id) - sentAtWall.get(id)).sort((a, b) => a - b);
  const received = done.map((id) => scoredAt.get(id) - sentAt.get(id)).sort((a, b) => a - b);
  const f = percentiles(stored);
  const r = percentiles(received);
  log(
    `latency (${label}): ${done.length}/${LATENCY_N} scored; to the score event: p50 ${f.p50_ms} ms p95 ${f.p95_ms} ms ` +
      `p99 ${f.p99_ms} ms; to its receipt here: p50 ${r.p50_ms} ms p95 ${r.p95_ms} ms p99 ${r.p99_ms} ms`,
  );
  // A tail usually comes from a few bad seconds, not a slow stack: name them by wall-clock time, so that they can be
  // matched with the services' and PostgreSQL's logs.
  const slow = slowSeconds(done.map((id) => [sentAtWall.get(id), storedAt.get(id) - sentAtWall.get(id)]));
  if (slow.length > 0)
    log(
      `latency (${label}): seconds with a score event over ${SLOW_MS} ms: ` +
        slow.map((s) => `${s.second} (${s.over} over, worst ${s.worst} ms)`).join(', '),
    );
  if (cores)
    log(
      `cpu (${label}), cores: ` +
        Object.entries(cores)
          .map(([group, c]) => `${group} ${c}`)
          .join(', '),
    );
  return { stored, received, cores, diskWrites };
}

/** features' riskstream_features_waiting_for_bureau_total (summed over its series), or null when unreadable. */
async function waitedForBureau() {
  try {
    const res = await fetch(`${FEATURES_URL}/metrics`, { signal: AbortSignal.timeout(5_000) });
    if (!res.ok) return null;
    let total = 0;
    for (const line of (await res.text()).split('\n'))
      if (line.startsWith('riskstream_features_waiting_for_bureau_total'))
        total += Number(line.split(' ').pop());
    return total;
  } catch {
    return null;
  }
}

// (1) Latency in steady state: the offered rate on the warmed stack, before any backlog.
const latencies = await latencyWindow('steady state', FIRST_WARMUP_N);

// (2) Sustained throughput: everything as fast as the producer can go.
log(`throughput: ${N} applications with bureau reports`);
const ids = [];
const waitedBefore = await waitedForBureau();
const cpuAtBurst = snapshot(ROOT);
const t0 = performance.now();
for (let i = 0; i < N; i += 1_000) {
  const batch = [];
  for (let j = i; j < Math.min(N, i + 1_000); j++) batch.push(pair(index++));
  ids.push(...batch.map((b) => b.applicationId));
  await sendBatch(batch);
}
const submitSeconds = (performance.now() - t0) / 1000;
const scored = await waitForScores(ids, 30 * 60_000);
const burstCpu = cpuSeconds(cpuAtBurst, snapshot(ROOT));
const lastScore = Math.max(...ids.filter((id) => scoredAt.has(id)).map((id) => scoredAt.get(id)));
const throughput = scored / ((lastScore - t0) / 1000);
const burstDisk = disk.summarise(
  Date.now() - (performance.now() - t0),
  Date.now() - (performance.now() - lastScore),
);
log(
  `throughput: ${scored}/${N} scored, submitted in ${submitSeconds.toFixed(1)} s, ${throughput.toFixed(0)} applications/s end to end`,
);
// Applications that reached features before their bureau report (sent first) and were parked for it: extra work
// per application, and a sign that a service fell behind on one of its topics.
const waitedAfter = await waitedForBureau();
const waited = waitedBefore === null || waitedAfter === null ? null : waitedAfter - waitedBefore;
log(
  `throughput: ${waited ?? 'unknown (features metrics not readable)'} applications waited for their bureau report`,
);

// (3) Latency after the burst, once the backlog is scored and the settle time has passed: how quickly the stack is
// back to its steady state.
let afterBurst = null;
if (!values['skip-after-burst']) {
  await new Promise((r) => setTimeout(r, Number(values['settle-seconds']) * 1000));
  afterBurst = await latencyWindow(`${values['settle-seconds']} s after the burst`);
}
await consumer.disconnect();
await producer.disconnect();

// (3) The broker's raw ceiling on the same machine (Kafka's ProducerPerformance), records of the same size.
let ceiling = null;
if (!values['skip-ceiling']) {
  const size = Math.round(pair(0).messages.reduce((s, m) => s + m.value.length, 0) / 2);
  const perf = spawnSync('bash', ['infra/kafka/perf.sh'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, PERF_RECORD_SIZE: String(size), PERF_RECORDS: '300000' },
  });
  const match = /([\d.]+) records\/sec/.exec(perf.stdout + perf.stderr);
  ceiling = match ? Math.round(Number(match[1])) : null;
  log(`broker ceiling: ${ceiling ?? 'not measured'} records/s at ${size} B (ProducerPerformance, acks=all)`);
}

const referenceAtEnd = referenceMs();
log(`machine reference: ${referenceAtEnd} ms at the end (${referenceAtStart} ms at the start)`);

// Where the machine's time went: cores per process group at the offered rate, and CPU ms per application scored in
// the burst (it includes the whole system's background work over those seconds: autovacuum, checkpoints, GC).
if (latencies.cores === null) log('CPU per process: not measured (no /proc on this machine)');
console.log(
  JSON.stringify({
    bench: 'pipeline-cpu',
    cores_at_offered_rate: latencies.cores,
    cores_after_burst: afterBurst?.cores ?? null,
    cpu_ms_per_application: scaled(burstCpu, scored / 1000, 4),
    machine_reference_ms: { start: referenceAtStart, end: referenceAtEnd },
  }),
);
// The disks' write latency in each phase: PostgreSQL's commits wait for it (see disk-latency.mjs).
disk.stop();
if (burstDisk === null) log('disk write latency: not measured (no /proc/diskstats on this machine)');
console.log(
  JSON.stringify({
    bench: 'pipeline-disk',
    steady_state: latencies.diskWrites,
    burst: burstDisk,
    after_burst: afterBurst?.diskWrites ?? null,
  }),
);
// The busiest each process got, beside the memory limits of helm/riskstream/values.yaml.
const peaks = peakResidentMb(snapshot(ROOT));
if (peaks === null) log('peak memory per process: not measured (no /proc on this machine)');
console.log(
  JSON.stringify({
    bench: 'pipeline-memory',
    peak_resident_mb: peaks,
    peak_since: peaksFromStart ? 'benchmark start' : 'process start',
  }),
);
const steady = percentiles(latencies.stored);
const steadyReceived = percentiles(latencies.received);
const after = afterBurst ? percentiles(afterBurst.stored) : null;
console.log(
  JSON.stringify({
    bench: 'pipeline',
    applications: N,
    scored,
    throughput_per_s: Math.round(throughput),
    offered_rate_per_s: RATE,
    ...steady,
    p50_after_burst_ms: after?.p50_ms ?? null,
    p95_after_burst_ms: after?.p95_ms ?? null,
    p99_after_burst_ms: after?.p99_ms ?? null,
    // The same window, to the score event's receipt by this benchmark (the figure reported before 2026-11-22).
    p50_received_ms: steadyReceived.p50_ms,
    p95_received_ms: steadyReceived.p95_ms,
    p99_received_ms: steadyReceived.p99_ms,
    broker_ceiling_per_s: ceiling,
    waited_for_bureau_in_burst: waited,
  }),
);
const complete = (l) => l === null || l.stored.length === LATENCY_N;
process.exit(scored === N && complete(latencies) && complete(afterBurst) ? 0 : 1);
