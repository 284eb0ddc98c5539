import { randomUUID } from 'node:crypto';
import { TOPICS, type ModelLifecycleV1 } from '@riskstream/contracts';
import { EventPublisher } from '@riskstream/messaging';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import pino from 'pino';
import { ProductionModelWatcher } from './production-model.watcher.js';

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

async function waitFor(what: string, probe: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('ProductionModelWatcher (real Kafka)', () => {
  const run = randomUUID().slice(0, 8);
  const kafka = new Kafka({ clientId: `watcher-test-${run}`, brokers: BROKERS, logLevel: logLevel.NOTHING });
  const publisher = new EventPublisher(kafka, `watcher-test-${run}`);
  let raw: Producer;
  const watchers: ProductionModelWatcher[] = [];

  const lifecycle = (overrides: Partial<ModelLifecycleV1>): ModelLifecycleV1 => ({
    modelName: `watched-${run}`,
    modelVersion: 'v2',
    action: 'PROMOTED',
    stage: 'PRODUCTION',
    previousVersion: 'v1',
    bundleSha256: 'a'.repeat(64),
    actor: 'analyst',
    occurredAt: new Date().toISOString(),
    ...overrides,
  });

  /** A started watcher of `watched-<run>` that records each sync's reason. */
  async function watching(pollIntervalMs = 600_000) {
    const reasons: string[] = [];
    const watcher = new ProductionModelWatcher({
      kafka,
      modelName: `watched-${run}`,
      pollIntervalMs,
      sync: (reason) => reasons.push(reason),
      logger: pino({ level: 'silent' }),
      groupPrefix: `watcher-test-${run}`,
    });
    watchers.push(watcher);
    watcher.start();
    await waitFor('the watcher to join its group', () => reasons.includes('watch-joined'));
    return { watcher, reasons };
  }

  beforeAll(async () => {
    await publisher.connect();
    raw = kafka.producer();
    await raw.connect();
  });

  afterAll(async () => {
    await Promise.all(watchers.map((w) => w.stop()));
    await raw.disconnect();
    await publisher.disconnect();
  });

  it("syncs on its model's promotions and rollbacks, and ignores other models, other actions and junk", async () => {
    const { reasons } = await watching();
    await publisher.publish(TOPICS.modelLifecycle, [
      lifecycle({ modelName: `someone-else-${run}` }),
      lifecycle({ action: 'REGISTERED', stage: 'NONE' }),
      lifecycle({ action: 'ARCHIVED', stage: 'ARCHIVED' }),
    ]);
    // Same key (the model name): same partition, so these arrive after the ones above.
    await raw.send({
      topic: TOPICS.modelLifecycle.name,
      messages: [
        { key: `watched-${run}`, value: 'not json' },
        { key: `watched-${run}`, value: JSON.stringify({ modelName: `watched-${run}`, action: 'PROMOTED' }) },
      ],
    });
    await publisher.publish(TOPICS.modelLifecycle, [lifecycle({})]);
    await publisher.publish(TOPICS.modelLifecycle, [
      lifecycle({ action: 'ROLLED_BACK', modelVersion: 'v1', previousVersion: 'v2' }),
    ]);
    await waitFor('the rollback', () => reasons.includes('event:ROLLED_BACK'));
    expect(reasons).toEqual(['watch-joined', 'event:PROMOTED', 'event:ROLLED_BACK']);
  });

  it('every instance sees every change (a consumer group each)', async () => {
    const [a, b] = [await watching(), await watching()];
    expect(a.watcher.groupId).not.toBe(b.watcher.groupId);
    await publisher.publish(TOPICS.modelLifecycle, [lifecycle({ modelVersion: 'v3' })]);
    await waitFor('both watchers', () => [a, b].every((w) => w.reasons.includes('event:PROMOTED')));
  });

  it('polls between events, and stops polling and consuming once stopped', async () => {
    const { watcher, reasons } = await watching(100);
    await waitFor('two polls', () => reasons.filter((r) => r === 'poll').length >= 2);
    await watcher.stop();
    const after = reasons.length;
    await publisher.publish(TOPICS.modelLifecycle, [lifecycle({ modelVersion: 'v4' })]);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(reasons.length).toBe(after);
  });
});
