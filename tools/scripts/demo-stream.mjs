// A demo stream of loan applications through the running stack: POSTs synthetic applications to the gateway
// (a few deliberately invalid ones too), then shows where they landed in PostgreSQL and reads one score back
// through the gateway's REST API.
//   node tools/scripts/demo-stream.mjs [--count 200] [--rate 50] [--gateway http://127.0.0.1:3000]
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '200' },
    rate: { type: 'string', default: '50' },
    gateway: { type: 'string', default: process.env.GATEWAY_URL ?? 'http://127.0.0.1:3000' },
    seed: { type: 'string', default: '42' },
  },
});
const count = Number(values.count);
const rate = Number(values.rate);
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://riskstream:riskstream@127.0.0.1:5433/riskstream';

// kafkajs 2.2.4 arms a negative timer on Node >= 22 (harmless): keep its warning out of the demo's output.
process.removeAllListeners('warning');
process.on('warning', (w) => w.name !== 'TimeoutNegativeWarning' && console.error(`${w.name}: ${w.message}`));

// Small deterministic PRNG so the demo is reproducible.
let state = Number(values.seed) >>> 0 || 1;
const rand = () => (state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32;
const pick = (items) => items[Math.floor(rand() * items.length)];
const normal = () => Math.sqrt(-2 * Math.log(rand() || 1e-9)) * Math.cos(2 * Math.PI * rand());

function application(i) {
  const age = Math.max(20, Math.min(75, Math.round(27 + Math.abs(normal()) * 8)));
  const income = Math.round(Math.exp(10.9 + normal() * 0.5));
  const grade = pick(['A', 'A', 'B', 'B', 'C', 'C', 'D', 'E', 'F', 'G']);
  const body = {
    applicationId: randomUUID(),
    customerId: `DEMO-${String(i).padStart(6, '0')}`,
    applicant: {
      age,
      annualIncome: income,
      homeOwnership: pick(['RENT', 'RENT', 'MORTGAGE', 'MORTGAGE', 'OWN', 'OTHER']),
      employmentLengthYears: rand() < 0.03 ? null : Math.min(age - 18, Math.floor(rand() * 10)),
    },
    loan: {
      amount: Math.round((500 + rand() * 24_500) / 25) * 25,
      currency: 'EUR',
      intent: pick(['EDUCATION', 'MEDICAL', 'VENTURE', 'PERSONAL', 'DEBTCONSOLIDATION', 'HOMEIMPROVEMENT']),
      grade,
      interestRatePct:
        rand() < 0.08 ? null : Math.round((5.5 + 'ABCDEFG'.indexOf(grade) * 2.6 + rand() * 2) * 100) / 100,
    },
  };
  // About 3 % are broken the way real feeds are: a wrong type, an unknown grade.
  if (rand() < 0.03) body.applicant.age = 'unknown';
  else if (rand() < 0.015) body.loan.grade = 'Z';
  return body;
}

// The credit bureau streams its reports straight onto Kafka (no REST); most customers have one before they apply,
// the others are scored without it once the features service's grace period (BUREAU_GRACE_MS) has passed.
const kafka = new Kafka({
  clientId: 'riskstream-demo',
  brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  logLevel: logLevel.NOTHING,
});
const bureau = kafka.producer();
await bureau.connect();

const statuses = new Map();
const accepted = [];
const started = Date.now();
console.log(`demo: sending ${count} applications to ${values.gateway}/v1/applications at ~${rate}/s`);
for (let i = 0; i < count; i++) {
  const due = started + (i * 1000) / rate;
  if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
  const body = application(i);
  if (rand() < 0.9) {
    const age = typeof body.applicant.age === 'number' ? body.applicant.age : 30;
    await bureau.send({
      topic: 'bureau.credit-report.received.v1',
      acks: -1,
      messages: [
        {
          key: body.customerId,
          value: JSON.stringify({
            reportId: randomUUID(),
            customerId: body.customerId,
            bureau: 'DEMO-BUREAU',
            reportedAt: new Date().toISOString(),
            priorDefaultOnFile: rand() < 0.15,
            creditHistoryLengthYears: Math.floor(rand() * Math.max(1, age - 18)),
          }),
          headers: { 'event-id': randomUUID() },
        },
      ],
    });
  }
  try {
    const res = await fetch(`${values.gateway}/v1/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    if (res.status === 202) accepted.push(body.applicationId);
    else if (res.status === 400 && (statuses.get(400) ?? 0) === 1) {
      const problem = await res.json();
      console.log(`demo: example rejection (400 problem+json): ${problem.detail}`);
    }
  } catch (error) {
    statuses.set('error', (statuses.get('error') ?? 0) + 1);
    if ((statuses.get('error') ?? 0) === 1) console.error(`demo: gateway unreachable: ${error.message}`);
  }
}
await bureau.disconnect();
console.log(
  `demo: responses ${JSON.stringify(Object.fromEntries(statuses))} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);

const db = new pg.Client({ connectionString: databaseUrl });
await db.connect();
try {
  const deadline = Date.now() + 30_000;
  let recorded = 0;
  while (Date.now() < deadline) {
    const { rows } = await db.query(
      'SELECT count(*)::int AS n FROM ingestion.loan_applications WHERE application_id = ANY($1::uuid[])',
      [accepted],
    );
    recorded = rows[0].n;
    const { rows: rej } = await db.query(
      'SELECT count(*)::int AS n FROM ingestion.rejected_events WHERE subject_id = ANY($1::text[])',
      [accepted],
    );
    if (recorded + rej[0].n >= accepted.length) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  console.log(
    `demo: ${recorded}/${accepted.length} accepted applications passed validation and were recorded in PostgreSQL`,
  );
  // Some applications break a rule that only ingestion knows (e.g. employment longer than working life): they
  // are rejected with reasons, not scored.
  const { rows: rejectedRows } = await db.query(
    `SELECT subject_id, reasons->0->>'rule' AS rule FROM ingestion.rejected_events WHERE subject_id = ANY($1::text[])`,
    [accepted],
  );
  const expected = accepted.length - rejectedRows.length;
  let scored = 0;
  while (Date.now() < deadline + 30_000) {
    const { rows } = await db.query(
      'SELECT count(*)::int AS n FROM scoring.predictions WHERE application_id = ANY($1::uuid[])',
      [accepted],
    );
    scored = rows[0].n;
    if (scored >= expected) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  console.log(`demo: ${scored} scored, ${rejectedRows.length} rejected by the validation rules`);
  const { rows: sample } = await db.query(
    `SELECT p.application_id, p.probability_of_default::numeric(6,4) AS pd, p.risk_band, p.decision,
            (SELECT string_agg(r->>'feature', ', ') FROM json_array_elements(p.reason_codes) r) AS reasons
       FROM scoring.predictions p WHERE p.application_id = ANY($1::uuid[]) ORDER BY p.scored_at DESC LIMIT 5`,
    [accepted],
  );
  console.table(sample);
  // What a product team sees: the same score over REST.
  if (sample.length > 0) {
    const url = `${values.gateway}/v1/applications/${sample[0].application_id}/score`;
    const res = await fetch(url);
    console.log(`demo: GET ${url} → ${res.status}`);
    console.log(JSON.stringify(await res.json(), null, 2));
    if (res.status !== 200) process.exitCode = 1;
  }
  if (recorded !== expected || scored < expected) process.exitCode = 1;
} finally {
  await db.end();
}
