import type { ApplicationRecord } from './application-record.js';
import { evaluateRules, VALIDATION_RULES } from './validation-rules.js';

const valid: ApplicationRecord = {
  age: 30,
  annualIncome: 55_000,
  homeOwnership: 'RENT',
  employmentLengthYears: 4,
  loanAmount: 10_000,
  loanIntent: 'PERSONAL',
  loanGrade: 'B',
  interestRatePct: 11.14,
  priorDefaultOnFile: false,
  creditHistoryLengthYears: 6,
  employed: null,
  bankBalance: null,
};

const rulesOf = (record: Partial<ApplicationRecord>) =>
  evaluateRules({ ...valid, ...record }).violations.map((v) => v.rule);

describe('shared validation rules', () => {
  it('passes a valid record without repairs', () => {
    expect(evaluateRules(valid)).toEqual({ violations: [], repairs: [] });
  });

  it('rejects the faults real data has, with field, rule and value', () => {
    expect(evaluateRules({ ...valid, age: 144 }).violations).toEqual([
      expect.objectContaining({ field: 'applicant.age', rule: 'age.range', value: 144 }),
      // 6 years of credit history is still possible at 144; employment of 4 too: only the age breaks.
    ]);
    expect(rulesOf({ age: 30, employmentLengthYears: 123 })).toEqual(
      expect.arrayContaining(['employment_length.range', 'employment_length.exceeds_working_life']),
    );
    expect(rulesOf({ age: 22, employmentLengthYears: 10 })).toEqual([
      'employment_length.exceeds_working_life',
    ]);
    expect(rulesOf({ age: 30.5 })).toEqual(['age.integer']);
    expect(rulesOf({ loanAmount: 0 })).toEqual(['loan_amount.range']);
    expect(rulesOf({ annualIncome: -1 })).toEqual(['annual_income.range']);
    expect(rulesOf({ loanGrade: 'Z' })).toEqual(['loan_grade.enum']);
    expect(rulesOf({ loanIntent: 'HOLIDAY' })).toEqual(['loan_intent.enum']);
    expect(rulesOf({ homeOwnership: 'CASTLE' })).toEqual(['home_ownership.enum']);
    expect(rulesOf({ interestRatePct: 0 })).toEqual(['interest_rate.range']);
    expect(rulesOf({ creditHistoryLengthYears: 20, age: 30 })).toEqual(['credit_history.exceeds_adult_life']);
  });

  it('repairs missing employment length and interest rate instead of rejecting', () => {
    const result = evaluateRules({ ...valid, employmentLengthYears: null, interestRatePct: null });
    expect(result.violations).toEqual([]);
    expect(result.repairs.map((r) => r.rule)).toEqual(['employment_length.missing', 'interest_rate.missing']);
  });

  it('does not judge a missing bureau report or optional fields as violations', () => {
    expect(rulesOf({ creditHistoryLengthYears: null, priorDefaultOnFile: null, bankBalance: null })).toEqual(
      [],
    );
  });

  it('every rule in the shared file is one this implementation knows how to check', () => {
    for (const rule of VALIDATION_RULES) {
      expect(['integer', 'range', 'enum', 'present', 'max_working_life']).toContain(rule.check);
    }
  });
});
