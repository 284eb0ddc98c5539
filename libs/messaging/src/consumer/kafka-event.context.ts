import type { EventMetadata } from '@riskstream/contracts';
import { BaseRpcContext } from '@nestjs/microservices';
import type { KafkaMessage } from 'kafkajs';
import type { EntityManager } from 'typeorm';
import type { Outbox } from '../outbox/outbox.js';

export interface KafkaEventContextArgs {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  headers: Record<string, string>;
  metadata: EventMetadata;
  attempt: number;
  consumerGroup: string;
  /** The transaction the inbox row is written in: write your own rows through it. */
  manager: EntityManager;
  /** Events to publish once (and only if) the transaction commits. */
  outbox: Outbox;
}

/** What an `@EventPattern` handler receives as `@Ctx()`. */
export class KafkaEventContext extends BaseRpcContext<[KafkaEventContextArgs]> {
  private get a(): KafkaEventContextArgs {
    return this.args[0];
  }
  get topic(): string {
    return this.a.topic;
  }
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
  partition: number;
  offset: string;
  /** The message as received (for dead letters and replays). */
  message: KafkaMessage;
}

export interface KafkaBatchContextArgs {
  topic: string;
  partition: number;
  attempt: number;
  consumerGroup: string;
  /** One transaction for the whole batch, together with the inbox rows. */
  manager: EntityManager;
  outbox: Outbox;
}

/** What a batch handler (`@OnEventBatch`) receives as `@Ctx()`. */
export class KafkaBatchContext extends BaseRpcContext<[KafkaBatchContextArgs]> {
  private get a(): KafkaBatchContextArgs {
    return this.args[0];
  }
  get topic(): string {
    return this.a.topic;
  }
  get partition(): number {
    return this.a.partition;
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
