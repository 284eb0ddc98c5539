import { Controller, Get, Inject, Logger } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
  type HealthIndicatorFunction,
} from '@nestjs/terminus';
import { EventLoopMonitor } from './event-loop.monitor.js';
import {
  DEFAULT_MAX_EVENT_LOOP_DELAY_MS,
  HEALTH_OPTIONS,
  type HealthModuleOptions,
} from './health.constants.js';
import { ReadinessRegistry } from './readiness.registry.js';

@Controller('health')
export class HealthController {
  private readonly logger = new Logger('Health');
  private lastReady: boolean | undefined;

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly readiness: ReadinessRegistry,
    private readonly eventLoop: EventLoopMonitor,
    @Inject(HEALTH_OPTIONS) private readonly options: HealthModuleOptions,
  ) {}

  /** 200 while the process serves requests and the event loop has not stalled beyond the threshold. */
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([
      () => {
        const maxDelayMs = this.eventLoop.takeMaxDelayMs();
        const limit = this.options.maxEventLoopDelayMs ?? DEFAULT_MAX_EVENT_LOOP_DELAY_MS;
        const session = this.indicators.check('event_loop');
        return maxDelayMs > limit
          ? session.down({
              maxDelayMs,
              message: `event loop stalled for ${maxDelayMs} ms (limit ${limit} ms)`,
            })
          : session.up({ maxDelayMs });
      },
    ]);
  }

  /** 200 when every registered check passes; 503 with per-check detail otherwise or while shutting down. */
  @Get('ready')
  @HealthCheck()
  async ready(): Promise<HealthCheckResult> {
    try {
      const result = await this.health.check(this.readinessIndicators());
      this.recordTransition(true);
      return result;
    } catch (error) {
      this.recordTransition(false, error);
      throw error;
    }
  }

  private readinessIndicators(): HealthIndicatorFunction[] {
    // Dependencies are being closed during shutdown; checking them would only add noise and latency.
    if (this.readiness.isShuttingDown) {
      return [() => this.indicators.check('lifecycle').down({ message: 'shutting down' })];
    }
    return this.readiness.list().map(({ name, check, timeoutMs }) =>
      this.indicators
        .check(name)
        .attempt(() => check())
        .withTimeout(timeoutMs),
    );
  }

  // Probes run every few seconds: log changes only.
  private recordTransition(ready: boolean, error?: unknown): void {
    if (this.lastReady === ready) return;
    this.lastReady = ready;
    if (ready) {
      this.logger.log('Service is ready');
      return;
    }
    const response = (error as { getResponse?: () => unknown } | undefined)?.getResponse?.();
    this.logger.warn('Service is not ready', { health: response });
  }
}
