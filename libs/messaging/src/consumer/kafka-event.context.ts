import type { EventMetadata } from '@riskstream/contracts';
import { BaseRpcContext } from '@nestjs/microservices';
import type { KafkaMessage } from 'kafkajs';
import type { EntityManager } from 'typeorm';
import type { Outbox } from '../outbox/outbox.js';

interface TransactionalContextArgs {
  topic: string;
  attempt: number;
  consumerGroup: string;
  /** The transaction the inbox rows are written in: write your own rows through it. */
  manager: EntityManager;
  /** Events to publish once (and only if) the transaction commits. */
  outbox: Outbox;
}

export interface KafkaBatchContextArgs extends TransactionalContextArgs {
  /** The partitions the batch's messages come from (each item carries its own). */
  partitions: number[];
}

export interface KafkaEventContextArgs extends TransactionalContextArgs {
  partition: number;
  offset: string;
  key: string | null;
  headers: Record<string, string>;
  metadata: EventMetadata;
}

/** What every handler's `@Ctx()` offers: where the work came from and the transaction it runs in. */
abstract class TransactionalKafkaContext<A extends TransactionalContextArgs> extends BaseRpcContext<[A]> {
  protected get a(): A {
    return this.args[0];
  }
  get topic(): string {
    return this.a.topic;
  }
  get attempt(): number {
    return this.a.attempt;
  }
  get consumerGroup(): string {
    return this.a.consumerGroup;
  }
  get manager(): EntityManager {
    return this.a.manager;
  }
  get outbox(): Outbox {
    return this.a.outbox;
  }
}

/** `@Ctx()` of a single-event handler (`@OnEvent`, `@OnRawEvent`). */
export class KafkaEventContext extends TransactionalKafkaContext<KafkaEventContextArgs> {
  get partition(): number {
    return this.a.partition;
  }
  get offset(): string {
    return this.a.offset;
  }
  get key(): string | null {
    return this.a.key;
  }
  get headers(): Record<string, string> {
    return this.a.headers;
  }
  get metadata(): EventMetadata {
    return this.a.metadata;
  }
}

/** `@Ctx()` of a batch handler (`@OnEventBatch`, `@OnRawEventBatch`): one transaction for the whole batch. */
export class KafkaBatchContext extends TransactionalKafkaContext<KafkaBatchContextArgs> {
  get partitions(): number[] {
    return this.a.partitions;
  }
}

/** Payload of a handler registered with `{ raw: true }`: the bytes as they arrived, unvalidated. */
export interface RawKafkaMessage {
  value: Buffer | null;
  key: string | null;
  headers: Record<string, string>;
}

/** One message of a micro-batch. */
export interface BatchItem<T> {
  payload: T;
  metadata: EventMetadata;
  key: string | null;
  headers: Record<string, string>;
  topic: string;
  partition: number;
  offset: string;
  /** The message as received (for dead letters and replays). */
  message: KafkaMessage;
}
