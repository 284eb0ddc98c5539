import type { ApplicationRecord } from './application-record.js';
import { readSpecFile } from './spec-files.js';

interface FeatureSpecFile {
  version: string;
  features: { name: string; formula: string; requires: string[]; description?: string }[];
}

const file = readSpecFile('feature-spec.v1.json');
const spec = JSON.parse(file.text) as FeatureSpecFile;

export const FEATURE_SPEC_VERSION = spec.version;
/** sha256 of the spec file: bundles and golden vectors record it, so a changed spec is detected. */
export const FEATURE_SPEC_SHA256 = file.sha256;
export const FEATURE_NAMES: readonly string[] = spec.features.map((f) => f.name);
export const FEATURE_DEFINITIONS = spec.features;

const GRADES = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];
const flag = (condition: boolean): number => (condition ? 1 : 0);

/**
 * Each formula exactly as written in feature-spec.v1.json, with the same operation order as the Python
 * implementation: only + - * / on doubles, so both agree bit for bit (golden vectors prove it).
 */
const FORMULAS: Record<string, (r: ApplicationRecord) => number> = {
  age: (r) => r.age,
  annual_income: (r) => r.annualIncome,
  employment_length_years: (r) => r.employmentLengthYears ?? 0,
  employment_length_missing: (r) => flag(r.employmentLengthYears == null),
  employment_to_age: (r) => (r.employmentLengthYears ?? 0) / r.age,
  loan_amount: (r) => r.loanAmount,
  interest_rate_pct: (r) => r.interestRatePct ?? 0,
  interest_rate_missing: (r) => flag(r.interestRatePct == null),
  loan_to_income: (r) => r.loanAmount / r.annualIncome,
  interest_to_income: (r) =>
    r.interestRatePct == null ? 0 : (r.loanAmount * r.interestRatePct) / (100 * r.annualIncome),
  debt_service_to_income: (r) =>
    (r.loanAmount + (r.interestRatePct == null ? 0 : (r.loanAmount * r.interestRatePct) / 100)) /
    r.annualIncome,
  grade_ordinal: (r) => GRADES.indexOf(r.loanGrade) + 1,
  home_ownership_rent: (r) => flag(r.homeOwnership === 'RENT'),
  home_ownership_own: (r) => flag(r.homeOwnership === 'OWN'),
  home_ownership_mortgage: (r) => flag(r.homeOwnership === 'MORTGAGE'),
  home_ownership_other: (r) => flag(r.homeOwnership === 'OTHER'),
  intent_education: (r) => flag(r.loanIntent === 'EDUCATION'),
  intent_medical: (r) => flag(r.loanIntent === 'MEDICAL'),
  intent_venture: (r) => flag(r.loanIntent === 'VENTURE'),
  intent_personal: (r) => flag(r.loanIntent === 'PERSONAL'),
  intent_debt_consolidation: (r) => flag(r.loanIntent === 'DEBTCONSOLIDATION'),
  intent_home_improvement: (r) => flag(r.loanIntent === 'HOMEIMPROVEMENT'),
  bureau_missing: (r) => flag(r.creditHistoryLengthYears == null && r.priorDefaultOnFile == null),
  prior_default_on_file: (r) => flag(r.priorDefaultOnFile === true),
  credit_history_years: (r) => r.creditHistoryLengthYears ?? 0,
  credit_history_to_age: (r) => (r.creditHistoryLengthYears ?? 0) / r.age,
  employed: (r) => flag(r.employed === true),
  bank_balance: (r) => r.bankBalance ?? 0,
  balance_to_income: (r) => (r.bankBalance ?? 0) / r.annualIncome,
};

const missing = FEATURE_NAMES.filter((name) => !(name in FORMULAS));
if (missing.length)
  throw new Error(`feature spec has features without a TypeScript formula: ${missing.join(', ')}`);
const ORDERED = FEATURE_NAMES.map((name) => FORMULAS[name]!);

/** Every feature of the spec, in spec order, as float64. */
export function computeFeatureVector(record: ApplicationRecord): number[] {
  return ORDERED.map((formula) => formula(record));
}

/** Every feature of the spec by name. */
export function computeFeatures(record: ApplicationRecord): Record<string, number> {
  // A loop, not fromEntries over mapped pairs: one object per application instead of thirty arrays as well.
  const features: Record<string, number> = {};
  for (let i = 0; i < FEATURE_NAMES.length; i++) features[FEATURE_NAMES[i]!] = ORDERED[i]!(record);
  return features;
}

/** Picks a model's features (by name, in the model's order) into float32, the ONNX input type. */
export function selectFeatures(
  features: Record<string, number>,
  names: readonly string[],
  out?: Float32Array,
): Float32Array {
  const target = out ?? new Float32Array(names.length);
  for (let i = 0; i < names.length; i++) {
    const value = features[names[i]!];
    if (value === undefined) throw new Error(`feature ${names[i]} is not in the feature vector`);
    target[i] = value;
  }
  return target;
}

/** The record's fields that come from the customer's credit-bureau report (null until one is joined). */
export const BUREAU_FIELDS: readonly (keyof ApplicationRecord)[] = [
  'priorDefaultOnFile',
  'creditHistoryLengthYears',
];

const fromBureau = (field: string): boolean => (BUREAU_FIELDS as readonly string[]).includes(field);

/**
 * Features computed from the application alone: their value is final at intake. The others need the bureau report,
 * which features joins later; computed from an application without one, they describe a report not yet joined.
 */
export const APPLICATION_FEATURES: ReadonlySet<string> = new Set(
  FEATURE_DEFINITIONS.filter((f) => !f.requires.some(fromBureau)).map((f) => f.name),
);

/** Features computed from the bureau report alone: final as soon as the report is known. */
export const BUREAU_FEATURES: ReadonlySet<string> = new Set(
  FEATURE_DEFINITIONS.filter((f) => f.requires.length > 0 && f.requires.every(fromBureau)).map((f) => f.name),
);

/**
 * Features that need both the application and the bureau report (`credit_history_to_age`): final only once features
 * has joined the two, so they are checked there, not at intake.
 */
export const JOINED_FEATURES: ReadonlySet<string> = new Set(
  FEATURE_NAMES.filter((name) => !APPLICATION_FEATURES.has(name) && !BUREAU_FEATURES.has(name)),
);

// Stands in for the application in computeBureauFeatures: the bureau formulas never read it (the spec test proves
// it), and NaN would show if one did.
const NO_APPLICATION: ApplicationRecord = {
  age: NaN,
  annualIncome: NaN,
  homeOwnership: '',
  employmentLengthYears: null,
  loanAmount: NaN,
  loanIntent: '',
  loanGrade: '',
  interestRatePct: null,
  priorDefaultOnFile: null,
  creditHistoryLengthYears: null,
  employed: null,
  bankBalance: null,
};
const BUREAU_FORMULAS = FEATURE_NAMES.filter((name) => BUREAU_FEATURES.has(name)).map(
  (name) => [name, FORMULAS[name]!] as const,
);

/** The bureau features (BUREAU_FEATURES) of a credit-bureau report on its own, by name. */
export function computeBureauFeatures(
  bureau: Pick<ApplicationRecord, 'priorDefaultOnFile' | 'creditHistoryLengthYears'>,
): Record<string, number> {
  const record: ApplicationRecord = {
    ...NO_APPLICATION,
    priorDefaultOnFile: bureau.priorDefaultOnFile,
    creditHistoryLengthYears: bureau.creditHistoryLengthYears,
  };
  const features: Record<string, number> = {};
  for (const [name, formula] of BUREAU_FORMULAS) features[name] = formula(record);
  return features;
}
