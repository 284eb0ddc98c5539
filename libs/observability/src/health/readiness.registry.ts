import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import {
  DEFAULT_READINESS_TIMEOUT_MS,
  HEALTH_OPTIONS,
  type HealthModuleOptions,
} from './health.constants.js';

/** Resolves when the dependency is usable, rejects (with a reason) when it is not. */
export type ReadinessCheck = () => Promise<void>;

export interface ReadinessCheckOptions {
  /** A check still pending after this counts as failed. */
  timeoutMs?: number;
}

export interface RegisteredReadinessCheck {
  readonly name: string;
  readonly check: ReadinessCheck;
  readonly timeoutMs: number;
}

/**
 * Readiness checks contributed by other libs (Kafka connectivity, DB ping) from their onModuleInit.
 * `GET /health/ready` passes only when all of them pass and the app is not shutting down.
 */
@Injectable()
export class ReadinessRegistry implements BeforeApplicationShutdown {
  private readonly checks = new Map<string, RegisteredReadinessCheck>();
  private shuttingDown = false;

  constructor(@Inject(HEALTH_OPTIONS) private readonly options: HealthModuleOptions) {}

  /** Adds a named check; returns a function that removes it. Names must be unique. */
  register(name: string, check: ReadinessCheck, options: ReadinessCheckOptions = {}): () => void {
    if (this.checks.has(name)) throw new Error(`Readiness check "${name}" is already registered`);
    const entry: RegisteredReadinessCheck = {
      name,
      check,
      timeoutMs: options.timeoutMs ?? this.options.readinessTimeoutMs ?? DEFAULT_READINESS_TIMEOUT_MS,
    };
    this.checks.set(name, entry);
    return () => {
      if (this.checks.get(name) === entry) this.checks.delete(name);
    };
  }

  list(): readonly RegisteredReadinessCheck[] {
    return [...this.checks.values()];
  }

  /**
   * Report not-ready from now on. Call it first on SIGTERM and keep serving for a moment so load balancers
   * stop routing here before connections close. Nest's shutdown hooks also call it.
   */
  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  beforeApplicationShutdown(): void {
    this.markShuttingDown();
  }
}
