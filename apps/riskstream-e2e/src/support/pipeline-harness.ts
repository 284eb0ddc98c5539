import { randomUUID } from 'node:crypto';
import { EVENT_HEADERS, TOPICS } from '@riskstream/contracts';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import pg from 'pg';
import type { GeneratedMessage } from './application-generator.js';
import { freePort, ServiceProcess } from './service-process.js';

export const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
export const DATABASE_URL =
  process.env.DATABASE_URL ?? 'postgres://riskstream:riskstream@127.0.0.1:5433/riskstream';

/** Test-friendly timings: a killed consumer's partitions move after 6 s instead of 30 s. */
export const PIPELINE_ENV = {
  // Long enough that, even at the peak of a 20,000-application burst, a report sent before its application is
  // joined rather than overtaken by the grace period (which would legitimately score it without the bureau part).
  BUREAU_GRACE_MS: '60000',
  BUREAU_GRACE_SWEEP_MS: '250',
  KAFKA_SESSION_TIMEOUT_MS: '6000',
  KAFKA_REBALANCE_TIMEOUT_MS: '10000',
  // Scoring serves the shipped default bundle here; following the model registry has its own suite
  // (model-registry-scoring.spec.ts).
  MODEL_REGISTRY_URL: 'off',
};

export async function startPipeline(
  names = ['ingestion', 'features', 'scoring'],
): Promise<Map<string, ServiceProcess>> {
  const services = new Map<string, ServiceProcess>();
  for (const name of names) services.set(name, new ServiceProcess(name, await freePort(), PIPELINE_ENV));
  await Promise.all([...services.values()].map((s) => s.start(90_000)));
  return services;
}

export async function produce(producer: Producer, messages: GeneratedMessage[], batch = 500): Promise<void> {
  for (let i = 0; i < messages.length; i += batch) {
    const chunk = messages.slice(i, i + batch);
    const byTopic = new Map<string, GeneratedMessage[]>();
    for (const m of chunk) {
      const list = byTopic.get(m.topic);
      if (list) list.push(m);
      else byTopic.set(m.topic, [m]);
    }
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, ms]) => ({
        topic:
          topic === 'application'
            ? TOPICS.loanApplicationSubmitted.name
            : TOPICS.creditBureauReportReceived.name,
        messages: ms.map((m) => ({
          key: m.key,
          value: m.value,
          headers: { [EVENT_HEADERS.eventId]: m.eventId },
        })),
      })),
    });
  }
}

export interface ScoreRecord {
  eventId: string;
  applicationId: string;
}
/**
 * The model features that need the customer's bureau report (the feature spec's declared inputs; the e2e suites may
 * not import the domain lib): never flagged on an application before its report is joined.
 */
export const BUREAU_DEPENDENT_FEATURES: readonly string[] = [
  'bureau_missing',
  'prior_default_on_file',
  'credit_history_years',
  'credit_history_to_age',
];

/** What a features event says about data quality: its vector, its bureau join and its flags. */
export interface FeaturesRecord {
  applicationId: string;
  bureauStatus: string;
  features: Record<string, number>;
  dataQualityFlags: { field: string; issue: string; value: number; reference: number }[];
}
export interface RejectionRecord {
  sourceEventId: string;
  subjectId: string | null;
  rules: string[];
}

/** Collects every score and rejection event of the given applications from the real topics. */
export class TopicCollector {
  readonly scores: ScoreRecord[] = [];
  readonly rejections: RejectionRecord[] = [];
  readonly features: FeaturesRecord[] = [];
  private consumer: Consumer;

  constructor(
    private readonly ids: Set<string>,
    private readonly sourceEventIds: Set<string>,
  ) {
    const kafka = new Kafka({
      clientId: 'riskstream-e2e-collector',
      brokers: BROKERS,
      logLevel: logLevel.NOTHING,
    });
    this.consumer = kafka.consumer({
      groupId: `e2e-collector-${randomUUID()}`,
      maxBytesPerPartition: 20 * 1024 * 1024,
    });
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: [TOPICS.scoreComputed.name, TOPICS.applicationRejected.name, TOPICS.featuresComputed.name],
      fromBeginning: true,
    });
    await this.consumer.run({
      eachMessage: async ({ topic, message }) => {
        const body = JSON.parse(message.value!.toString()) as Record<string, unknown>;
        const eventId = message.headers?.[EVENT_HEADERS.eventId]?.toString() ?? '';
        if (topic === TOPICS.featuresComputed.name) {
          if (this.ids.has(String(body.applicationId))) this.features.push(body as unknown as FeaturesRecord);
        } else if (topic === TOPICS.scoreComputed.name) {
          if (this.ids.has(String(body.applicationId)))
            this.scores.push({ eventId, applicationId: String(body.applicationId) });
        } else if (
          this.ids.has(String(body.subjectId)) ||
          this.sourceEventIds.has(String(body.sourceEventId))
        ) {
          this.rejections.push({
            sourceEventId: String(body.sourceEventId),
            subjectId: (body.subjectId as string | null) ?? null,
            rules: (body.reasons as { rule: string }[]).map((r) => r.rule),
          });
        }
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}

export async function predictionCounts(db: pg.Pool, ids: string[]): Promise<Map<string, number>> {
  const { rows } = await db.query<{ application_id: string; n: number }>(
    'SELECT application_id, count(*)::int AS n FROM scoring.predictions WHERE application_id = ANY($1::uuid[]) GROUP BY 1',
    [ids],
  );
  return new Map(rows.map((r) => [r.application_id, r.n]));
}
