// npm run bench:outbox-storage [-- --transactions 100 --events 500]
// What an outbox costs PostgreSQL per event, for three ways of storing a transaction's events: one row per event
// (the layout before outbox_batch, written from one JSON document as it was), one row per transaction holding the
// events uncompressed, and one row per transaction compressed with encodeOutboxBatch (what the services write).
// Each transaction inserts a batch of features-like events and commits; its rows are then deleted, as the relay
// does. Reports the server backend's CPU (from /proc, so PostgreSQL must run on this machine), the wall time and
// the WAL per event, and the client's encoding time. Works in a scratch schema it drops afterwards. Uses the
// stack's PostgreSQL (starts the infrastructure when it is not running).
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { encodeOutboxBatch } from '@riskstream/messaging';

const { values } = parseArgs({
  options: {
    transactions: { type: 'string', default: '100' },
    events: { type: 'string', default: '500' },
  },
});
const ROUNDS = Number(values.transactions);
const N = Number(values.events);
const ROOT = new URL('../../', import.meta.url).pathname;
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://riskstream:riskstream@127.0.0.1:5433/riskstream';
const log = (...args) => console.error('bench:outbox-storage:', ...args);

let client = new pg.Client(DATABASE_URL);
try {
  await client.connect();
} catch {
  log('PostgreSQL not reachable: starting the infrastructure (tools/stack/stack.sh infra-up)');
  execFileSync('bash', ['tools/stack/stack.sh', 'infra-up'], { cwd: ROOT, stdio: 'inherit' });
  client = new pg.Client(DATABASE_URL);
  await client.connect();
}
const pid = (await client.query('SELECT pg_backend_pid() AS p')).rows[0].p;
/** The backend's CPU time in ms (utime + stime, in clock ticks of 10 ms). */
const backendCpuMs = () => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};

const S = 'outbox_storage_bench';
await client.query(`DROP SCHEMA IF EXISTS ${S} CASCADE`);
await client.query(`CREATE SCHEMA ${S}`);
await client.query(`CREATE TABLE ${S}.per_event (id bigserial PRIMARY KEY, event_id text NOT NULL, topic text NOT NULL,
  message_key text, payload text NOT NULL, headers jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
for (const t of ['plain', 'zstd']) {
  await client.query(`CREATE TABLE ${S}.${t} (id bigserial PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now(),
    events integer NOT NULL, messages bytea NOT NULL)`);
  await client.query(`ALTER TABLE ${S}.${t} ALTER COLUMN messages SET STORAGE EXTERNAL`);
}

/** A features-computed-like event: ids, a timestamp and 40 named doubles (~1.6 KB of JSON). */
function entry() {
  const features = {};
  for (let i = 0; i < 40; i++) features[`feature_${i}`] = Math.random() * 1000;
  const applicationId = randomUUID();
  return {
    eventId: randomUUID(),
    topic: 'risk.features.computed.v1',
    key: applicationId,
    value: JSON.stringify({
      applicationId,
      customerId: `customer-${Math.floor(Math.random() * 1e9)}`,
      featureSpecVersion: '1.0.0',
      features,
      bureauMissing: false,
      computedAt: new Date().toISOString(),
    }),
    headers: {
      'event-id': randomUUID(),
      'schema-version': '1',
      'event-time': new Date().toISOString(),
      traceparent: `00-${randomUUID().replace(/-/g, '')}-0123456789abcdef-01`,
    },
  };
}

const layouts = {
  // The per-event layout as written before outbox_batch: one JSON document through json_to_recordset.
  'row per event': {
    encode: (entries) => {
      let doc = '[';
      entries.forEach((e, n) => {
        doc += `${n ? ',' : ''}{"n":${n},"e":${JSON.stringify(e.eventId)},"t":${JSON.stringify(e.topic)},"k":${JSON.stringify(e.key)},"v":${e.value},"h":${JSON.stringify(e.headers)}}`;
      });
      return `${doc}]`;
    },
    insert: async (doc) =>
      (
        await client.query(
          `INSERT INTO ${S}.per_event (event_id, topic, message_key, payload, headers)
           SELECT e, t, k, v::text, h FROM json_to_recordset($1::json) AS u(n int, e text, t text, k text, v json, h jsonb)
            ORDER BY n RETURNING id`,
          [doc],
        )
      ).rows.map((r) => r.id),
    remove: (ids) => client.query(`DELETE FROM ${S}.per_event WHERE id = ANY($1::bigint[])`, [ids]),
  },
  'row per transaction, uncompressed': {
    encode: (entries) => {
      const header = JSON.stringify({
        f: 1,
        m: entries.map((e) => ({
          e: e.eventId,
          t: e.topic,
          k: e.key,
          h: e.headers,
          l: Buffer.byteLength(e.value),
        })),
      });
      return Buffer.from(`${header}\n${entries.map((e) => e.value).join('')}`);
    },
    insert: async (blob) =>
      (
        await client.query(`INSERT INTO ${S}.plain (events, messages) VALUES ($1, $2) RETURNING id`, [
          N,
          blob,
        ])
      ).rows.map((r) => r.id),
    remove: (ids) => client.query(`DELETE FROM ${S}.plain WHERE id = ANY($1::bigint[])`, [ids]),
  },
  'row per transaction, zstd (outbox_batch)': {
    encode: (entries) => encodeOutboxBatch(entries),
    insert: async (blob) =>
      (
        await client.query(`INSERT INTO ${S}.zstd (events, messages) VALUES ($1, $2) RETURNING id`, [N, blob])
      ).rows.map((r) => r.id),
    remove: (ids) => client.query(`DELETE FROM ${S}.zstd WHERE id = ANY($1::bigint[])`, [ids]),
  },
};

async function measure(layout) {
  const batches = Array.from({ length: ROUNDS }, () => Array.from({ length: N }, entry));
  await client.query('CHECKPOINT'); // every layout starts right after a checkpoint (same full-page images)
  const lsn0 = (await client.query('SELECT pg_current_wal_lsn() AS l')).rows[0].l;
  const cpu0 = backendCpuMs();
  const t0 = performance.now();
  let encodeMs = 0;
  for (const entries of batches) {
    const e0 = performance.now();
    const encoded = layout.encode(entries);
    encodeMs += performance.now() - e0;
    await client.query('BEGIN');
    const ids = await layout.insert(encoded);
    await client.query('COMMIT');
    await layout.remove(ids);
  }
  const wallMs = performance.now() - t0;
  const cpuMs = backendCpuMs() - cpu0;
  const wal = Number(
    (await client.query('SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1) AS d', [lsn0])).rows[0].d,
  );
  const per = (x) => Math.round((x * 1000 * 10) / (ROUNDS * N)) / 10; // µs per event, one decimal
  return {
    pg_cpu_us: per(cpuMs),
    wall_us: per(wallMs),
    encode_us: per(encodeMs),
    wal_bytes: Math.round(wal / (ROUNDS * N)),
  };
}

const results = {};
try {
  // Twice each, interleaved; the second pass is reported (the first warms caches and the JIT).
  for (let pass = 0; pass < 2; pass++)
    for (const [name, layout] of Object.entries(layouts)) {
      results[name] = await measure(layout);
      if (pass === 1)
        log(
          `${name}: PostgreSQL CPU ${results[name].pg_cpu_us} µs/event, wall ${results[name].wall_us} µs/event, ` +
            `encoding ${results[name].encode_us} µs/event, WAL ${results[name].wal_bytes} B/event`,
        );
    }
} finally {
  await client.query(`DROP SCHEMA IF EXISTS ${S} CASCADE`);
  await client.end();
}
const [perEvent, plain, zstd] = Object.values(results);
console.log(
  JSON.stringify({
    bench: 'outbox-storage',
    transactions: ROUNDS,
    events_per_transaction: N,
    pg_cpu_us_per_event_row_per_event: perEvent.pg_cpu_us,
    pg_cpu_us_per_event_row_per_transaction: plain.pg_cpu_us,
    pg_cpu_us_per_event_zstd_batch: zstd.pg_cpu_us,
    encode_us_per_event_zstd_batch: zstd.encode_us,
    wal_bytes_per_event_row_per_event: perEvent.wal_bytes,
    wal_bytes_per_event_zstd_batch: zstd.wal_bytes,
  }),
);
