// npm run bench:inference [-- --model DIR --seconds 3 --rounds 5 --threads 1]
// Throughput of the TypeScript scorer (@riskstream/scoring, built) on a model bundle (default: the committed default
// bundle): calibrated PDs via onnxruntime-node at batch 1, 100 and 10,000 rows, and the cost per row of exact
// TreeSHAP reason codes (contributions + top-4 ranking). Rows are synthetic valid applications (the bundle's test
// vector records, perturbed within the validation rules) run through the feature spec (computeFeatureVector).
// Each figure: warm-up, then `rounds` timed rounds of `seconds` each; the median round is reported.
// Last line: {"bench":"inference","rows_per_s_batch_1":…,"rows_per_s_batch_100":…,"rows_per_s_batch_10000":…,"shap_us_per_row":…}
// shap_us_per_row is measured the way the scoring service and score:file compute reason codes: per micro-batch of
// 100 rows (also printed: batch 1 = single-row latency, batch 10,000).
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { computeFeatureVector, evaluateRules } from '@riskstream/feature-spec';
import { loadModelBundle, rankReasons } from '@riskstream/scoring';

const { values: args } = parseArgs({
  options: {
    model: {
      type: 'string',
      default: new URL('../../libs/scoring/assets/default-bundle', import.meta.url).pathname,
    },
    seconds: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '5' },
    threads: { type: 'string', default: '1' },
    rows: { type: 'string', default: '20000' },
  },
});
const SECONDS = Number(args.seconds);
const ROUNDS = Number(args.rounds);
const N_ROWS = Number(args.rows);
const log = (...a) => console.error('bench:inference:', ...a);

const bundle = await loadModelBundle(args.model, { intraOpNumThreads: Number(args.threads) });
const nf = bundle.numFeatures;
log(
  `model ${bundle.modelName} ${bundle.modelVersion} (${bundle.manifest.model.family}, ${nf} features), ` +
    `onnxruntime intra-op threads ${args.threads}; ${cpus().length} CPUs (${cpus()[0]?.model}), Node ${process.version}`,
);

// ------------------------------------------------------------------ synthetic rows
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = mulberry32(20261122);
const base = bundle.manifest.testVectors.map((tv) => ({
  employed: null,
  bankBalance: null,
  age: null,
  annualIncome: null,
  homeOwnership: null,
  employmentLengthYears: null,
  loanAmount: null,
  loanIntent: null,
  loanGrade: null,
  interestRatePct: null,
  priorDefaultOnFile: null,
  creditHistoryLengthYears: null,
  ...tv.record,
}));
const jitter = (v, spread, round = 0) =>
  v == null ? v : Number((v * (1 + (rnd() * 2 - 1) * spread)).toFixed(round));
const rows = new Float32Array(N_ROWS * nf);
for (let i = 0, made = 0; made < N_ROWS; i++) {
  const r = { ...base[i % base.length] };
  r.annualIncome = jitter(r.annualIncome, 0.3);
  r.loanAmount = jitter(r.loanAmount, 0.4);
  r.interestRatePct = jitter(r.interestRatePct, 0.2, 2);
  if (r.age != null) r.age = Math.max(18, Math.min(100, r.age + Math.round((rnd() * 2 - 1) * 5)));
  if (evaluateRules(r, (f) => f).violations.length) continue;
  bundle.modelInput(computeFeatureVector(r), rows, made * nf);
  made++;
}

// ------------------------------------------------------------------ timing helpers
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** Runs `step` (returns rows done) repeatedly for `seconds`; returns rows/s. */
async function rate(step, seconds) {
  let done = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(Math.round(seconds * 1e9));
  let now = start;
  while (now < end) {
    done += await step();
    now = process.hrtime.bigint();
  }
  return done / (Number(now - start) / 1e9);
}
async function measure(label, step) {
  await rate(step, Math.min(1, SECONDS)); // warm-up (JIT, onnxruntime arenas)
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) rounds.push(await rate(step, SECONDS));
  const m = median(rounds);
  log(
    `${label}: ${Math.round(m).toLocaleString('en')} rows/s (rounds: ${rounds.map((x) => Math.round(x)).join(', ')})`,
  );
  return m;
}

// ------------------------------------------------------------------ scoring
const scoreAt = (batch) => {
  let offset = 0;
  return async () => {
    if (offset + batch > N_ROWS) offset = 0;
    await bundle.scoreBatch(rows.subarray(offset * nf, (offset + batch) * nf), batch);
    offset += batch;
    return batch;
  };
};
const score1 = await measure('scoreBatch batch 1', scoreAt(1));
const score100 = await measure('scoreBatch batch 100', scoreAt(100));
const score10000 = await measure('scoreBatch batch 10000', scoreAt(10000));

// ------------------------------------------------------------------ reason codes (exact TreeSHAP + top 4)
const names = bundle.featureNames;
const contributions = new Float64Array(10000 * nf);
const reasonsAt = (batch) => {
  let offset = 0;
  return async () => {
    if (offset + batch > N_ROWS) offset = 0;
    const slice = rows.subarray(offset * nf, (offset + batch) * nf);
    bundle.explainBatch(slice, batch, contributions);
    for (let i = 0; i < batch; i++) rankReasons(names, contributions, slice, 4, i * nf);
    offset += batch;
    return batch;
  };
};
const us = (rowsPerSecond) => 1e6 / rowsPerSecond;
const shap1 = us(await measure('reason codes batch 1', reasonsAt(1)));
const shap100 = us(await measure('reason codes batch 100', reasonsAt(100)));
const shap10000 = us(await measure('reason codes batch 10000', reasonsAt(10000)));
log(
  `reason codes µs/row: batch 1 ${shap1.toFixed(1)}, batch 100 ${shap100.toFixed(1)}, batch 10000 ${shap10000.toFixed(1)}`,
);
await bundle.close();

const round1 = (x) => Math.round(x * 10) / 10;
console.log(
  JSON.stringify({
    bench: 'inference-detail',
    model: `${bundle.modelName} ${bundle.modelVersion}`,
    family: bundle.manifest.model.family,
    threads: Number(args.threads),
    shap_us_per_row_batch_1: round1(shap1),
    shap_us_per_row_batch_100: round1(shap100),
    shap_us_per_row_batch_10000: round1(shap10000),
  }),
);
console.log(
  JSON.stringify({
    bench: 'inference',
    rows_per_s_batch_1: Math.round(score1),
    rows_per_s_batch_100: Math.round(score100),
    rows_per_s_batch_10000: Math.round(score10000),
    shap_us_per_row: round1(shap100),
  }),
);
