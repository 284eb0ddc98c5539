// Creates every topic of the contracts registry (libs/contracts) on the broker in KAFKA_BROKERS, with its
// partition count and topic config. Idempotent: existing topics are left as they are, grown if they have fewer
// partitions than the registry says. Replication factor: KAFKA_REPLICATION_FACTOR (default 1 for the local broker).
import 'reflect-metadata';
import { Kafka, logLevel } from 'kafkajs';
import { ALL_TOPICS } from '@riskstream/contracts';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092')
  .split(',')
  .map((b) => b.trim())
  .filter(Boolean);
const replicationFactor = Number(process.env.KAFKA_REPLICATION_FACTOR ?? 1);
const kafka = new Kafka({
  clientId: 'riskstream-topic-creator',
  brokers,
  logLevel: logLevel.NOTHING,
  retry: { retries: 10 },
});
const admin = kafka.admin();

try {
  await admin.connect();
  const existing = await admin.fetchTopicMetadata({ topics: [] });
  const byName = new Map(existing.topics.map((t) => [t.name, t.partitions.length]));
  const missing = ALL_TOPICS.filter((t) => !byName.has(t.name));
  if (missing.length) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((t) => ({
        topic: t.name,
        numPartitions: t.partitions,
        replicationFactor,
        configEntries: Object.entries(t.config ?? {}).map(([name, value]) => ({ name, value })),
      })),
    });
  }
  const grow = ALL_TOPICS.filter((t) => byName.has(t.name) && byName.get(t.name) < t.partitions);
  if (grow.length) {
    await admin.createPartitions({
      topicPartitions: grow.map((t) => ({ topic: t.name, count: t.partitions })),
    });
  }
  console.log(
    `topics: ${missing.length} created, ${grow.length} grown, ${ALL_TOPICS.length - missing.length - grow.length} already in place (${brokers.join(',')})`,
  );
} catch (error) {
  console.error(
    `could not create topics on ${brokers.join(',')}: ${error instanceof Error ? error.message : error}`,
  );
  process.exitCode = 1;
} finally {
  await admin.disconnect();
}
