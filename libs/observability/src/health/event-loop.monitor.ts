import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { monitorEventLoopDelay, type ELDHistogram } from 'node:perf_hooks';

/**
 * The sampling timer's period. The histogram's timer wakes the process every period, busy or idle: at 20 ms, with
 * prom-client's lag timer beside it (metrics.module.ts), an idle service used ~5 ms of CPU a second on its timers
 * alone, seven services ~2 % of a 2-core machine. Liveness looks for stalls of seconds, which any period catches.
 */
export const EVENT_LOOP_SAMPLING_MS = 100;

/** Tracks event-loop stalls between liveness probes. */
@Injectable()
export class EventLoopMonitor implements OnModuleDestroy {
  private readonly histogram: ELDHistogram = monitorEventLoopDelay({ resolution: EVENT_LOOP_SAMPLING_MS });

  constructor() {
    this.histogram.enable();
  }

  /** Longest delay (ms) observed since the previous call, then starts a new window. */
  takeMaxDelayMs(): number {
    const maxNs = this.histogram.count > 0 ? this.histogram.max : 0;
    this.histogram.reset();
    return Math.round(maxNs / 1e4) / 100;
  }

  onModuleDestroy(): void {
    this.histogram.disable();
  }
}
