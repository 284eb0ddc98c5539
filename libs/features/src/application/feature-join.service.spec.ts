import type {
  ApplicationValidatedV1,
  CreditReportValidatedV1,
  DataQualityFlagV1,
} from '@riskstream/contracts';
import { fileURLToPath } from 'node:url';
import { DataQualityReference } from '@riskstream/data-quality';
import { pino } from 'pino';
import { FeatureJoinService, reportFromEvent, type StoredReport } from './feature-join.service.js';
import type { FeaturesMetrics } from './features-metrics.js';

const metrics = { bureauWaitSeconds: { observe: () => undefined } } as unknown as FeaturesMetrics;
// The default bundle's training ranges (credit_history_to_age: 0.0606 to 0.5), as features uses them without a registry.
const DEFAULT_BUNDLE = fileURLToPath(new URL('../../../scoring/assets/default-bundle', import.meta.url));
const reference = new DataQualityReference(
  { bundleDir: DEFAULT_BUNDLE, registry: null, serviceName: 'features' },
  pino({ level: 'silent' }),
);
const join = new FeatureJoinService(metrics, reference);

const ageFlag: DataQualityFlagV1 = { field: 'age', issue: 'ABOVE_REFERENCE_RANGE', value: 80, reference: 74 };
const historyFlag: DataQualityFlagV1 = {
  field: 'credit_history_years',
  issue: 'BELOW_REFERENCE_RANGE',
  value: 0,
  reference: 2,
};

const validated = (dataQualityFlags: DataQualityFlagV1[]): ApplicationValidatedV1 => ({
  applicationId: '4f6c7a64-3f55-4d8b-9f3c-2f1d8f0f9a11',
  customerId: 'C-1001',
  application: {
    applicationId: '4f6c7a64-3f55-4d8b-9f3c-2f1d8f0f9a11',
    customerId: 'C-1001',
    submittedAt: '2026-12-07T10:00:00.000Z',
    applicant: { age: 80, annualIncome: 54_000, homeOwnership: 'RENT', employmentLengthYears: 4 },
    loan: { amount: 12_000, currency: 'EUR', intent: 'EDUCATION', grade: 'B', interestRatePct: 11.14 },
  },
  repairs: [],
  dataQualityFlags,
  rulesVersion: '1',
  validatedAt: '2026-12-07T10:00:01.000Z',
});

const report = (
  dataQualityFlags?: DataQualityFlagV1[],
  creditHistoryLengthYears = 20,
): CreditReportValidatedV1 => ({
  reportId: '0f5e4a4e-7f1c-4a57-9a51-0f86c2f0d1b2',
  customerId: 'C-1001',
  reportedAt: '2026-12-07T09:00:00.000Z',
  priorDefaultOnFile: false,
  creditHistoryLengthYears,
  ...(dataQualityFlags ? { dataQualityFlags } : {}),
});

const flagsOf = (reports: Map<string, StoredReport>) => {
  const [outcome] = join.evaluate([{ validated: validated([ageFlag]), sourceEventId: 'e-1' }], reports);
  if (outcome?.kind !== 'computed') throw new Error('expected features');
  return outcome.event.dataQualityFlags;
};

describe('FeatureJoinService: data-quality flags on the features event', () => {
  it("carries the application's flags, then its joined report's", () => {
    const stored = reportFromEvent(report([historyFlag], 30));
    expect(stored.data_quality_flags).toEqual([historyFlag]);
    expect(flagsOf(new Map([['C-1001', stored]]))).toEqual([ageFlag, historyFlag]);
  });

  it("carries the application's flags alone without a report, or with one that has none", () => {
    expect(flagsOf(new Map())).toEqual([ageFlag]);
    for (const r of [report([]), report()]) {
      const stored = reportFromEvent(r);
      expect(stored.data_quality_flags).toBeNull();
      expect(flagsOf(new Map([['C-1001', stored]]))).toEqual([ageFlag]);
    }
  });

  it('flags a joined feature outside its training range (credit history to age), once joined', () => {
    // 0 years of history at 80: 0, below 0.0606; 45 years: 0.5625, above 0.5; 20 years: 0.25, inside
    const below = flagsOf(new Map([['C-1001', reportFromEvent(report([historyFlag], 0))]]));
    expect(below).toEqual([
      ageFlag,
      historyFlag,
      {
        field: 'credit_history_to_age',
        issue: 'BELOW_REFERENCE_RANGE',
        value: 0,
        reference: 0.06060606060606061,
      },
    ]);
    const above = flagsOf(new Map([['C-1001', reportFromEvent(report(undefined, 45))]]));
    expect(above).toEqual([
      ageFlag,
      { field: 'credit_history_to_age', issue: 'ABOVE_REFERENCE_RANGE', value: 0.5625, reference: 0.5 },
    ]);
    expect(flagsOf(new Map([['C-1001', reportFromEvent(report(undefined, 20))]]))).toEqual([ageFlag]);
  });

  it('checks no joined feature without a report (its value would describe a report that is missing)', () => {
    const [outcome] = join.evaluate([{ validated: validated([]), sourceEventId: 'e-1' }], new Map());
    if (outcome?.kind !== 'computed') throw new Error('expected features');
    expect(outcome.event.bureauStatus).toBe('MISSING_AFTER_GRACE');
    expect(outcome.event.features['credit_history_to_age']).toBe(0);
    expect(outcome.event.dataQualityFlags).toEqual([]);
    expect(outcome.joinedFlags).toEqual([]);
  });
});
