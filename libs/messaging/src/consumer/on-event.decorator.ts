import { EventPattern } from '@nestjs/microservices';
import type { StringKeyOf, TopicDefinition, TopicDescriptor } from '@riskstream/contracts';
import type {
  BatchItem,
  KafkaBatchContext,
  KafkaEventContext,
  RawKafkaMessage,
} from './kafka-event.context.js';
import type { EventHandlerExtras } from './kafka-event.server.js';

/** A decorator that type-checks the handler: (payload, context) => anything. */
export type EventHandlerDecorator<T> = <R>(
  target: object,
  propertyKey: string | symbol,
  descriptor: TypedPropertyDescriptor<(payload: T, ctx: KafkaEventContext) => R>,
) => void;

const VALIDATED: EventHandlerExtras = { raw: false };
const RAW: EventHandlerExtras = { raw: true };

/** Handles a topic's events, validated against its contract class (invalid ones are dead-lettered). */
export function OnEvent<E extends object, K extends StringKeyOf<E>>(
  topic: TopicDefinition<E, K>,
): EventHandlerDecorator<E> {
  return EventPattern(topic.name, { ...VALIDATED }) as unknown as EventHandlerDecorator<E>;
}

/** Handles a topic's raw messages: the handler validates and explains rejections itself. */
export function OnRawEvent(topic: TopicDescriptor): EventHandlerDecorator<RawKafkaMessage> {
  return EventPattern(topic.name, { ...RAW }) as unknown as EventHandlerDecorator<RawKafkaMessage>;
}

export type BatchHandlerDecorator<T> = <R>(
  target: object,
  propertyKey: string | symbol,
  descriptor: TypedPropertyDescriptor<(items: BatchItem<T>[], ctx: KafkaBatchContext) => R>,
) => void;

/** Options of the batch handler decorators. */
export type BatchHandlerOptions = Pick<EventHandlerExtras, 'dedupe'>;

/** Handles a topic's validated events in micro-batches, one transaction per batch. */
export function OnEventBatch<E extends object, K extends StringKeyOf<E>>(
  topic: TopicDefinition<E, K>,
  options: BatchHandlerOptions = {},
): BatchHandlerDecorator<E> {
  return EventPattern(topic.name, {
    raw: false,
    batch: true,
    ...options,
  } satisfies EventHandlerExtras) as unknown as BatchHandlerDecorator<E>;
}

/** Handles a topic's raw messages in micro-batches (the handler validates). */
export function OnRawEventBatch(
  topic: TopicDescriptor,
  options: BatchHandlerOptions = {},
): BatchHandlerDecorator<RawKafkaMessage> {
  return EventPattern(topic.name, {
    raw: true,
    batch: true,
    ...options,
  } satisfies EventHandlerExtras) as unknown as BatchHandlerDecorator<RawKafkaMessage>;
}
