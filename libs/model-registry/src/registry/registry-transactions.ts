import { Inject, Injectable } from '@nestjs/common';
import { EventPublisher, Outbox, OutboxRelay } from '@riskstream/messaging';
import { LOGGER } from '@riskstream/observability';
import type { Logger } from 'pino';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * A REST request's unit of work: one PostgreSQL transaction for the registry's rows and the lifecycle events
 * (transactional outbox), then the events are published right after the commit. If Kafka cannot take them now,
 * the request still succeeds (the change is committed) and the service's outbox sweep publishes them later.
 */
@Injectable()
export class RegistryTransactions {
  private readonly schema: string;
  private readonly relay: OutboxRelay;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    const schema = (dataSource.options as { schema?: string }).schema;
    if (!schema) throw new Error('the model registry needs a data source with a schema (for its outbox)');
    this.schema = schema;
    // Only its fast path is used here; the periodic sweep is the one KafkaEventServer runs for the service.
    this.relay = new OutboxRelay(dataSource, publisher, schema, (error) =>
      logger.error({ err: error }, 'outbox relay failed'),
    );
  }

  async run<T>(work: (manager: EntityManager, outbox: Outbox) => Promise<T>): Promise<T> {
    let outbox: Outbox | undefined;
    const result = await this.dataSource.transaction(async (manager) => {
      outbox = new Outbox(manager, this.publisher, this.schema);
      return work(manager, outbox);
    });
    if (outbox && outbox.added.length > 0) {
      try {
        await this.relay.publishCommitted(outbox);
      } catch (error) {
        this.logger.warn(
          { err: error, events: outbox.added.length },
          'lifecycle events committed but not published yet; the outbox sweep will publish them',
        );
      }
    }
    return result;
  }
}
