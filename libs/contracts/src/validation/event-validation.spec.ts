import { LoanApplicationSubmittedV1 } from '../events/loan-application-submitted/loan-application-submitted.v1.js';
import { ApplicationValidatedV1 } from '../events/application-validated/application-validated.v1.js';
import { CreditBureauReportReceivedV1 } from '../events/credit-bureau-report-received/credit-bureau-report-received.v1.js';
import { FeaturesComputedV1 } from '../events/features-computed/features-computed.v1.js';
import { decodeEvent, validateEvent, validateOutgoingEvent } from './event-validation.js';

export function validApplication(): Record<string, unknown> {
  return {
    applicationId: '4f6c7a64-3f55-4d8b-9f3c-2f1d8f0f9a11',
    customerId: 'C-1001',
    submittedAt: '2026-11-20T10:00:00Z',
    applicant: { age: 34, annualIncome: 54000, homeOwnership: 'RENT', employmentLengthYears: 4 },
    loan: { amount: 12000, currency: 'EUR', intent: 'EDUCATION', grade: 'B', interestRatePct: 11.14 },
  };
}

describe('validateEvent', () => {
  it('accepts a valid application and returns a class instance', () => {
    const result = validateEvent(LoanApplicationSubmittedV1, validApplication());
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value).toBeInstanceOf(LoanApplicationSubmittedV1);
      expect(result.value.applicant.age).toBe(34);
    }
  });

  it('accepts null for the optional-by-null fields', () => {
    const app = validApplication();
    (app.applicant as Record<string, unknown>).employmentLengthYears = null;
    (app.loan as Record<string, unknown>).interestRatePct = null;
    expect(validateEvent(LoanApplicationSubmittedV1, app).ok).toBe(true);
  });

  it('names every nested field that is wrong, with rule and value', () => {
    const app = validApplication();
    (app.applicant as Record<string, unknown>).age = 'forty';
    (app.loan as Record<string, unknown>).grade = 'Z';
    const result = validateEvent(LoanApplicationSubmittedV1, app);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      const fields = result.violations.map((v) => `${v.field}:${v.rule}`);
      expect(fields).toContain('applicant.age:schema.isInt');
      expect(fields).toContain('loan.grade:schema.isIn');
      expect(result.violations.find((v) => v.field === 'loan.grade')?.value).toBe('Z');
      // A wrong type is reported once, without range checks that cannot apply to it.
      expect(result.violations.filter((v) => v.field === 'applicant.age')).toHaveLength(1);
    }
  });

  it('reports a missing nested object', () => {
    const app = validApplication();
    delete app.loan;
    const result = validateEvent(LoanApplicationSubmittedV1, app);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.violations.some((v) => v.field === 'loan')).toBe(true);
  });

  it('strips unknown properties for tolerant readers but rejects them in strict mode', () => {
    const app = { ...validApplication(), extra: 1 };
    const tolerant = validateEvent(LoanApplicationSubmittedV1, app);
    expect(tolerant.ok).toBe(true);
    if (tolerant.ok) expect('extra' in tolerant.value).toBe(false);
    const strict = validateEvent(LoanApplicationSubmittedV1, app, { forbidUnknown: true });
    expect(strict.ok).toBe(false);
    if (!strict.ok)
      expect(strict.violations[0]).toMatchObject({ field: 'extra', rule: 'schema.unknown_property' });
  });
});

describe('decodeEvent', () => {
  it('turns bytes that are not JSON into a violation instead of throwing', () => {
    const result = decodeEvent(LoanApplicationSubmittedV1, Buffer.from('{"applicationId": '));
    expect(result).toMatchObject({ ok: false, violations: [{ field: '$', rule: 'payload.not_json' }] });
  });

  it('rejects empty payloads, arrays and scalars', () => {
    expect(decodeEvent(LoanApplicationSubmittedV1, null)).toMatchObject({
      ok: false,
      violations: [{ rule: 'payload.empty' }],
    });
    expect(decodeEvent(LoanApplicationSubmittedV1, Buffer.from('[1,2]'))).toMatchObject({
      ok: false,
      violations: [{ rule: 'payload.not_object' }],
    });
    expect(decodeEvent(LoanApplicationSubmittedV1, Buffer.from('42'))).toMatchObject({ ok: false });
  });

  it('survives a large junk payload', () => {
    const junk = Buffer.alloc(10 * 1024 * 1024, 0x41);
    const result = decodeEvent(LoanApplicationSubmittedV1, junk);
    expect(result.ok).toBe(false);
  });
});

describe('validateOutgoingEvent', () => {
  const features = () =>
    ({
      applicationId: '4f6c7a64-3f55-4d8b-9f3c-2f1d8f0f9a11',
      customerId: 'C-1001',
      featureSpecVersion: '1',
      features: { age: 34, loan_to_income: 0.2222 },
      bureauStatus: 'JOINED',
      bureauReportId: null,
      dataQualityFlags: [
        { field: 'age', issue: 'ABOVE_REFERENCE_RANGE', value: 34, reference: 30, note: 'unknown, stripped' },
      ],
      computedAt: '2026-11-20T10:00:00.000Z',
      extra: 'unknown, stripped',
    }) as unknown as FeaturesComputedV1;

  it('answers as validateEvent does, and leaves the event as it was', () => {
    const event = features();
    const before = structuredClone(event);
    const outgoing = validateOutgoingEvent(FeaturesComputedV1, event);
    const reference = validateEvent(FeaturesComputedV1, structuredClone(before));
    expect(outgoing.ok).toBe(true);
    expect(reference.ok).toBe(true);
    if (outgoing.ok && reference.ok) expect(outgoing.value).toEqual(reference.value);
    expect(event).toStrictEqual(before);
  });

  it('names the same violations as validateEvent', () => {
    const event = features();
    (event.features as Record<string, number>)['age'] = Number.NaN;
    const outgoing = validateOutgoingEvent(FeaturesComputedV1, event);
    expect(outgoing).toEqual(validateEvent(FeaturesComputedV1, structuredClone(event)));
    expect(outgoing.ok).toBe(false);
    if (!outgoing.ok) expect(outgoing.violations.map((v) => v.field)).toContain('features');
  });
});

describe('validateOutgoingEvent around a decoded event', () => {
  const decoded = () => {
    const result = decodeEvent(LoanApplicationSubmittedV1, Buffer.from(JSON.stringify(validApplication())));
    if (!result.ok) throw new Error('the sample application must be valid');
    return result.value;
  };
  const validated = (application: unknown) =>
    ({
      applicationId: '4f6c7a64-3f55-4d8b-9f3c-2f1d8f0f9a11',
      customerId: 'C-1001',
      application,
      repairs: [],
      dataQualityFlags: [],
      rulesVersion: '1',
      validatedAt: '2026-11-20T10:00:01.000Z',
    }) as unknown as ApplicationValidatedV1;

  it('takes the decoded instance as it is instead of checking and copying it again', () => {
    const application = decoded();
    const result = validateOutgoingEvent(ApplicationValidatedV1, validated(application));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.application).toBe(application);
  });

  it('still checks an instance of the class that no validation produced', () => {
    const forged = Object.assign(new LoanApplicationSubmittedV1(), decoded(), { customerId: '' });
    const result = validateOutgoingEvent(ApplicationValidatedV1, validated(forged));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.violations.map((v) => v.field)).toContain('application.customerId');
  });

  it('still checks a plain copy of a decoded event', () => {
    const copy = { ...decoded(), applicant: { ...decoded().applicant, age: 'forty' } };
    const result = validateOutgoingEvent(ApplicationValidatedV1, validated(copy));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.violations.map((v) => v.field)).toContain('application.applicant.age');
  });

  it('does not take a decoded event of another class where the contract expects this one', () => {
    const report = decodeEvent(
      CreditBureauReportReceivedV1,
      Buffer.from(
        JSON.stringify({
          reportId: '0f5e4a4e-7f1c-4a57-9a51-0f86c2f0d1b2',
          customerId: 'C-1001',
          bureau: 'DEMO-BUREAU',
          reportedAt: '2026-11-20T09:00:00.000Z',
          priorDefaultOnFile: false,
          creditHistoryLengthYears: 4,
        }),
      ),
    );
    expect(report.ok).toBe(true);
    if (!report.ok) return;
    const result = validateOutgoingEvent(ApplicationValidatedV1, validated(report.value));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.violations.some((v) => v.field.startsWith('application'))).toBe(true);
  });

  it('passes a decoded event published as it is (a validated report)', () => {
    const application = decoded();
    expect(validateOutgoingEvent(LoanApplicationSubmittedV1, application)).toEqual({
      ok: true,
      value: application,
    });
  });
});
