import { Controller, Get, Res } from '@nestjs/common';
import { MetricsRegistry } from './metrics-registry.js';

/** The subset of the HTTP response used here (express and fastify's raw reply both satisfy it). */
interface HeaderSink {
  setHeader(name: string, value: string): unknown;
}

@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsRegistry) {}

  @Get()
  async scrape(@Res({ passthrough: true }) response: HeaderSink): Promise<string> {
    response.setHeader('Content-Type', this.metrics.contentType);
    return this.metrics.metrics();
  }
}
