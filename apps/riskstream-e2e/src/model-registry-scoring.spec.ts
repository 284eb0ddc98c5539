import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_HEADERS, TOPICS } from '@riskstream/contracts';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import pg from 'pg';
import { partitionsOf } from './support/consumer-group.js';
import {
  deriveBundle,
  featuresFromTestVector,
  registerBundle,
  type DerivedBundle,
} from './support/model-bundles.js';
import { freePort, ServiceProcess } from './support/service-process.js';
import { waitFor } from './support/wait-for.js';

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://riskstream:riskstream@127.0.0.1:5433/riskstream';

/** The series of a Prometheus metric on a service's /metrics, as label maps with their values. */
async function series(
  service: ServiceProcess,
  name: string,
): Promise<{ labels: Record<string, string>; value: number }[]> {
  const text = await (await fetch(`${service.url}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .map((line) => {
      const labels = Object.fromEntries([...line.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
      return { labels, value: Number(line.slice(line.lastIndexOf(' ') + 1)) };
    });
}

const servedModel = async (scoring: ServiceProcess) =>
  (await series(scoring, 'riskstream_scoring_model_info')).find((s) => s.value === 1)?.labels;

/**
 * The model registry and scoring as built processes: scoring serves its default bundle while the registry has no
 * production version, follows promotions and rollbacks without a restart (through models.lifecycle.changed.v1:
 * the safety poll is set to 10 minutes here), never serves a bundle that fails verification, and boots with the
 * registry's production version. The models are this run's own (the registry schema is shared with other runs and
 * with a running stack), and features are produced onto the partitions this scoring instance owns in its consumer
 * group, so another scoring instance in the group (e.g. `npm run up`) cannot score them.
 */
describe('model registry → scoring: promotions and rollbacks are followed without restart', () => {
  const run = randomUUID().slice(0, 8);
  const MODEL = `e2e-${run}-pd`;
  const clientId = `scoring-e2e-${run}`;
  const db = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
  const kafka = new Kafka({
    clientId: `riskstream-e2e-${run}`,
    brokers: BROKERS,
    logLevel: logLevel.NOTHING,
  });
  const producer: Producer = kafka.producer();
  const admin: Admin = kafka.admin();
  const bundles: Record<'a' | 'b' | 'c' | 'd', DerivedBundle> = {} as never;
  let registry: ServiceProcess;
  let scoring: ServiceProcess;
  let cacheDir: string;
  let scored = 0;
  const scoredBy = new Map<string, string>();

  const scoringEnv = (): Record<string, string> => ({
    MODEL_REGISTRY_URL: registry.url,
    MODEL_NAME: MODEL,
    MODEL_BUNDLE_DIR: bundles.a.dir,
    MODEL_CACHE_DIR: cacheDir,
    MODEL_REGISTRY_POLL_MS: '600000',
    KAFKA_CLIENT_ID: clientId,
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    KAFKA_REBALANCE_TIMEOUT_MS: '10000',
  });
  const startScoring = async () => {
    scoring = new ServiceProcess('scoring', await freePort(), scoringEnv());
    await scoring.start(90_000);
  };
  const post = (path: string, body: unknown) =>
    fetch(`${registry.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const who = { actor: 'e2e-analyst', reason: `e2e run ${run}` };

  /**
   * Scores one new application on this instance's partitions (or sends the features of `again`, an application
   * already scored, just before); returns the model version of the new application's prediction.
   */
  const scoreOne = async (again?: string): Promise<string> => {
    const topic = TOPICS.featuresComputed.name;
    const partitions = await waitFor('scoring to own features partitions', () =>
      partitionsOf(admin, 'riskstream.scoring', clientId, topic),
    );
    if (again) {
      // Same partition as the new application below: once that one is scored, this one has been handled.
      const features = await featuresFromTestVector(bundles.a.dir, 0);
      await producer.send({
        topic,
        acks: -1,
        messages: [
          {
            key: again,
            partition: partitions[0],
            value: JSON.stringify({
              applicationId: again,
              customerId: `e2e-${run}`,
              ...features,
              bureauStatus: 'JOINED',
              bureauReportId: null,
              dataQualityFlags: [],
              computedAt: new Date().toISOString(),
            }),
            headers: { [EVENT_HEADERS.eventId]: randomUUID() },
          },
        ],
      });
    }
    const applicationId = randomUUID();
    const event = {
      applicationId,
      customerId: `e2e-${run}`,
      ...(await featuresFromTestVector(bundles.a.dir, scored++)),
      bureauStatus: 'JOINED',
      bureauReportId: null,
      dataQualityFlags: [],
      computedAt: new Date().toISOString(),
    };
    await producer.send({
      topic,
      acks: -1,
      messages: [
        {
          key: applicationId,
          partition: partitions[0],
          value: JSON.stringify(event),
          headers: { [EVENT_HEADERS.eventId]: randomUUID() },
        },
      ],
    });
    const rows = await waitFor('the prediction', async () => {
      const { rows } = await db.query<{ model_name: string; model_version: string }>(
        'SELECT model_name, model_version FROM scoring.predictions WHERE application_id = $1',
        [applicationId],
      );
      return rows.length ? rows : undefined;
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.model_name).toBe(MODEL);
    scoredBy.set(applicationId, rows[0]!.model_version);
    return rows[0]!.model_version;
  };
  const waitForServed = (version: string) =>
    waitFor(`scoring to serve ${version}`, async () =>
      (await servedModel(scoring))?.['model_version'] === version ? true : undefined,
    );

  beforeAll(async () => {
    for (const v of ['a', 'b', 'c', 'd'] as const) bundles[v] = await deriveBundle(MODEL, `${run}-${v}`);
    cacheDir = await mkdtemp(join(tmpdir(), 'riskstream-e2e-model-cache-'));
    registry = new ServiceProcess('model-registry', await freePort());
    await registry.start();
    await Promise.all([producer.connect(), admin.connect()]);
    await startScoring();
  });

  afterAll(async () => {
    await scoring?.stop();
    await registry?.stop();
    await Promise.all([producer.disconnect(), admin.disconnect()]);
    await db.end();
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('serves the default bundle while the registry has no production version', async () => {
    const production = await fetch(`${registry.url}/v1/models/${MODEL}/production`);
    expect(production.status).toBe(404);
    expect(await servedModel(scoring)).toMatchObject({
      model_version: bundles.a.modelVersion,
      source: 'default-bundle',
    });
    expect(await scoreOne()).toBe(bundles.a.modelVersion);
  });

  it('scores with a newly promoted version, without restarting scoring', async () => {
    expect((await registerBundle(registry.url, bundles.b.dir)).status).toBe(201);
    expect((await registerBundle(registry.url, bundles.c.dir)).status).toBe(201);
    expect((await post(`/v1/models/${MODEL}/versions/${bundles.b.modelVersion}/promote`, who)).status).toBe(
      200,
    );
    await waitForServed(bundles.b.modelVersion);
    expect(await servedModel(scoring)).toMatchObject({ source: 'registry', bundle_sha256: bundles.b.digest });
    expect(await scoreOne()).toBe(bundles.b.modelVersion);

    expect((await post(`/v1/models/${MODEL}/versions/${bundles.c.modelVersion}/promote`, who)).status).toBe(
      200,
    );
    await waitForServed(bundles.c.modelVersion);
    expect(await scoreOne()).toBe(bundles.c.modelVersion);
  });

  it('scores with the previous version after a rollback', async () => {
    const res = await post(`/v1/models/${MODEL}/rollback`, who);
    expect(await res.json()).toMatchObject({
      fromVersion: bundles.c.modelVersion,
      toVersion: bundles.b.modelVersion,
    });
    await waitForServed(bundles.b.modelVersion);
    expect(await scoreOne()).toBe(bundles.b.modelVersion);
    // Earlier applications keep their one prediction, with the model that scored them.
    const { rows } = await db.query<{ application_id: string; model_version: string }>(
      'SELECT application_id, model_version FROM scoring.predictions WHERE application_id = ANY($1::uuid[])',
      [[...scoredBy.keys()]],
    );
    expect(new Map(rows.map((r) => [r.application_id, r.model_version]))).toEqual(scoredBy);
  });

  it('does not score an application again with a newer model (a features event re-delivered after a switch)', async () => {
    const [first, version] = [...scoredBy][0]!;
    expect(version).not.toBe(bundles.b.modelVersion);
    expect(await scoreOne(first)).toBe(bundles.b.modelVersion);
    const { rows } = await db.query<{ model_version: string }>(
      'SELECT model_version FROM scoring.predictions WHERE application_id = $1',
      [first],
    );
    expect(rows.map((r) => r.model_version)).toEqual([version]);
  });

  it('never serves a promoted bundle that fails verification: keeps the current one, counts it, stays ready', async () => {
    const d = bundles.d;
    expect((await registerBundle(registry.url, d.dir)).status).toBe(201);
    // Tamper with the stored model (bytes and their recorded sha256 together, so only the bundle's own
    // bundle.sha256 can tell): the registry serves it, scoring must refuse it.
    const tampered = Buffer.concat([await readFile(join(d.dir, 'model.onnx')), Buffer.from('tampered')]);
    const client = await db.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        'ALTER TABLE model_registry.model_artifacts DISABLE TRIGGER model_artifacts_immutable',
      );
      await client.query(
        `UPDATE model_registry.model_artifacts SET content = $2, sha256 = $3, size_bytes = $4
          WHERE path = 'model.onnx' AND version_id =
            (SELECT id FROM model_registry.model_versions WHERE model_name = $1 AND model_version = $5)`,
        [
          MODEL,
          tampered,
          createHash('sha256').update(tampered).digest('hex'),
          tampered.length,
          d.modelVersion,
        ],
      );
      await client.query(
        'ALTER TABLE model_registry.model_artifacts ENABLE TRIGGER model_artifacts_immutable',
      );
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    expect((await post(`/v1/models/${MODEL}/versions/${d.modelVersion}/promote`, who)).status).toBe(200);
    const rejected = await waitFor('the rejection to be counted', async () => {
      const counted = (await series(scoring, 'riskstream_scoring_model_rejected_total')).filter(
        (s) => s.value >= 1,
      );
      return counted.length ? counted : undefined;
    });
    expect(rejected[0]!.labels['reason']).toBe('INTEGRITY');
    expect(await servedModel(scoring)).toMatchObject({ model_version: bundles.b.modelVersion });
    expect((await series(scoring, 'riskstream_scoring_model_registry_in_sync'))[0]!.value).toBe(0);
    expect((await fetch(`${scoring.url}/health/ready`)).status).toBe(200);
    expect(await scoreOne()).toBe(bundles.b.modelVersion);
  });

  it('refuses to boot while the production version cannot be verified, and never falls back to the default', async () => {
    expect(await scoring.stop('SIGTERM')).toBe(0);
    const restarted = new ServiceProcess('scoring', await freePort(), scoringEnv());
    await expect(restarted.start(60_000)).rejects.toThrow(/exited with 1/);
    expect(restarted.logs).toMatch(/cannot be served, refusing to start/);
  });

  it('boots with the registry production version after it is rolled back', async () => {
    const res = await post(`/v1/models/${MODEL}/rollback`, who);
    expect(await res.json()).toMatchObject({
      fromVersion: bundles.d.modelVersion,
      toVersion: bundles.b.modelVersion,
    });
    await startScoring();
    expect(await servedModel(scoring)).toMatchObject({
      model_version: bundles.b.modelVersion,
      source: 'registry',
    });
    expect(await scoreOne()).toBe(bundles.b.modelVersion);
  });

  it('fails to boot, after its timeout, when the configured registry is unreachable', async () => {
    const orphan = new ServiceProcess('scoring', await freePort(), {
      ...scoringEnv(),
      MODEL_REGISTRY_URL: `http://127.0.0.1:${await freePort()}`,
      MODEL_REGISTRY_BOOT_TIMEOUT_MS: '2000',
    });
    await expect(orphan.start(60_000)).rejects.toThrow(/exited with 1/);
    expect(orphan.logs).toMatch(/unreachable for 2000 ms.*refusing to score with a model it did not choose/s);
  });

  it('consumes only once its model is loaded: a backlog that waited through a slow boot is all scored, none dead-lettered', async () => {
    await scoring.stop();
    const ids = Array.from({ length: 40 }, () => randomUUID());
    await producer.send({
      topic: TOPICS.featuresComputed.name,
      acks: -1,
      messages: await Promise.all(
        ids.map(async (applicationId, i) => ({
          key: applicationId,
          value: JSON.stringify({
            applicationId,
            customerId: `e2e-${run}`,
            ...(await featuresFromTestVector(bundles.a.dir, i)),
            bureauStatus: 'JOINED',
            bureauReportId: null,
            dataQualityFlags: [],
            computedAt: new Date().toISOString(),
          }),
          headers: { [EVENT_HEADERS.eventId]: randomUUID() },
        })),
      ),
    });
    // The registry this instance follows answers only after ~8 s and its own boot: scoring's model loads late.
    // A consumer started before the model (as a hybrid Nest app does by default) failed its batches meanwhile and
    // dead-lettered them once their attempts ran out.
    const late = new ServiceProcess('model-registry', await freePort());
    scoring = new ServiceProcess('scoring', await freePort(), {
      ...scoringEnv(),
      MODEL_REGISTRY_URL: late.url,
    });
    const booting = scoring.start(120_000);
    try {
      await new Promise((r) => setTimeout(r, 8_000));
      await late.start();
      await booting;
      const counts = await waitFor(
        'every application of the backlog scored',
        async () => {
          const { rows } = await db.query<{ application_id: string; n: number }>(
            'SELECT application_id, count(*)::int AS n FROM scoring.predictions WHERE application_id = ANY($1::uuid[]) GROUP BY 1',
            [ids],
          );
          return rows.length === ids.length ? rows : undefined;
        },
        90_000,
      );
      expect(counts.map((r) => r.n)).toEqual(ids.map(() => 1));
      const deadLettered = (await series(scoring, 'riskstream_kafka_messages_total')).filter(
        (s) => s.labels['outcome'] === 'dead_lettered',
      );
      expect(deadLettered.reduce((n, s) => n + s.value, 0)).toBe(0);
    } finally {
      await booting.catch(() => undefined);
      await late.stop();
    }
  }, 240_000);
});
