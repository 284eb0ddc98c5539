import type { LevelWithSilent, Logger } from 'pino';

/** Injection token of the root pino `Logger`. String tokens survive duplicate copies of this package. */
export const LOGGER = 'riskstream:observability:LOGGER';
export const LOGGING_OPTIONS = 'riskstream:observability:LOGGING_OPTIONS';

export interface HttpLoggingOptions {
  /** Paths (prefix match) whose requests are not logged. Default ['/health', '/metrics']. */
  ignorePaths?: readonly string[];
}

export interface LoggingModuleOptions {
  serviceName: string;
  level?: LevelWithSilent;
  /** Reuse a logger created before Nest started (e.g. in main.ts); serviceName/level are then ignored. */
  logger?: Logger;
  /** Log one line per HTTP request (default true). */
  httpLogging?: boolean | HttpLoggingOptions;
}
