import { randomUUID } from 'node:crypto';

/** What the pipeline must do with a generated input. */
export type Expectation =
  { kind: 'score' } | { kind: 'duplicate' } | { kind: 'reject'; rule: string; by: 'ingestion' | 'features' };

export interface GeneratedMessage {
  topic: 'application' | 'bureau';
  key: string;
  value: string;
  eventId: string;
  applicationId?: string;
  expect?: Expectation;
}

/** Deterministic PRNG (mulberry32) so a failing run can be replayed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INTENTS = ['EDUCATION', 'MEDICAL', 'VENTURE', 'PERSONAL', 'DEBTCONSOLIDATION', 'HOMEIMPROVEMENT'];
const GRADES = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];
const HOMES = ['RENT', 'OWN', 'MORTGAGE', 'OTHER'];

interface AppShape {
  applicant: Record<string, unknown>;
  loan: Record<string, unknown>;
  [field: string]: unknown;
}

/** Every way the contract and the shared rules know an application to be invalid, with the expected rule. */
const CORRUPTIONS: {
  rule: string;
  by: 'ingestion' | 'features';
  apply: (app: AppShape) => unknown;
}[] = [
  { rule: 'payload.not_json', by: 'ingestion', apply: () => '{"applicationId": "not json' },
  { rule: 'schema.isDefined', by: 'ingestion', apply: (a) => ({ ...a, loan: undefined }) },
  {
    rule: 'schema.isInt',
    by: 'ingestion',
    apply: (a) => ({ ...a, applicant: { ...a.applicant, age: 'thirty' } }),
  },
  { rule: 'schema.isIn', by: 'ingestion', apply: (a) => ({ ...a, loan: { ...a.loan, grade: 'Z' } }) },
  { rule: 'schema.isIn', by: 'ingestion', apply: (a) => ({ ...a, loan: { ...a.loan, intent: 'HOLIDAY' } }) },
  { rule: 'schema.isUuid', by: 'ingestion', apply: (a) => ({ ...a, applicationId: 'not-a-uuid' }) },
  { rule: 'age.range', by: 'ingestion', apply: (a) => ({ ...a, applicant: { ...a.applicant, age: 144 } }) },
  { rule: 'age.range', by: 'ingestion', apply: (a) => ({ ...a, applicant: { ...a.applicant, age: 16 } }) },
  {
    rule: 'employment_length.exceeds_working_life',
    by: 'ingestion',
    apply: (a) => ({ ...a, applicant: { ...a.applicant, age: 25, employmentLengthYears: 20 } }),
  },
  {
    rule: 'employment_length.range',
    by: 'ingestion',
    apply: (a) => ({ ...a, applicant: { ...a.applicant, age: 100, employmentLengthYears: 81 } }),
  },
  {
    rule: 'annual_income.range',
    by: 'ingestion',
    apply: (a) => ({ ...a, applicant: { ...a.applicant, annualIncome: 0 } }),
  },
  { rule: 'loan_amount.range', by: 'ingestion', apply: (a) => ({ ...a, loan: { ...a.loan, amount: 0 } }) },
  {
    rule: 'interest_rate.range',
    by: 'ingestion',
    apply: (a) => ({ ...a, loan: { ...a.loan, interestRatePct: 0 } }),
  },
];

export interface GeneratedStream {
  messages: GeneratedMessage[];
  validApplications: string[];
  rejected: Map<string, { rule: string; by: string }>;
  duplicates: number;
}

/**
 * `count` applications with their bureau reports (some missing, some after the application), a share invalid
 * in every way the rules know, plus duplicate and conflicting re-submissions. The expected outcome of each is
 * recorded: the test checks the pipeline against it.
 */
export function generateStream(count: number, seed = 1, invalidShare = 0.1): GeneratedStream {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const messages: GeneratedMessage[] = [];
  const validApplications: string[] = [];
  const rejected = new Map<string, { rule: string; by: string }>();
  let duplicates = 0;
  const run = randomUUID().slice(0, 8);
  for (let i = 0; i < count; i++) {
    const applicationId = randomUUID();
    const customerId = `${run}-C${i}`;
    const age = 20 + Math.floor(rand() * 45);
    const app: AppShape = {
      applicationId,
      customerId,
      submittedAt: new Date().toISOString(),
      channel: 'API',
      applicant: {
        age,
        annualIncome: Math.round(15_000 + rand() * 120_000),
        homeOwnership: pick(HOMES),
        employmentLengthYears: rand() < 0.05 ? null : Math.floor(rand() * Math.min(15, age - 18)),
      },
      loan: {
        amount: Math.round(500 + rand() * 30_000),
        currency: 'EUR',
        intent: pick(INTENTS),
        grade: pick(GRADES),
        interestRatePct: rand() < 0.08 ? null : Math.round((5 + rand() * 17) * 100) / 100,
      },
    };
    const report = {
      reportId: randomUUID(),
      customerId,
      bureau: 'TESTBUREAU',
      reportedAt: new Date().toISOString(),
      priorDefaultOnFile: rand() < 0.18,
      creditHistoryLengthYears: Math.floor(rand() * Math.max(1, age - 18)),
    };
    const bureauMessage = (r: object): GeneratedMessage => ({
      topic: 'bureau',
      key: customerId,
      value: JSON.stringify(r),
      eventId: randomUUID(),
    });
    const appMessage = (value: unknown, expect?: Expectation): GeneratedMessage => ({
      topic: 'application',
      key: applicationId,
      value: typeof value === 'string' ? value : JSON.stringify(value),
      eventId: randomUUID(),
      applicationId,
      expect,
    });

    const roll = rand();
    if (roll < invalidShare) {
      const corruption = CORRUPTIONS[i % CORRUPTIONS.length]!;
      const message = appMessage(corruption.apply(app), {
        kind: 'reject',
        rule: corruption.rule,
        by: corruption.by,
      });
      rejected.set(message.eventId, { rule: corruption.rule, by: corruption.by });
      messages.push(bureauMessage(report), message);
      continue;
    }
    if (roll < invalidShare + 0.01) {
      // Credit history longer than adult life: only detectable once the report is joined (features).
      const bad = { ...report, creditHistoryLengthYears: age - 10 };
      const message = appMessage(app, {
        kind: 'reject',
        rule: 'credit_history.exceeds_adult_life',
        by: 'features',
      });
      rejected.set(message.eventId, { rule: 'credit_history.exceeds_adult_life', by: 'features' });
      messages.push(bureauMessage(bad), message);
      continue;
    }
    validApplications.push(applicationId);
    const shape = rand();
    if (shape < 0.05) {
      messages.push(appMessage(app, { kind: 'score' })); // no bureau report at all: scored after the grace period
    } else if (shape < 0.15) {
      messages.push(appMessage(app, { kind: 'score' }), bureauMessage(report)); // report after the application
    } else {
      messages.push(bureauMessage(report), appMessage(app, { kind: 'score' }));
    }
    if (rand() < 0.02) {
      messages.push(appMessage(app, { kind: 'duplicate' })); // identical re-submission: absorbed
      duplicates++;
    } else if (rand() < 0.01) {
      const conflict = appMessage(
        { ...app, loan: { ...app.loan, amount: (app.loan.amount as number) + 1 } },
        { kind: 'reject', rule: 'application_id.conflict', by: 'ingestion' },
      );
      rejected.set(conflict.eventId, { rule: 'application_id.conflict', by: 'ingestion' });
      messages.push(conflict);
    }
  }
  return { messages, validApplications, rejected, duplicates };
}
