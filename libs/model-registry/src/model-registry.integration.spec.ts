// The registry's REST API served by the lib's Nest module exactly as apps/model-registry serves it, against the real
// PostgreSQL (schema model_registry, migrated by the integration global setup) and the real Kafka broker.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Module, type INestApplication } from '@nestjs/common';
import { BaseServiceConfig } from '@riskstream/config';
import { TOPICS, type ModelLifecycleV1 } from '@riskstream/contracts';
import { pendingOutboxEvents } from '@riskstream/messaging';
import { serviceDataSourceOptions } from '@riskstream/persistence';
import { createServiceApp, PlatformModule } from '@riskstream/service-platform';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { MODEL_REGISTRY_ENTITIES, MODEL_REGISTRY_MIGRATIONS, MODEL_REGISTRY_SCHEMA } from './index.js';
import { ModelRegistryModule } from './model-registry.module.js';
import { deriveBundle, readBundle } from '@riskstream/scoring/testing';

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://riskstream:riskstream@127.0.0.1:5433/riskstream';

interface Problem {
  status: number;
  code: string;
  title: string;
  errors?: { field: string; rule: string }[];
}

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 20_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('model registry (real PostgreSQL + Kafka)', () => {
  const run = randomUUID().slice(0, 8);
  // Models of this run only: the schema is shared with other runs and with a running stack.
  const MODEL = `it-${run}-pd`;
  const kafka = new Kafka({
    clientId: `model-registry-it-${run}`,
    brokers: BROKERS,
    logLevel: logLevel.NOTHING,
  });
  const events: ModelLifecycleV1[] = [];
  const dataSource = new DataSource(
    serviceDataSourceOptions({
      url: DATABASE_URL,
      schema: MODEL_REGISTRY_SCHEMA,
      serviceName: 'model-registry-it',
      entities: MODEL_REGISTRY_ENTITIES,
      migrations: MODEL_REGISTRY_MIGRATIONS,
      poolSize: 4,
    }),
  );
  let app: INestApplication;
  let url: string;
  let consumer: Consumer;
  const bundles: Record<string, { dir: string; digest: string }> = {};

  beforeAll(async () => {
    for (const v of ['v1', 'v2', 'v3']) bundles[v] = await deriveBundle(MODEL, v);
    process.env['LOG_LEVEL'] = 'silent';
    class TestConfig extends BaseServiceConfig {
      override PORT = 3006;
    }
    @Module({
      imports: [
        PlatformModule.forRoot({ serviceName: 'model-registry', config: TestConfig, dataSource }),
        ModelRegistryModule,
      ],
    })
    class TestModule {}
    app = await createServiceApp(TestModule, { serviceName: 'model-registry', port: 0 });
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;

    consumer = kafka.consumer({ groupId: `model-registry-it-${run}` });
    let joined = false;
    consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
    await consumer.connect();
    await consumer.subscribe({ topics: [TOPICS.modelLifecycle.name], fromBeginning: false });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const event = JSON.parse(message.value!.toString()) as ModelLifecycleV1;
        if (event.modelName.startsWith(`it-${run}-`)) events.push(event);
      },
    });
    await waitFor('the event consumer to join', () => (joined ? true : undefined));
    await new Promise((r) => setTimeout(r, 1_000));
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await app?.close();
  });

  const register = async (
    dir: string,
    fields: Record<string, string> = {},
    tweak?: (files: Map<string, Buffer>) => void,
  ) => {
    const files = await readBundle(dir);
    tweak?.(files);
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    for (const [path, bytes] of files) form.append('files', new Blob([bytes]), path);
    return fetch(`${url}/v1/models`, { method: 'POST', body: form });
  };
  const post = (path: string, body: unknown) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const get = (path: string) => fetch(`${url}${path}`);
  const auditRows = async (model = MODEL) =>
    (await dataSource.query(
      `SELECT action, from_version, to_version, actor, reason, event_id FROM model_registry.model_stage_changes
        WHERE model_name = $1 ORDER BY id`,
      [model],
    )) as {
      action: string;
      from_version: string | null;
      to_version: string;
      actor: string;
      event_id: string;
    }[];
  const stages = async (model = MODEL) =>
    Object.fromEntries(
      (
        (await dataSource.query(
          `SELECT model_version, stage FROM model_registry.model_versions WHERE model_name = $1`,
          [model],
        )) as { model_version: string; stage: string }[]
      ).map((r) => [r.model_version, r.stage]),
    );

  describe('registration', () => {
    it('verifies and stores a bundle, audits it and publishes REGISTERED (training pipeline protocol)', async () => {
      const { dir, digest } = bundles['v1']!;
      const files = await readBundle(dir);
      const form = new FormData();
      form.append('manifest', new Blob([files.get('manifest.json')!]), 'manifest.json');
      form.append('modelName', MODEL);
      form.append('modelVersion', 'v1');
      form.append('bundleSha256', digest);
      form.append('registeredBy', 'trainer');
      for (const [path, bytes] of files) form.append('files', new Blob([bytes]), path);
      const res = await fetch(`${url}/v1/models`, { method: 'POST', body: form });
      expect(res.status).toBe(201);
      const version = (await res.json()) as Record<string, unknown>;
      expect(version).toMatchObject({
        modelName: MODEL,
        modelVersion: 'v1',
        bundleSha256: digest,
        stage: 'NONE',
        modelFamily: 'lightgbm',
        registeredBy: 'trainer',
      });
      expect((version['metrics'] as { rocAuc: number }).rocAuc).toBeGreaterThan(0.5);

      const listing = (await (await get(`/v1/models/${MODEL}/versions/v1/files`)).json()) as {
        files: { path: string; sha256: string }[];
      };
      expect(listing.files.map((f) => f.path).sort()).toEqual([...files.keys()].sort());
      const onnx = await get(`/v1/models/${MODEL}/versions/v1/files/model.onnx`);
      expect(Buffer.from(await onnx.arrayBuffer()).equals(files.get('model.onnx')!)).toBe(true);
      expect(onnx.headers.get('etag')).toBe(
        `"${listing.files.find((f) => f.path === 'model.onnx')!.sha256}"`,
      );

      expect(await auditRows()).toEqual([
        expect.objectContaining({
          action: 'REGISTERED',
          from_version: null,
          to_version: 'v1',
          actor: 'trainer',
        }),
      ]);
      const event = await waitFor('the REGISTERED event', () =>
        events.find((e) => e.action === 'REGISTERED'),
      );
      expect(event).toMatchObject({
        modelVersion: 'v1',
        stage: 'NONE',
        bundleSha256: digest,
        actor: 'trainer',
      });
    });

    it('answers 200 with the existing version when the identical bundle is registered again', async () => {
      const res = await register(bundles['v1']!.dir);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ modelVersion: 'v1', registeredBy: 'trainer' });
      expect(await auditRows()).toHaveLength(1);
    });

    it('refuses another bundle under a registered version with 409, keeping the stored one', async () => {
      const other = await deriveBundle(MODEL, 'v1', {
        edit: (m) => (m['createdAt'] = '2020-01-01T00:00:00Z'),
      });
      const res = await register(other.dir);
      expect(res.status).toBe(409);
      expect(((await res.json()) as Problem).code).toBe('MODEL_VERSION_CONFLICT');
      const stored = (await (await get(`/v1/models/${MODEL}/versions/v1`)).json()) as {
        bundleSha256: string;
      };
      expect(stored.bundleSha256).toBe(bundles['v1']!.digest);
    });

    it('refuses a corrupted bundle with 422 naming the file, and stores nothing', async () => {
      const res = await register(bundles['v2']!.dir, {}, (files) =>
        files.set('model.onnx', Buffer.concat([files.get('model.onnx')!, Buffer.from([0])])),
      );
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await res.json()) as Problem;
      expect(problem.code).toBe('BUNDLE_REJECTED');
      expect(problem.errors![0]!.rule).toBe('bundle.INTEGRITY');
      expect(problem.title).toMatch(/model\.onnx/);
      expect(await stages()).not.toHaveProperty('v2');
    });

    it('refuses a bundle whose test vectors the model does not reproduce (parity) with 422', async () => {
      const skewed = await deriveBundle(MODEL, 'v-skewed', {
        edit: (m) => {
          const vectors = m['testVectors'] as { probability: number }[];
          vectors[0]!.probability = Math.min(1, vectors[0]!.probability + 0.01);
        },
      });
      const problem = (await (await register(skewed.dir)).json()) as Problem;
      expect(problem).toMatchObject({ status: 422, code: 'BUNDLE_REJECTED' });
      expect(problem.errors![0]!.rule).toMatch(/^bundle\.PARITY_/);
      expect(await stages()).not.toHaveProperty('v-skewed');
    });

    it('refuses declared fields that differ from the bundle with 422', async () => {
      const res = await register(bundles['v2']!.dir, { modelVersion: 'v7' });
      expect(res.status).toBe(422);
      expect(((await res.json()) as Problem).code).toBe('DECLARED_METADATA_MISMATCH');
    });

    it('refuses an upload that is not a bundle with 400', async () => {
      const res = await register(bundles['v2']!.dir, {}, (files) => files.delete('bundle.sha256'));
      expect(res.status).toBe(400);
      expect(((await res.json()) as Problem).code).toBe('INVALID_UPLOAD');
    });
  });

  describe('promotion and rollback', () => {
    beforeAll(async () => {
      for (const v of ['v2', 'v3']) expect((await register(bundles[v]!.dir)).status).toBe(201);
    });
    const who = { actor: 'analyst-1', reason: 'CHG-42 quarterly model' };

    it('has no production version until one is promoted (404 problem)', async () => {
      const res = await get(`/v1/models/${MODEL}/production`);
      expect(res.status).toBe(404);
      expect(((await res.json()) as Problem).code).toBe('NO_PRODUCTION_VERSION');
    });

    it('refuses an invalid body and an unknown version', async () => {
      expect((await post(`/v1/models/${MODEL}/versions/v1/promote`, { actor: 'a' })).status).toBe(400);
      const missing = await post(`/v1/models/${MODEL}/versions/v9/promote`, who);
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as Problem).code).toBe('MODEL_VERSION_NOT_FOUND');
    });

    it('promotes v1, then v2 (v1 archived), audited and published in order', async () => {
      const first = await post(`/v1/models/${MODEL}/versions/v1/promote`, who);
      expect(first.status).toBe(200);
      expect(await first.json()).toMatchObject({ action: 'PROMOTED', fromVersion: null, toVersion: 'v1' });
      const again = await post(`/v1/models/${MODEL}/versions/v1/promote`, who);
      expect(again.status).toBe(409);
      expect(((await again.json()) as Problem).code).toBe('ALREADY_IN_PRODUCTION');

      const second = (await (await post(`/v1/models/${MODEL}/versions/v2/promote`, who)).json()) as {
        eventId: string;
      };
      expect(await stages()).toEqual({ v1: 'ARCHIVED', v2: 'PRODUCTION', v3: 'NONE' });
      expect(await (await get(`/v1/models/${MODEL}/production`)).json()).toMatchObject({
        modelVersion: 'v2',
        bundleSha256: bundles['v2']!.digest,
      });
      const audit = (await auditRows()).filter((r) => r.action === 'PROMOTED');
      expect(audit).toEqual([
        expect.objectContaining({
          from_version: null,
          to_version: 'v1',
          actor: who.actor,
          reason: who.reason,
        }),
        expect.objectContaining({ from_version: 'v1', to_version: 'v2', event_id: second.eventId }),
      ]);
      const promoted = await waitFor('both PROMOTED events', () => {
        const found = events.filter((e) => e.action === 'PROMOTED');
        return found.length === 2 ? found : undefined;
      });
      expect(promoted.map((e) => [e.modelVersion, e.previousVersion, e.stage])).toEqual([
        ['v1', null, 'PRODUCTION'],
        ['v2', 'v1', 'PRODUCTION'],
      ]);
      expect(promoted[1]).toMatchObject({
        bundleSha256: bundles['v2']!.digest,
        actor: who.actor,
        reason: who.reason,
      });
    });

    it('rolls back to the previous production version, then refuses with 409 when there is none', async () => {
      const res = await post(`/v1/models/${MODEL}/rollback`, { actor: 'analyst-2', reason: 'INC-7 drift' });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ action: 'ROLLED_BACK', fromVersion: 'v2', toVersion: 'v1' });
      expect(await stages()).toEqual({ v1: 'PRODUCTION', v2: 'ARCHIVED', v3: 'NONE' });
      const event = await waitFor('the ROLLED_BACK event', () =>
        events.find((e) => e.action === 'ROLLED_BACK'),
      );
      expect(event).toMatchObject({ modelVersion: 'v1', previousVersion: 'v2', actor: 'analyst-2' });

      const nothing = await post(`/v1/models/${MODEL}/rollback`, who);
      expect(nothing.status).toBe(409);
      expect(((await nothing.json()) as Problem).code).toBe('NOTHING_TO_ROLL_BACK');
      expect((await auditRows()).map((r) => r.action)).toEqual([
        'REGISTERED',
        'REGISTERED',
        'REGISTERED',
        'PROMOTED',
        'PROMOTED',
        'ROLLED_BACK',
      ]);
    });

    it('lists versions newest first and serves the audit trail', async () => {
      const list = (await (await get(`/v1/models/${MODEL}/versions`)).json()) as { modelVersion: string }[];
      expect(list.map((v) => v.modelVersion)).toEqual(['v3', 'v2', 'v1']);
      const history = (await (await get(`/v1/models/${MODEL}/history`)).json()) as { action: string }[];
      expect(history).toHaveLength(6);
      expect((await get(`/v1/models/it-${run}-unknown/versions`)).status).toBe(404);
    });

    it('serialises concurrent promotions: every one applies, one production version at the end', async () => {
      const model = `it-${run}-race`;
      const versions = ['r1', 'r2', 'r3', 'r4'];
      for (const v of versions) expect((await register((await deriveBundle(model, v)).dir)).status).toBe(201);
      const results = await Promise.all(
        versions.map((v) => post(`/v1/models/${model}/versions/${v}/promote`, who).then((r) => r.status)),
      );
      expect(results).toEqual([200, 200, 200, 200]);
      expect(Object.values(await stages(model)).filter((s) => s === 'PRODUCTION')).toHaveLength(1);
      // The trail is a chain: each promotion archived the one before it.
      const promotions = (await auditRows(model)).filter((r) => r.action === 'PROMOTED');
      promotions.forEach((row, i) =>
        expect(row.from_version).toBe(i === 0 ? null : promotions[i - 1]!.to_version),
      );
    });
  });

  describe('database guarantees', () => {
    it('keeps the audit trail append-only and registered bytes immutable', async () => {
      await expect(
        dataSource.query(`UPDATE model_registry.model_stage_changes SET actor = 'x' WHERE model_name = $1`, [
          MODEL,
        ]),
      ).rejects.toThrow(/immutable/);
      await expect(
        dataSource.query(`DELETE FROM model_registry.model_stage_changes WHERE model_name = $1`, [MODEL]),
      ).rejects.toThrow(/immutable/);
      await expect(
        dataSource.query(
          `UPDATE model_registry.model_artifacts SET content = 'x' WHERE version_id IN
             (SELECT id FROM model_registry.model_versions WHERE model_name = $1)`,
          [MODEL],
        ),
      ).rejects.toThrow(/immutable/);
    });

    it('allows one production version per model, whatever writes the table', async () => {
      await expect(
        dataSource.query(
          `UPDATE model_registry.model_versions SET stage = 'PRODUCTION' WHERE model_name = $1 AND model_version = 'v3'`,
          [MODEL],
        ),
      ).rejects.toThrow(/model_versions_one_production_idx/);
    });

    it('leaves no lifecycle event in the outbox (sent rows are deleted behind the sends)', async () => {
      const left = async () =>
        (await pendingOutboxEvents(dataSource, 'model_registry')).filter((m) =>
          m.value.includes(`it-${run}-`),
        ).length;
      await waitFor('the outbox to be empty', async () => ((await left()) === 0 ? true : undefined), 5_000);
    });

    it('refuses to serve stored bytes that no longer match their sha256 (500, never the bytes)', async () => {
      const model = `it-${run}-rot`;
      const bundle = await deriveBundle(model, 'v1');
      expect((await register(bundle.dir)).status).toBe(201);
      // Bit rot / tampering needs the immutability trigger out of the way: done here inside one transaction.
      await dataSource.transaction(async (manager) => {
        await manager.query(
          `ALTER TABLE model_registry.model_artifacts DISABLE TRIGGER model_artifacts_immutable`,
        );
        await manager.query(
          `UPDATE model_registry.model_artifacts SET content = 'rotten' WHERE path = 'report.md' AND version_id =
             (SELECT id FROM model_registry.model_versions WHERE model_name = $1)`,
          [model],
        );
        await manager.query(
          `ALTER TABLE model_registry.model_artifacts ENABLE TRIGGER model_artifacts_immutable`,
        );
      });
      const res = await get(`/v1/models/${model}/versions/v1/files/report.md`);
      expect(res.status).toBe(500);
      expect(((await res.json()) as Problem).code).toBe('ARTIFACT_CORRUPTED');
    });
  });
});
