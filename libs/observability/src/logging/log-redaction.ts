/** Personal or secret fields that must never reach log storage, at any nesting depth up to REDACT_DEPTH. */
export const PERSONAL_FIELDS = [
  'annualIncome',
  'bankBalance',
  'name',
  'firstName',
  'lastName',
  'email',
  'phone',
  'nationalId',
  'dateOfBirth',
  'address',
  'iban',
  'password',
] as const;

/**
 * pino wildcards match exactly one level, so every depth is listed: `email`, `*.email`, `*.*.email`, …
 * Depth 4 covers e.g. `message.value.payload.applicant.email` (a logged Kafka record).
 */
export const REDACT_DEPTH = 4;

export const REDACT_CENSOR = '[REDACTED]';

export const REDACT_PATHS: readonly string[] = [
  ...PERSONAL_FIELDS.flatMap((field) =>
    Array.from({ length: REDACT_DEPTH + 1 }, (_, depth) => [...Array<string>(depth).fill('*'), field].join('.')),
  ),
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
];
