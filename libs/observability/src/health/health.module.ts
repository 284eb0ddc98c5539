import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { EventLoopMonitor } from './event-loop.monitor.js';
import { HEALTH_OPTIONS, type HealthModuleOptions } from './health.constants.js';
import { HealthController } from './health.controller.js';
import { ReadinessRegistry } from './readiness.registry.js';

/**
 * `GET /health/live` and `GET /health/ready` (terminus), plus the global `ReadinessRegistry`.
 * Import as `HealthModule` for defaults or `HealthModule.forRoot({...})`.
 */
@Global()
@Module({
  // Terminus' own error log would repeat on every failing probe; the controller logs transitions instead.
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [{ provide: HEALTH_OPTIONS, useValue: {} }, ReadinessRegistry, EventLoopMonitor],
  exports: [ReadinessRegistry],
})
export class HealthModule {
  static forRoot(options: HealthModuleOptions = {}): DynamicModule {
    return {
      module: HealthModule,
      global: true,
      providers: [{ provide: HEALTH_OPTIONS, useValue: options }],
    };
  }
}
