import { randomUUID } from 'node:crypto';
import { EVENT_HEADERS, TOPICS } from '@riskstream/contracts';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import {
  deriveBundle,
  registerBundle,
  withReferenceRange,
  type DerivedBundle,
} from './support/model-bundles.js';
import { BUREAU_DEPENDENT_FEATURES } from './support/pipeline-harness.js';
import { freePort, ServiceProcess } from './support/service-process.js';
import { waitFor } from './support/wait-for.js';

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://riskstream:riskstream@127.0.0.1:5433/riskstream';

function application(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    applicationId: randomUUID(),
    customerId: `C-${randomUUID().slice(0, 8)}`,
    submittedAt: new Date().toISOString(),
    applicant: { age: 34, annualIncome: 54000, homeOwnership: 'RENT', employmentLengthYears: 4 },
    loan: { amount: 12000, currency: 'EUR', intent: 'EDUCATION', grade: 'B', interestRatePct: 11.14 },
    ...overrides,
  };
}

describe('application intake: gateway → Kafka → ingestion → PostgreSQL', () => {
  const db = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
  const kafka = new Kafka({ clientId: 'riskstream-e2e', brokers: BROKERS, logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  const admin = kafka.admin();
  let gateway: ServiceProcess;
  let ingestion: ServiceProcess;
  let registry: ServiceProcess;
  // Ingestion follows this model in the registry for its data-quality reference (checked every second here).
  const run = randomUUID().slice(0, 8);
  const DQ_MODEL = `e2e-dq-${run}`;
  let bundles: Record<'base' | 'narrow' | 'wide', DerivedBundle>;

  const rowsFor = async (applicationId: string) =>
    (await db.query('SELECT * FROM ingestion.loan_applications WHERE application_id = $1', [applicationId]))
      .rows;

  beforeAll(async () => {
    bundles = {
      base: await deriveBundle(DQ_MODEL, `${run}-base`),
      narrow: await deriveBundle(DQ_MODEL, `${run}-narrow`, withReferenceRange('age', 50, 60)),
      wide: await deriveBundle(DQ_MODEL, `${run}-wide`, withReferenceRange('age', 18, 99)),
    };
    registry = new ServiceProcess('model-registry', await freePort());
    await registry.start();
    gateway = new ServiceProcess('gateway', await freePort());
    ingestion = new ServiceProcess('ingestion', await freePort(), {
      MODEL_REGISTRY_URL: registry.url,
      MODEL_NAME: DQ_MODEL,
      MODEL_BUNDLE_DIR: bundles.base.dir,
      // The safety poll out of the way: promotions and rollbacks must reach the checks through their events.
      MODEL_REGISTRY_POLL_MS: '600000',
    });
    await Promise.all([gateway.start(), ingestion.start()]);
    await Promise.all([producer.connect(), admin.connect()]);
  });

  afterAll(async () => {
    await Promise.all([producer.disconnect(), admin.disconnect()]);
    await Promise.all([gateway?.stop(), ingestion?.stop()]);
    await registry?.stop();
    await db.end();
  });

  it('accepts a valid application with 202 and ingestion records it', async () => {
    const body = application();
    const res = await fetch(`${gateway.url}/v1/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(202);
    const accepted = (await res.json()) as { applicationId: string; eventId: string; status: string };
    expect(accepted).toMatchObject({ applicationId: body.applicationId, status: 'ACCEPTED' });

    const [row] = await waitFor('the application row', async () => {
      const rows = await rowsFor(accepted.applicationId);
      return rows.length ? rows : undefined;
    });
    expect(row.customer_id).toBe(body.customerId);
    expect(row.event_id).toBe(accepted.eventId);
    expect(row.payload.loan.interestRatePct).toBe(11.14);
  });

  it('generates the application id when the caller omits it', async () => {
    const body = application();
    delete body.applicationId;
    delete body.submittedAt;
    const res = await fetch(`${gateway.url}/v1/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(202);
    const { applicationId } = (await res.json()) as { applicationId: string };
    expect(applicationId).toMatch(/^[0-9a-f-]{36}$/);
    await waitFor('the generated application', async () =>
      (await rowsFor(applicationId)).length ? true : undefined,
    );
  });

  it('answers a malformed request with 400 problem+json naming each field, and publishes nothing', async () => {
    const body = application({ unexpected: true });
    (body.applicant as Record<string, unknown>).age = 'forty';
    (body.loan as Record<string, unknown>).grade = 'Z';
    const res = await fetch(`${gateway.url}/v1/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await res.json()) as {
      status: number;
      code: string;
      errors: { field: string; rule: string }[];
    };
    expect(problem.status).toBe(400);
    expect(problem.code).toBe('VALIDATION_FAILED');
    const fields = problem.errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['applicant.age', 'loan.grade', 'unexpected']));
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await rowsFor(body.applicationId as string)).toHaveLength(0);
  });

  it('answers a body that is not JSON with 400 problem+json', async () => {
    const res = await fetch(`${gateway.url}/v1/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"applicationId": ',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  const submit = async (body: Record<string, unknown>) => {
    const res = await fetch(`${gateway.url}/v1/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(202);
    return (await res.json()) as { applicationId: string; eventId: string };
  };
  // Ingestion's handlers are idempotent by application and report id (no inbox rows): an event counts as
  // consumed once the group's committed offsets reach everything produced so far.
  const consumed = async () => {
    const topic = TOPICS.loanApplicationSubmitted.name;
    const ends = await admin.fetchTopicOffsets(topic);
    await waitFor('ingestion to consume the topic', async () => {
      const [committed] = await admin.fetchOffsets({ groupId: 'riskstream.ingestion', topics: [topic] });
      const at = new Map(committed!.partitions.map((p) => [p.partition, BigInt(p.offset)]));
      // An empty partition (high = low) has nothing to commit: its committed offset stays -1.
      const done = (e: { partition: number; high: string; low: string }) =>
        BigInt(e.high) <= BigInt(e.low) || (at.get(e.partition) ?? -1n) >= BigInt(e.high);
      return ends.every(done) ? true : undefined;
    });
  };

  /** The validated events for an application (or of a customer's reports), read from the topic (from `since`). */
  const validatedEvents = async (
    key: string,
    since: number,
    topic: string = TOPICS.applicationValidated.name,
  ) => {
    const consumer = kafka.consumer({ groupId: `riskstream-e2e-${randomUUID()}` });
    const ends = await admin.fetchTopicOffsets(topic);
    const starts = await admin.fetchTopicOffsetsByTimestamp(topic, since);
    const found: {
      eventId: string;
      dataQualityFlags: { field: string; issue: string; value: number; reference: number }[];
    }[] = [];
    const pending = new Set(
      ends.filter((e) => BigInt(e.high) > BigInt(starts.find((s) => s.partition === e.partition)!.offset)),
    );
    await consumer.connect();
    await consumer.subscribe({ topic });
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          if (message.key?.toString() === key)
            found.push({
              eventId: message.headers![EVENT_HEADERS.eventId]!.toString(),
              dataQualityFlags: (JSON.parse(message.value!.toString()) as { dataQualityFlags: [] })
                .dataQualityFlags,
            });
          for (const e of pending)
            if (e.partition === partition && BigInt(message.offset) + 1n >= BigInt(e.high)) pending.delete(e);
          if (pending.size === 0) resolve();
        },
      });
      for (const s of starts) consumer.seek({ topic, partition: s.partition, offset: s.offset });
      if (pending.size === 0) resolve();
    });
    await consumer.disconnect();
    return found;
  };

  it('records a duplicate submission once', async () => {
    const body = application();
    const responses = [await submit(body), await submit(body), await submit(body)];
    expect(new Set(responses.map((r) => r.eventId)).size).toBe(3);
    await consumed();
    const rows = await rowsFor(body.applicationId as string);
    expect(rows).toHaveLength(1);
    expect(rows[0].event_id).toBe(responses[0]!.eventId);
    const { rows: rejected } = await db.query(
      'SELECT * FROM ingestion.rejected_events WHERE subject_id = $1',
      [body.applicationId],
    );
    expect(rejected).toHaveLength(0);
  });

  it('rejects a re-submission of the same application id with different content', async () => {
    const body = application();
    const first = await submit(body);
    const second = await submit({ ...body, loan: { ...(body.loan as object), amount: 99_000 } });
    await consumed();
    const { rows } = await db.query('SELECT * FROM ingestion.rejected_events WHERE source_event_id = $1', [
      second.eventId,
    ]);
    expect(rows[0]?.reasons).toEqual([
      expect.objectContaining({ rule: 'application_id.conflict', field: 'applicationId' }),
    ]);
    const [kept] = await rowsFor(body.applicationId as string);
    expect(kept.payload.loan.amount).toBe(12000);
    expect(kept.event_id).toBe(first.eventId);
  });

  it('absorbs a re-delivered event (same event id): one row, one validated event', async () => {
    const since = Date.now();
    const body = application();
    const eventId = randomUUID();
    const message = {
      key: body.applicationId as string,
      value: JSON.stringify(body),
      headers: { [EVENT_HEADERS.eventId]: eventId, [EVENT_HEADERS.schemaVersion]: '1.0' },
    };
    await producer.send({ topic: TOPICS.loanApplicationSubmitted.name, messages: [message] });
    await consumed();
    // The same event again after the first was handled: a re-delivery, as after a crash before the offset commit.
    await producer.send({ topic: TOPICS.loanApplicationSubmitted.name, messages: [message] });
    await consumed();
    expect(await rowsFor(body.applicationId as string)).toHaveLength(1);
    expect(await validatedEvents(body.applicationId as string, since)).toHaveLength(1);
  });

  it("flags data quality against the production model's training ranges, following promotions and rollbacks", async () => {
    const post = (path: string) =>
      fetch(`${registry.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ actor: 'e2e-analyst', reason: `e2e run ${run}` }),
      });
    // The age flags of a new 34-year-old applicant's validated event.
    const ageFlags = async () => {
      const since = Date.now();
      const { applicationId } = await submit(application());
      await consumed();
      const [event] = await validatedEvents(applicationId, since);
      return event!.dataQualityFlags
        .filter((f) => f.field === 'age')
        .map((f) => `${f.issue}:${f.reference}`)
        .join(',');
    };
    const until = (expected: string) =>
      waitFor(`age flags "${expected}"`, async () => ((await ageFlags()) === expected ? true : undefined));

    // No production version: the default bundle's range (20-74).
    expect(await ageFlags()).toBe('');
    // The application's own features only: its bureau report is not joined yet, so its bureau features (history 0,
    // below every training row's) are not its values.
    const since = Date.now();
    const { applicationId } = await submit(application());
    await consumed();
    const [event] = await validatedEvents(applicationId, since);
    expect(event!.dataQualityFlags.filter((f) => BUREAU_DEPENDENT_FEATURES.includes(f.field))).toEqual([]);
    for (const b of [bundles.narrow, bundles.wide])
      expect((await registerBundle(registry.url, b.dir)).status).toBe(201);
    expect(
      (await post(`/v1/models/${DQ_MODEL}/versions/${bundles.narrow.modelVersion}/promote`)).status,
    ).toBe(200);
    await until('BELOW_REFERENCE_RANGE:50');
    expect((await post(`/v1/models/${DQ_MODEL}/versions/${bundles.wide.modelVersion}/promote`)).status).toBe(
      200,
    );
    await until('');
    expect((await post(`/v1/models/${DQ_MODEL}/rollback`)).status).toBe(200);
    await until('BELOW_REFERENCE_RANGE:50');
  });

  it('rejects a payload that is not JSON, with a reason, without blocking the partition', async () => {
    const eventId = randomUUID();
    const key = randomUUID();
    const follower = application({ applicationId: key });
    await producer.send({
      topic: TOPICS.loanApplicationSubmitted.name,
      messages: [
        { key, value: 'this is not json', headers: { [EVENT_HEADERS.eventId]: eventId } },
        { key, value: JSON.stringify(follower) },
      ],
    });
    const rejected = await waitFor('the rejection row', async () => {
      const { rows } = await db.query('SELECT * FROM ingestion.rejected_events WHERE source_event_id = $1', [
        eventId,
      ]);
      return rows[0];
    });
    expect(rejected.reasons).toEqual([expect.objectContaining({ field: '$', rule: 'payload.not_json' })]);
    expect(rejected.payload_bytes).toBe('this is not json'.length);
    // The valid message behind it on the same partition is still processed.
    await waitFor('the follower application', async () => ((await rowsFor(key)).length ? true : undefined));
  });

  it('rejects 10 MB of junk with its size and hash, and keeps consuming', async () => {
    const eventId = randomUUID();
    const key = randomUUID();
    const junk = Buffer.alloc(10 * 1024 * 1024, 'x');
    const follower = application({ applicationId: key });
    await producer.send({
      topic: TOPICS.loanApplicationSubmitted.name,
      messages: [
        { key, value: junk, headers: { [EVENT_HEADERS.eventId]: eventId } },
        { key, value: JSON.stringify(follower) },
      ],
    });
    const rejected = await waitFor(
      'the rejection of the junk',
      async () => {
        const { rows } = await db.query(
          'SELECT * FROM ingestion.rejected_events WHERE source_event_id = $1',
          [eventId],
        );
        return rows[0];
      },
      60_000,
    );
    expect(rejected.payload_bytes).toBe(junk.length);
    expect(rejected.reasons[0].rule).toBe('payload.not_json');
    await waitFor('the follower application', async () => ((await rowsFor(key)).length ? true : undefined));
  });

  it('answers 400 at the gateway for an application that breaks a shared validation rule', async () => {
    const body = application();
    (body.applicant as Record<string, unknown>).age = 144;
    const res = await fetch(`${gateway.url}/v1/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors: { field: string; rule: string; value: unknown }[] };
    expect(problem.errors).toEqual([
      expect.objectContaining({ field: 'applicant.age', rule: 'age.range', value: 144 }),
    ]);
  });

  it('rejects a Kafka-submitted application that breaks a shared rule, with field, rule and value', async () => {
    const body = application();
    (body.applicant as Record<string, unknown>).age = 144;
    const eventId = randomUUID();
    await producer.send({
      topic: TOPICS.loanApplicationSubmitted.name,
      messages: [
        {
          key: body.applicationId as string,
          value: JSON.stringify(body),
          headers: { [EVENT_HEADERS.eventId]: eventId },
        },
      ],
    });
    const rejected = await waitFor('the rejection', async () => {
      const { rows } = await db.query('SELECT * FROM ingestion.rejected_events WHERE source_event_id = $1', [
        eventId,
      ]);
      return rows[0];
    });
    expect(rejected.reasons).toEqual([
      expect.objectContaining({ field: 'applicant.age', rule: 'age.range', value: 144 }),
    ]);
    expect(await rowsFor(body.applicationId as string)).toHaveLength(0);
  });

  it("flags a bureau report's values outside the model's training ranges on its validated event, and counts them", async () => {
    const since = Date.now();
    const historyFlags = async () => {
      const text = await (await fetch(`${ingestion.url}/metrics`)).text();
      const line = text
        .split('\n')
        .find(
          (l) =>
            l.startsWith('riskstream_ingestion_data_quality_flags_total{') &&
            l.includes('field="credit_history_years"') &&
            l.includes('issue="BELOW_REFERENCE_RANGE"'),
        );
      return line ? Number(line.split(' ').pop()) : 0;
    };
    const before = await historyFlags();
    // Valid (no rule forbids a new borrower) but below every training row's history (the bundle's range starts at 2).
    const report = {
      reportId: randomUUID(),
      customerId: `C-${randomUUID().slice(0, 8)}`,
      reportedAt: new Date().toISOString(),
      priorDefaultOnFile: false,
      creditHistoryLengthYears: 0,
    };
    await producer.send({
      topic: TOPICS.creditBureauReportReceived.name,
      messages: [{ key: report.customerId, value: JSON.stringify(report) }],
    });
    await waitFor('the report row', async () => {
      const { rows } = await db.query('SELECT 1 FROM ingestion.credit_reports WHERE report_id = $1', [
        report.reportId,
      ]);
      return rows.length ? true : undefined;
    });
    await waitFor('the flag counted', async () => ((await historyFlags()) === before + 1 ? true : undefined));
    const [event] = await waitFor('the validated report', async () => {
      const events = await validatedEvents(report.customerId, since, TOPICS.creditBureauReportValidated.name);
      return events.length ? events : undefined;
    });
    expect(event!.dataQualityFlags).toEqual([
      { field: 'credit_history_years', issue: 'BELOW_REFERENCE_RANGE', value: 0, reference: 2 },
    ]);
  });

  it('reports ready and exposes Prometheus metrics', async () => {
    const ready = await fetch(`${ingestion.url}/health/ready`);
    expect(ready.status).toBe(200);
    const metrics = await (await fetch(`${ingestion.url}/metrics`)).text();
    expect(metrics).toMatch(/riskstream_ingestion_applications_total\{[^}]*outcome="accepted"[^}]*\} [1-9]/);
    expect(metrics).toContain('riskstream_kafka_messages_total');
  });

  it('shuts down cleanly on SIGTERM', async () => {
    expect(await ingestion.stop('SIGTERM')).toBe(0);
    expect(await gateway.stop('SIGTERM')).toBe(0);
  });
});
