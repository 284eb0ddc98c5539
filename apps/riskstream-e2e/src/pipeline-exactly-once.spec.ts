import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { generateStream, type GeneratedStream } from './support/application-generator.js';
import {
  BROKERS,
  BUREAU_DEPENDENT_FEATURES,
  DATABASE_URL,
  predictionCounts,
  produce,
  startPipeline,
  TopicCollector,
} from './support/pipeline-harness.js';
import type { ServiceProcess } from './support/service-process.js';

const COUNT = Number(process.env.E2E_PIPELINE_APPLICATIONS ?? 20_000);

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/** Checks the whole outcome of a generated stream: one prediction and one score per valid application, every invalid one explained. */
async function verify(stream: GeneratedStream, db: pg.Pool, collector: TopicCollector): Promise<void> {
  const valid = stream.validApplications;
  await waitUntil(
    `${valid.length} predictions`,
    async () => (await predictionCounts(db, valid)).size === valid.length,
    240_000,
  );
  let unexplained: string[] = [];
  try {
    await waitUntil(
      `${stream.rejected.size} rejections`,
      async () => {
        const seen = new Set(collector.rejections.map((r) => r.sourceEventId));
        const bySubject = new Set(collector.rejections.map((r) => r.subjectId));
        unexplained = [...stream.rejected]
          .filter(
            ([id, r]) => !(r.by === 'features' ? bySubject.has(idToSubject.get(id) ?? '') : seen.has(id)),
          )
          .map(([id, r]) => `${r.by}:${r.rule}:${id}`);
        return unexplained.length === 0;
      },
      120_000,
    );
  } catch (error) {
    const byRule = new Map<string, number>();
    for (const u of unexplained)
      byRule.set(
        u.split(':').slice(0, 2).join(':'),
        (byRule.get(u.split(':').slice(0, 2).join(':')) ?? 0) + 1,
      );
    const detail = `unexplained rejections: ${JSON.stringify(Object.fromEntries(byRule))} e.g. ${unexplained.slice(0, 3).join(' ')}`;
    console.error(detail);
    throw new Error(`${(error as Error).message}; ${detail}`);
  }
  await waitUntil(
    `${valid.length} score events`,
    async () => new Set(collector.scores.map((s) => s.applicationId)).size >= valid.length,
    60_000,
  );
  // Let late duplicates (if any) arrive before counting.
  await new Promise((r) => setTimeout(r, 3_000));

  const counts = await predictionCounts(db, valid);
  expect([...counts.values()].every((n) => n === 1)).toBe(true);
  expect(counts.size).toBe(valid.length);

  // Exactly one score event per valid application (distinct event ids: what a de-duplicating consumer sees).
  const scoreIds = new Map<string, Set<string>>();
  for (const s of collector.scores)
    scoreIds.set(s.applicationId, (scoreIds.get(s.applicationId) ?? new Set()).add(s.eventId));
  expect(scoreIds.size).toBe(valid.length);
  expect([...scoreIds.values()].filter((ids) => ids.size !== 1)).toEqual([]);

  // Rejected inputs: none scored, each explained with the right rule.
  const rejectedApps = [
    ...stream.messages.filter((m) => m.expect?.kind === 'reject').map((m) => m.applicationId!),
  ];
  const wronglyScored = rejectedApps.filter((id) => counts.has(id) && !valid.includes(id));
  expect(wronglyScored).toEqual([]);
  const missing: string[] = [];
  for (const [eventId, { rule, by }] of stream.rejected) {
    const match =
      by === 'features'
        ? collector.rejections.find((r) => r.subjectId === idToSubject.get(eventId))
        : collector.rejections.find((r) => r.sourceEventId === eventId);
    if (!match || !match.rules.includes(rule))
      missing.push(`${eventId} (${by}: ${rule}) got ${match?.rules.join(',') ?? 'nothing'}`);
  }
  expect(missing).toEqual([]);

  // Data-quality flags describe the vector they travel with: each flag's value is that feature's value on the event
  // (an application checked before its report was joined once carried a history of 0 beside the joined one), and
  // the bureau features are flagged only from a joined report.
  const contradicting = collector.features.flatMap((f) =>
    f.dataQualityFlags
      .filter(
        (flag) =>
          f.features[flag.field] !== flag.value ||
          (BUREAU_DEPENDENT_FEATURES.includes(flag.field) && f.bureauStatus !== 'JOINED'),
      )
      .map(
        (flag) =>
          `${f.applicationId} ${flag.field}=${flag.value} (${f.bureauStatus}, vector ${f.features[flag.field]})`,
      ),
  );
  expect(contradicting).toEqual([]);
  // The generated histories run from 0 to age - 19 years; the default bundle was trained on 2 to 31.
  expect(
    collector.features.filter((f) => f.dataQualityFlags.some((flag) => flag.field === 'credit_history_years'))
      .length,
  ).toBeGreaterThan(0);
  // The joined ratio is checked by features once it has both sides: a history of 0 years gives 0, below any model
  // trained on histories of 2 years and more, and every such joined vector says so.
  const zeroRatio = collector.features.filter(
    (f) => f.bureauStatus === 'JOINED' && f.features['credit_history_to_age'] === 0,
  );
  expect(zeroRatio.length).toBeGreaterThan(0);
  expect(
    zeroRatio.filter(
      (f) =>
        !f.dataQualityFlags.some(
          (flag) => flag.field === 'credit_history_to_age' && flag.issue === 'BELOW_REFERENCE_RANGE',
        ),
    ),
  ).toEqual([]);

  // Counts add up: every application message is scored, rejected or absorbed as a duplicate.
  const applicationMessages = stream.messages.filter((m) => m.topic === 'application').length;
  expect(valid.length + stream.rejected.size + stream.duplicates).toBe(applicationMessages);
}

const idToSubject = new Map<string, string>();

describe('streaming pipeline, exactly once (real Kafka + PostgreSQL)', () => {
  const db = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
  const producer = new Kafka({
    clientId: 'riskstream-e2e-pipeline',
    brokers: BROKERS,
    logLevel: logLevel.NOTHING,
  }).producer({
    idempotent: true,
    maxInFlightRequests: 1,
  });
  let services: Map<string, ServiceProcess>;

  beforeAll(async () => {
    await producer.connect();
    services = await startPipeline();
  }, 180_000);

  afterAll(async () => {
    await producer.disconnect();
    await Promise.all([...(services?.values() ?? [])].map((s) => s.stop()));
    await db.end();
  });

  const run = async (seed: number, chaos?: (progress: () => number) => Promise<void>) => {
    const stream = generateStream(COUNT, seed);
    for (const m of stream.messages)
      if (m.applicationId && m.expect?.kind === 'reject') idToSubject.set(m.eventId, m.applicationId);
    const collector = new TopicCollector(
      new Set(stream.messages.filter((m) => m.applicationId).map((m) => m.applicationId!)),
      new Set(stream.rejected.keys()),
    );
    await collector.start();
    let sent = 0;
    const producing = (async () => {
      for (let i = 0; i < stream.messages.length; i += 2_000) {
        await produce(producer, stream.messages.slice(i, i + 2_000));
        sent = i + 2_000;
      }
    })();
    await Promise.all([producing, chaos?.(() => sent / stream.messages.length)]);
    try {
      await verify(stream, db, collector);
    } finally {
      await collector.stop();
    }
    return stream;
  };

  it(`scores every valid application of ${COUNT} exactly once and explains every invalid one`, async () => {
    const stream = await run(1);
    expect(stream.rejected.size).toBeGreaterThan(COUNT * 0.05);
  }, 600_000);

  it('stays exactly once when each service is SIGKILLed and restarted mid-stream', async () => {
    const killAndRestart = async (progress: () => number) => {
      for (const name of ['ingestion', 'features', 'scoring']) {
        await new Promise((r) => setTimeout(r, 1_500));
        const service = services.get(name)!;
        await service.stop('SIGKILL');
        await service.start(90_000);
      }
      expect(progress()).toBeGreaterThan(0);
    };
    await run(2, killAndRestart);
  }, 900_000);
});
