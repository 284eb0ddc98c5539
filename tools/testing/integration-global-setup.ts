// Integration tests run against the real Kafka broker and PostgreSQL (never mocks). This setup checks both are
// reachable, creates the registry's topics and applies every service's migrations, failing with a clear message.
import 'reflect-metadata';
import { ALL_TOPICS } from '@riskstream/contracts';
import { fixKafkaJs } from '@riskstream/messaging/kafkajs-fixes';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://riskstream:riskstream@127.0.0.1:5433/riskstream';
const HINT =
  'Start the local stack first: `npm run stack -- infra-up` (or set KAFKA_BROKERS / DATABASE_URL).';

async function checkPostgres(): Promise<void> {
  const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${DATABASE_URL.replace(/:[^:@/]+@/, ':***@')}: ${(error as Error).message}. ${HINT}`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function createTopics(): Promise<void> {
  // The services' kafkajs fixes, here for the request queue's idle timer loop (a TimeoutNegativeWarning per run).
  fixKafkaJs();
  const admin = new Kafka({
    clientId: 'riskstream-tests',
    brokers: BROKERS,
    logLevel: logLevel.NOTHING,
    retry: { retries: 3 },
  }).admin();
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`Kafka is not reachable at ${BROKERS.join(',')}: ${(error as Error).message}. ${HINT}`);
  }
  try {
    const existing = new Set(await admin.listTopics());
    const missing = ALL_TOPICS.filter((t) => !existing.has(t.name));
    if (missing.length) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({
          topic: t.name,
          numPartitions: t.partitions,
          replicationFactor: 1,
          configEntries: Object.entries(t.config ?? {}).map(([name, value]) => ({ name, value })),
        })),
      });
    }
  } finally {
    await admin.disconnect();
  }
}

async function migrateAll(): Promise<void> {
  const { runMigrations } = await import('@riskstream/persistence');
  for (const app of [
    'gateway',
    'ingestion',
    'features',
    'scoring',
    'strategy',
    'drift-monitor',
    'model-registry',
  ]) {
    const { default: dataSource } = (await import(`../../apps/${app}/src/data-source.ts`)) as {
      default: Parameters<typeof runMigrations>[0];
    };
    await runMigrations(dataSource);
  }
}

export default async function setup(): Promise<void> {
  await checkPostgres();
  await createTopics();
  await migrateAll();
}
