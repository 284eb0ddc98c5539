import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Producer, type ProducerConfig } from 'kafkajs';
import { EventPublisher } from './event-publisher.js';

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

/** A publisher on the real broker, with its kafkajs producer's produce requests counted. */
function rig() {
  const run = randomUUID().slice(0, 8);
  const kafka = new Kafka({
    clientId: `publisher-test-${run}`,
    brokers: BROKERS,
    logLevel: logLevel.NOTHING,
  });
  let producer: Producer | undefined;
  const makeProducer = kafka.producer.bind(kafka);
  kafka.producer = (config?: ProducerConfig) => (producer = makeProducer(config));
  const publisher = new EventPublisher(kafka, `publisher-test-${run}`);
  const requests: number[] = [];
  const sendBatch = producer!.sendBatch.bind(producer);
  producer!.sendBatch = (batch) => {
    requests.push(batch.topicMessages!.reduce((n, t) => n + t.messages.length, 0));
    return sendBatch(batch);
  };
  return { kafka, publisher, requests, run };
}

async function createTopic(
  kafka: Kafka,
  topic: string,
  configEntries: { name: string; value: string }[] = [],
) {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries }], waitForLeaders: true });
  await admin.disconnect();
}

/** Every record's value on the topic, in partition order. */
async function readAll(kafka: Kafka, topic: string, count: number): Promise<string[]> {
  const consumer = kafka.consumer({ groupId: `publisher-test-read-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const values: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`read ${values.length} of ${count} records`)), 30_000);
    void consumer.run({
      eachMessage: async ({ message }) => {
        values.push(message.value!.toString());
        if (values.length >= count) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();
  return values;
}

describe('EventPublisher on the real broker', () => {
  it('sends concurrent publishes together, each resolved once acknowledged, in the order they came', async () => {
    const { kafka, publisher, requests, run } = rig();
    const topic = `publisher-test-coalesce-${run}`;
    await createTopic(kafka, topic);
    await publisher.connect();
    const values = Array.from({ length: 200 }, (_, i) => `event-${i}`);
    await Promise.all(
      values.map((v) => publisher.publishRaw(topic, [{ key: 'one-key', value: v, headers: {} }])),
    );
    await publisher.disconnect();

    // One alone goes out at once; the others waited for it and then went out together.
    expect(requests.reduce((a, b) => a + b, 0)).toBe(200);
    expect(requests.length).toBeLessThan(20);
    expect(requests[0]).toBe(1);
    expect(await readAll(kafka, topic, 200)).toEqual(values);
  });

  it('fails only the send whose records the broker refuses, not those that went out with it', async () => {
    const { kafka, publisher, requests, run } = rig();
    const topic = `publisher-test-refused-${run}`;
    // Records over 4 KB are refused by this topic (MESSAGE_TOO_LARGE, not retriable).
    await createTopic(kafka, topic, [{ name: 'max.message.bytes', value: '4096' }]);
    await publisher.connect();
    // The first send holds the producer, so the next three wait and go out as one request.
    const first = publisher.publishRaw(topic, [{ key: 'k', value: 'first', headers: {} }]);
    const results = await Promise.allSettled([
      first,
      publisher.publishRaw(topic, [{ key: 'k', value: 'before', headers: {} }]),
      publisher.publishRaw(topic, [{ key: 'k', value: 'x'.repeat(8192), headers: {} }]),
      publisher.publishRaw(topic, [{ key: 'k', value: 'after', headers: {} }]),
    ]);
    await publisher.disconnect();

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[2] as PromiseRejectedResult).reason)).toMatch(/larger than the max message size/);
    // first; the three together (refused); then each on its own.
    expect(requests).toEqual([1, 3, 1, 1, 1]);
    expect(await readAll(kafka, topic, 3)).toEqual(['first', 'before', 'after']);
  });

  it("keeps each partition's record batch under the broker's 1 MiB limit: 4 MB for one key in one publish", async () => {
    const { kafka, publisher, requests, run } = rig();
    const topic = `publisher-test-large-${run}`;
    await createTopic(kafka, topic); // the broker's default max.message.bytes (1 MiB)
    await publisher.connect();
    // 2,500 features-sized events for one key: one partition, one record batch if sent in one request.
    const values = Array.from({ length: 2_500 }, (_, i) => `${i}:${'f'.repeat(1_600)}`);
    await publisher.publishRaw(
      topic,
      values.map((value) => ({ key: 'one-customer', value, headers: { 'event-id': randomUUID() } })),
    );
    await publisher.disconnect();

    expect(requests.reduce((a, b) => a + b, 0)).toBe(2_500);
    expect(requests.length).toBeGreaterThanOrEqual(5); // ~4.1 MB in chunks of at most 900 KiB
    expect(await readAll(kafka, topic, 2_500)).toEqual(values);
  });
});
