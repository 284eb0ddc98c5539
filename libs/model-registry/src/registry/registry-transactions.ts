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
  private readonly relay: OutboxRelay;

  constructor(dataSource: DataSource, publisher: EventPublisher, @Inject(LOGGER) logger: Logger) {
    const schema = (dataSource.options as { schema?: string }).schema;
    if (!schema) throw new Error('the model registry needs a data source with a schema (for its outbox)');
    // Not start()ed: the periodic sweep is the one KafkaEventServer runs for the service; a failed send here still
    // schedules its own sweep once the rows are old enough.
    this.relay = new OutboxRelay(dataSource, publisher, schema, (error) =>
      logger.warn(
        { err: error },
        'lifecycle events committed but not published yet; the outbox sweep will publish them',
      ),
    );
  }

  run<T>(work: (manager: EntityManager, outbox: Outbox) => Promise<T>): Promise<T> {
    return this.relay.transaction(work);
  }
}
