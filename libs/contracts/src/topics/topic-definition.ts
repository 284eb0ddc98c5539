export const SERVICE_NAMES = [
  'gateway',
  'ingestion',
  'features',
  'scoring',
  'strategy',
  'drift-monitor',
  'model-registry',
  'core-banking',
  'credit-bureau',
  'collections-team',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Keys of TEvent whose values are strings: the only fields an event may be keyed by. */
export type StringKeyOf<TEvent> = {
  [K in keyof TEvent & string]: TEvent[K] extends string ? K : never;
}[keyof TEvent & string];

/**
 * One Kafka topic and the one event type it carries. The major schema version is part of the topic name;
 * within a version only additive, optional changes are allowed (minor version in the schema-version header).
 */
export interface TopicDescriptor {
  /** Versioned topic name: `<domain>.<entity>.<event>.v<major>`. */
  readonly name: string;
  readonly eventType: string;
  readonly schemaVersion: string;
  readonly schema: new () => object;
  readonly keyField: string;
  readonly partitions: number;
  readonly description: string;
  readonly producers: readonly ServiceName[];
  readonly consumers: readonly ServiceName[];
  /** Topic-level config overrides applied when the topic is created. */
  readonly config?: Readonly<Record<string, string>>;
}

export interface TopicDefinition<
  TEvent extends object,
  TKey extends StringKeyOf<TEvent>,
> extends TopicDescriptor {
  readonly schema: new () => TEvent;
  /** The payload field used as the Kafka message key: all events of one entity land on one partition, in order. */
  readonly keyField: TKey;
  readonly partitions: number;
  readonly description: string;
  readonly producers: readonly ServiceName[];
  readonly consumers: readonly ServiceName[];
  /** Topic-level config overrides applied when the topic is created. */
  readonly config?: Readonly<Record<string, string>>;
}

export function defineTopic<TEvent extends object, TKey extends StringKeyOf<TEvent>>(
  definition: TopicDefinition<TEvent, TKey>,
): TopicDefinition<TEvent, TKey> {
  const versionSuffix = `.v${definition.schemaVersion.split('.')[0]}`;
  if (!definition.name.endsWith(versionSuffix)) {
    throw new Error(`topic ${definition.name} must end with its major schema version ${versionSuffix}`);
  }
  return definition;
}

export type EventOf<T> = T extends { readonly schema: new () => infer E } ? E : never;
