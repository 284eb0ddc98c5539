export interface ConfigIssue {
  /** Environment variable name. */
  readonly variable: string;
  /** Why the value was rejected, one entry per failed rule. */
  readonly reasons: readonly string[];
  /** Masked description of what was received, e.g. `got "abc"`, `not set`, `got ***`. */
  readonly received: string;
}

/** Thrown by loadConfig; the message lists every offending variable and never contains secret values. */
export class ConfigValidationError extends Error {
  override readonly name = 'ConfigValidationError';

  constructor(
    readonly serviceName: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(
      `Invalid configuration for ${serviceName}:\n` +
        issues
          .map((issue) => `  - ${issue.variable}: ${issue.reasons.join('; ')} (${issue.received})`)
          .join('\n'),
    );
  }
}
