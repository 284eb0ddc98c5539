import { Counter, Histogram, type Registry } from 'prom-client';

export class MessagingMetrics {
  readonly messages: Counter<'topic' | 'group' | 'outcome'>;
  readonly processingSeconds: Histogram<'topic' | 'group'>;
  readonly stageSeconds: Histogram<'topic' | 'stage'>;
  readonly databaseWaits: Counter<'group'>;

  constructor(registry: Registry) {
    this.messages =
      (registry.getSingleMetric('riskstream_kafka_messages_total') as Counter<
        'topic' | 'group' | 'outcome'
      >) ??
      new Counter({
        name: 'riskstream_kafka_messages_total',
        help: 'Kafka messages handled, by outcome (processed, duplicate, retried, dead_lettered).',
        labelNames: ['topic', 'group', 'outcome'],
        registers: [registry],
      });
    this.processingSeconds =
      (registry.getSingleMetric('riskstream_kafka_processing_seconds') as Histogram<'topic' | 'group'>) ??
      new Histogram({
        name: 'riskstream_kafka_processing_seconds',
        help: 'Time to process one Kafka message, retries included.',
        labelNames: ['topic', 'group'],
        buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
        registers: [registry],
      });
    this.stageSeconds =
      (registry.getSingleMetric('riskstream_kafka_batch_stage_seconds') as Histogram<'topic' | 'stage'>) ??
      new Histogram({
        name: 'riskstream_kafka_batch_stage_seconds',
        help: 'Time per micro-batch by stage: transaction (inbox + handler + commit), outbox_flush, offset_commit.',
        labelNames: ['topic', 'stage'],
        buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
        registers: [registry],
      });
    this.databaseWaits =
      (registry.getSingleMetric('riskstream_kafka_database_waits_total') as Counter<'group'>) ??
      new Counter({
        name: 'riskstream_kafka_database_waits_total',
        help: 'Times a consumer held its partitions because its database did not answer (instead of dead-lettering).',
        labelNames: ['group'],
        registers: [registry],
      });
  }
}
