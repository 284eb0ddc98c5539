import { randomUUID } from 'node:crypto';
import { EVENT_HEADERS, TOPICS } from '@riskstream/contracts';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import pg from 'pg';
import { BROKERS, DATABASE_URL, startPipeline } from './support/pipeline-harness.js';
import { freePort, ServiceProcess } from './support/service-process.js';
import { waitFor } from './support/wait-for.js';

describe('score query: gateway → scoring read API → PostgreSQL', () => {
  const db = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
  const kafka = new Kafka({
    clientId: 'riskstream-e2e-score-query',
    brokers: BROKERS,
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer();
  let scoreEvents: Consumer;
  // score events of this suite's applications, by application id, as published
  const published = new Map<string, Record<string, unknown>>();
  let pipeline: Map<string, ServiceProcess>;
  let gateway: ServiceProcess;

  /** A valid application sent through the gateway, its bureau report first over Kafka (as core banking does). */
  async function submit(): Promise<string> {
    const applicationId = randomUUID();
    const customerId = `SQ-${randomUUID().slice(0, 8)}`;
    await producer.send({
      topic: TOPICS.creditBureauReportReceived.name,
      acks: -1,
      messages: [
        {
          key: customerId,
          headers: { [EVENT_HEADERS.eventId]: randomUUID() },
          value: JSON.stringify({
            reportId: randomUUID(),
            customerId,
            bureau: 'TESTBUREAU',
            reportedAt: new Date().toISOString(),
            priorDefaultOnFile: false,
            creditHistoryLengthYears: 7,
          }),
        },
      ],
    });
    const res = await fetch(`${gateway.url}/v1/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        applicationId,
        customerId,
        applicant: { age: 41, annualIncome: 61000, homeOwnership: 'MORTGAGE', employmentLengthYears: 9 },
        loan: { amount: 9000, currency: 'EUR', intent: 'HOMEIMPROVEMENT', grade: 'C', interestRatePct: 13.2 },
      }),
    });
    expect(res.status).toBe(202);
    return applicationId;
  }

  const getScore = (base: string, applicationId: string) =>
    fetch(`${base}/v1/applications/${applicationId}/score`);

  beforeAll(async () => {
    await producer.connect();
    // Score events from the topic's current end on: this suite's events only, without reading its history.
    const admin = kafka.admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(TOPICS.scoreComputed.name);
    await admin.disconnect();
    scoreEvents = kafka.consumer({ groupId: `e2e-score-query-${randomUUID()}` });
    await scoreEvents.connect();
    await scoreEvents.subscribe({ topic: TOPICS.scoreComputed.name });
    await scoreEvents.run({
      autoCommit: false,
      eachMessage: async ({ message }) => {
        const body = JSON.parse(message.value!.toString()) as Record<string, unknown>;
        published.set(String(body['applicationId']), body);
      },
    });
    for (const { partition, offset } of ends)
      scoreEvents.seek({ topic: TOPICS.scoreComputed.name, partition, offset });

    pipeline = await startPipeline();
    gateway = new ServiceProcess('gateway', await freePort(), { SCORING_URL: pipeline.get('scoring')!.url });
    await gateway.start();
  }, 180_000);

  afterAll(async () => {
    await Promise.all([gateway?.stop(), ...[...(pipeline?.values() ?? [])].map((s) => s.stop())]);
    await scoreEvents?.disconnect();
    await producer.disconnect();
    await db.end();
  });

  it('serves the stored score of an application, field for field its score event and its row', async () => {
    const applicationId = await submit();
    const res = await waitFor('the score over REST', async () => {
      const r = await getScore(gateway.url, applicationId);
      if (r.status === 404) {
        expect((await r.json()) as unknown).toMatchObject({ code: 'SCORE_NOT_FOUND' });
        return undefined;
      }
      return r;
    });
    expect(res.status).toBe(200);
    const score = (await res.json()) as Record<string, unknown>;
    const event = await waitFor('the score event', async () => published.get(applicationId));
    expect(score).toEqual(event);

    const { rows } = await db.query(
      'SELECT probability_of_default, decision, model_version, scored_at FROM scoring.predictions WHERE application_id = $1',
      [applicationId],
    );
    expect(rows).toHaveLength(1);
    expect(score).toMatchObject({
      applicationId,
      probabilityOfDefault: rows[0].probability_of_default,
      decision: rows[0].decision,
      modelVersion: rows[0].model_version,
      scoredAt: (rows[0].scored_at as Date).toISOString(),
    });
    expect((score['reasonCodes'] as unknown[]).length).toBeGreaterThan(0);
  });

  it('answers 404 SCORE_NOT_FOUND, as problem+json, for an application it has no score for', async () => {
    const unknown = randomUUID();
    const res = await getScore(gateway.url, unknown);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await res.json()) as { code: string; title: string };
    expect(problem.code).toBe('SCORE_NOT_FOUND');
    expect(problem.title).toContain(unknown);
  });

  it('answers 400 naming the field, rule and value for an id that is not a UUID', async () => {
    const res = await getScore(gateway.url, 'not-a-uuid');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'applicationId', rule: 'schema.isUuid', value: 'not-a-uuid' }],
    });
  });

  it('answers 503 SCORING_UNAVAILABLE when the scoring service cannot be reached', async () => {
    const stranded = new ServiceProcess('gateway', await freePort(), {
      SCORING_URL: `http://127.0.0.1:${await freePort()}`,
    });
    await stranded.start();
    try {
      const res = await getScore(stranded.url, randomUUID());
      expect(res.status).toBe(503);
      const problem = (await res.json()) as { code: string; title: string };
      expect(problem.code).toBe('SCORING_UNAVAILABLE');
      // The cause is in the gateway's log, not in the answer: no internal address leaves the gateway.
      expect(JSON.stringify(problem)).not.toContain('127.0.0.1');
      await waitFor('the logged cause', async () =>
        stranded.logs.includes('ECONNREFUSED') ? true : undefined,
      );
    } finally {
      await stranded.stop();
    }
  });

  it('answers 502 SCORING_BAD_ANSWER when SCORING_URL points at something that is not the scoring service', async () => {
    // The first gateway has no /v1/scores route: its 404 is not scoring's SCORE_NOT_FOUND.
    const misconfigured = new ServiceProcess('gateway', await freePort(), { SCORING_URL: gateway.url });
    await misconfigured.start();
    try {
      const res = await getScore(misconfigured.url, randomUUID());
      expect(res.status).toBe(502);
      const problem = (await res.json()) as { code: string };
      expect(problem).toMatchObject({ code: 'SCORING_BAD_ANSWER' });
      expect(JSON.stringify(problem)).not.toContain(gateway.url);
    } finally {
      await misconfigured.stop();
    }
  });

  it('refuses to boot with a SCORING_URL that is not an http(s) URL', async () => {
    const bad = new ServiceProcess('gateway', await freePort(), { SCORING_URL: 'scoring:3003' });
    await expect(bad.start(30_000)).rejects.toThrow(/SCORING_URL/);
  });
});
