import type { JsonScalar, Violation } from '@riskstream/contracts';
import type { ApplicationRecord } from './application-record.js';
import { readSpecFile } from './spec-files.js';

type Check = 'integer' | 'range' | 'enum' | 'present' | 'max_working_life';

export interface RuleDefinition {
  id: string;
  field: keyof ApplicationRecord;
  action: 'reject' | 'repair';
  check: Check;
  min?: number;
  max?: number;
  minExclusive?: number;
  enum?: string;
  message: string;
}

interface RulesFile {
  version: string;
  minWorkingAge: number;
  enums: Record<string, string[]>;
  rules: RuleDefinition[];
}

const file = readSpecFile('validation-rules.v1.json');
const rules = JSON.parse(file.text) as RulesFile;

export const VALIDATION_RULES_VERSION = rules.version;
export const VALIDATION_RULES_SHA256 = file.sha256;
export const VALIDATION_RULES: readonly RuleDefinition[] = rules.rules;

export interface AppliedRepair {
  field: string;
  rule: string;
  message: string;
}

export interface RuleEvaluation {
  /** Rules that reject the record, each with the offending value. Empty when the record is valid. */
  violations: Violation[];
  /** Repairs the feature spec applies (missing values imputed and flagged). */
  repairs: AppliedRepair[];
}

/** Maps a record field to the contract path reported to producers. */
const CONTRACT_PATH: Record<keyof ApplicationRecord, string> = {
  age: 'applicant.age',
  annualIncome: 'applicant.annualIncome',
  homeOwnership: 'applicant.homeOwnership',
  employmentLengthYears: 'applicant.employmentLengthYears',
  employed: 'applicant.employed',
  bankBalance: 'applicant.bankBalance',
  loanAmount: 'loan.amount',
  loanIntent: 'loan.intent',
  loanGrade: 'loan.grade',
  interestRatePct: 'loan.interestRatePct',
  priorDefaultOnFile: 'bureau.priorDefaultOnFile',
  creditHistoryLengthYears: 'bureau.creditHistoryLengthYears',
};

function breaks(rule: RuleDefinition, value: unknown, record: ApplicationRecord): boolean {
  switch (rule.check) {
    case 'present':
      return value === null || value === undefined;
    case 'integer':
      return typeof value === 'number' && !Number.isInteger(value);
    case 'range':
      if (typeof value !== 'number') return false;
      return (
        !Number.isFinite(value) ||
        (rule.min !== undefined && value < rule.min) ||
        (rule.max !== undefined && value > rule.max) ||
        (rule.minExclusive !== undefined && value <= rule.minExclusive)
      );
    case 'enum':
      return !(rules.enums[rule.enum ?? '']?.includes(String(value)) ?? false);
    case 'max_working_life':
      // Judged only against a usable age; a missing or invalid age is the age rules' violation, not this one.
      return (
        typeof value === 'number' &&
        typeof record.age === 'number' &&
        value > record.age - rules.minWorkingAge
      );
  }
}

/**
 * Applies the shared validation rules (libs/feature-spec/spec/validation-rules.v1.json), the same ones the
 * training pipeline's cleaning applies, so that both sides reject or repair exactly the same rows.
 * Null values are only judged by 'present' rules: a missing optional value is a repair, not a violation.
 */
export function evaluateRules(
  record: ApplicationRecord,
  path: (field: keyof ApplicationRecord) => string = (f) => CONTRACT_PATH[f],
): RuleEvaluation {
  const violations: Violation[] = [];
  const repairs: AppliedRepair[] = [];
  for (const rule of rules.rules) {
    const value = record[rule.field];
    if (rule.check !== 'present' && rule.check !== 'enum' && (value === null || value === undefined))
      continue;
    if (!breaks(rule, value, record)) continue;
    if (rule.action === 'repair') {
      repairs.push({ field: path(rule.field), rule: rule.id, message: rule.message });
    } else {
      violations.push({
        field: path(rule.field),
        rule: rule.id,
        message: rule.message,
        value: value as JsonScalar,
      });
    }
  }
  return { violations, repairs };
}
