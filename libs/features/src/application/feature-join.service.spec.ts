import type {
  ApplicationValidatedV1,
  CreditReportValidatedV1,
  DataQualityFlagV1,
} from '@riskstream/contracts';
import { FeatureJoinService, reportFromEvent, type StoredReport } from './feature-join.service.js';
import type { FeaturesMetrics } from './features-metrics.js';

const metrics = { bureauWaitSeconds: { observe: () => undefined } } as unknown as FeaturesMetrics;
const join = new FeatureJoinService(metrics);

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

const report = (dataQualityFlags?: DataQualityFlagV1[]): CreditReportValidatedV1 => ({
  reportId: '0f5e4a4e-7f1c-4a57-9a51-0f86c2f0d1b2',
  customerId: 'C-1001',
  reportedAt: '2026-12-07T09:00:00.000Z',
  priorDefaultOnFile: false,
  creditHistoryLengthYears: 0,
  ...(dataQualityFlags ? { dataQualityFlags } : {}),
});

const flagsOf = (reports: Map<string, StoredReport>) => {
  const [outcome] = join.evaluate([{ validated: validated([ageFlag]), sourceEventId: 'e-1' }], reports);
  if (outcome?.kind !== 'computed') throw new Error('expected features');
  return outcome.event.dataQualityFlags;
};

describe('FeatureJoinService: data-quality flags on the features event', () => {
  it("carries the application's flags, then its joined report's", () => {
    const stored = reportFromEvent(report([historyFlag]));
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
});
