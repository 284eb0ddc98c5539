// These enumerations must equal the ones in libs/feature-spec/spec/validation-rules.v1.json, which the training
// pipeline reads; domain-enums.spec.ts fails when the two drift apart.
export const HOME_OWNERSHIPS = ['RENT', 'OWN', 'MORTGAGE', 'OTHER'] as const;
export type HomeOwnership = (typeof HOME_OWNERSHIPS)[number];

export const LOAN_INTENTS = [
  'EDUCATION',
  'MEDICAL',
  'VENTURE',
  'PERSONAL',
  'DEBTCONSOLIDATION',
  'HOMEIMPROVEMENT',
] as const;
export type LoanIntent = (typeof LOAN_INTENTS)[number];

export const LOAN_GRADES = ['A', 'B', 'C', 'D', 'E', 'F', 'G'] as const;
export type LoanGrade = (typeof LOAN_GRADES)[number];

export const DECISIONS = ['APPROVE', 'REVIEW', 'DECLINE'] as const;
export type Decision = (typeof DECISIONS)[number];

export const APPLICATION_CHANNELS = ['BRANCH', 'ONLINE', 'BROKER', 'PARTNER', 'API'] as const;
export type ApplicationChannel = (typeof APPLICATION_CHANNELS)[number];
