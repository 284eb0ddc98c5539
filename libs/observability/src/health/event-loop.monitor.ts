import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { monitorEventLoopDelay, type ELDHistogram } from 'node:perf_hooks';

/** Tracks event-loop stalls between liveness probes. */
@Injectable()
export class EventLoopMonitor implements OnModuleDestroy {
  private readonly histogram: ELDHistogram = monitorEventLoopDelay({ resolution: 20 });

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
