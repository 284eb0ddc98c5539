// Round-trip check of a Kafka cluster with kafkajs: create a throw-away topic, produce keyed messages with acks=all,
// consume them back in a fresh consumer group, delete the topic. Exits non-zero on any failure.
//   node infra/kafka/smoke.mjs                 # KAFKA_BROKERS, default 127.0.0.1:${KAFKA_PORT:-9092}
//   node infra/kafka/smoke.mjs --keep          # keep the topic (to check persistence across a broker restart)
//   node infra/kafka/smoke.mjs --read-only     # only consume the kept topic from the beginning
import { randomUUID } from 'node:crypto';
import kafkajs from 'kafkajs';

const { Kafka, logLevel } = kafkajs;
const brokers = (process.env.KAFKA_BROKERS ?? `127.0.0.1:${process.env.KAFKA_PORT ?? '9092'}`).split(',');
const keep = process.argv.includes('--keep');
const readOnly = process.argv.includes('--read-only');
const topic =
  keep || readOnly ? 'riskstream.smoke.kept.v1' : `riskstream.smoke.${randomUUID().slice(0, 8)}.v1`;
const count = 10;

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
const kafka = new Kafka({ clientId: 'riskstream-smoke', brokers, logLevel: logLevel.WARN });
const admin = kafka.admin();
const started = Date.now();

async function main() {
  await admin.connect();
  const existing = await admin.listTopics();
  if (!readOnly) {
    if (!existing.includes(topic)) {
      await admin.createTopics({
        topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
        waitForLeaders: true,
      });
    }
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const runId = randomUUID();
    await producer.send({
      topic,
      acks: -1,
      messages: Array.from({ length: count }, (_, i) => ({
        key: `key-${i % 3}`,
        value: JSON.stringify({ runId, i }),
        headers: { 'event-id': randomUUID() },
      })),
    });
    await producer.disconnect();
    console.log(`smoke: produced ${count} messages to ${topic}`);
  } else if (!existing.includes(topic)) {
    throw new Error(`topic ${topic} does not exist (run with --keep first)`);
  }

  const consumer = kafka.consumer({ groupId: `riskstream-smoke-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const offsets = await admin.fetchTopicOffsets(topic);
  const total = offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  let seen = 0;
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`consumed ${seen}/${total} within 30s`)), 30_000);
    consumer
      .run({
        eachMessage: async () => {
          seen += 1;
          if (seen >= total) {
            clearTimeout(timer);
            resolve();
          }
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  console.log(`smoke: consumed ${seen}/${total} messages from ${topic}`);

  if (!keep && !readOnly) await admin.deleteTopics({ topics: [topic] });
  await admin.disconnect();
  console.log(`smoke: OK against ${brokers.join(',')} in ${Date.now() - started} ms`);
}

main().catch(async (err) => {
  console.error(`smoke: FAILED against ${brokers.join(',')}: ${err?.stack ?? err}`);
  await admin.disconnect().catch(() => undefined);
  process.exit(1);
});
