import { createRequire } from 'node:module';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { EVENT_HEADERS } from '../common/event-headers.js';
import { ALL_TOPICS } from '../topics/topic-registry.js';

type JsonObject = { [key: string]: JsonValue };
type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

// class-validator-jsonschema needs class-transformer's metadata storage to follow @Type() into nested classes;
// the package only exposes it through its CommonJS build.
const require = createRequire(import.meta.url);
const { defaultMetadataStorage } = require('class-transformer/cjs/storage.js') as {
  defaultMetadataStorage: NonNullable<
    Parameters<typeof validationMetadatasToSchemas>[0]
  >['classTransformerMetadataStorage'];
};

function camel(name: string): string {
  return name.replace(/[.-]([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

const headersSchema: JsonObject = {
  type: 'object',
  required: [
    EVENT_HEADERS.eventId,
    EVENT_HEADERS.eventType,
    EVENT_HEADERS.schemaVersion,
    EVENT_HEADERS.occurredAt,
  ],
  properties: {
    [EVENT_HEADERS.eventId]: {
      type: 'string',
      format: 'uuid',
      description: 'Unique event id; consumers de-duplicate on it.',
    },
    [EVENT_HEADERS.eventType]: {
      type: 'string',
      description: 'Event type, e.g. loan-application.submitted.',
    },
    [EVENT_HEADERS.schemaVersion]: {
      type: 'string',
      description: 'major.minor; the major is in the topic name.',
    },
    [EVENT_HEADERS.occurredAt]: { type: 'string', format: 'date-time' },
    [EVENT_HEADERS.producer]: { type: 'string' },
    [EVENT_HEADERS.causationId]: {
      type: 'string',
      description: 'Event id of the event that caused this one.',
    },
    [EVENT_HEADERS.correlationId]: {
      type: 'string',
      description: 'Business flow id (usually the application id).',
    },
    [EVENT_HEADERS.traceparent]: { type: 'string', description: 'W3C trace context.' },
    [EVENT_HEADERS.tracestate]: { type: 'string' },
    [EVENT_HEADERS.contentType]: { type: 'string', const: 'application/json' },
  },
};

/** Builds the AsyncAPI 3.0 document of every riskstream topic from the contract classes and the topic registry. */
export function buildAsyncApiDocument(version: string): JsonObject {
  const schemas = validationMetadatasToSchemas({
    refPointerPrefix: '#/components/schemas/',
    classTransformerMetadataStorage: defaultMetadataStorage,
  }) as unknown as JsonObject;

  const channels: JsonObject = {};
  const operations: JsonObject = {};
  const messages: JsonObject = {};
  for (const topic of ALL_TOPICS) {
    const channelId = camel(topic.name);
    const messageName = topic.schema.name;
    messages[messageName] = {
      name: messageName,
      title: topic.eventType,
      summary: topic.description,
      contentType: 'application/json',
      headers: headersSchema,
      payload: { $ref: `#/components/schemas/${messageName}` },
      bindings: {
        kafka: {
          key: { type: 'string', description: `The event's ${topic.keyField}.` },
          bindingVersion: '0.5.0',
        },
      },
    };
    channels[channelId] = {
      address: topic.name,
      description: `${topic.description} Key: ${topic.keyField}. Schema version ${topic.schemaVersion}.`,
      messages: { [messageName]: { $ref: `#/components/messages/${messageName}` } },
      bindings: {
        kafka: {
          topic: topic.name,
          partitions: topic.partitions,
          topicConfiguration: Object.fromEntries(
            Object.entries(topic.config ?? {}).map(([k, v]) => [k, Number.isNaN(Number(v)) ? v : Number(v)]),
          ),
          bindingVersion: '0.5.0',
        },
      },
    };
    // One pair of operations per channel, named after it: two topics may carry the same message.
    const operation = channelId.charAt(0).toUpperCase() + channelId.slice(1);
    operations[`send${operation}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${channelId}` },
      summary: `Produced by: ${topic.producers.join(', ') || 'nobody yet'}.`,
      messages: [{ $ref: `#/channels/${channelId}/messages/${messageName}` }],
    };
    operations[`receive${operation}`] = {
      action: 'receive',
      channel: { $ref: `#/channels/${channelId}` },
      summary: `Consumed by: ${topic.consumers.join(', ') || 'operators (inspection and replay)'}.`,
      messages: [{ $ref: `#/channels/${channelId}/messages/${messageName}` }],
    };
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'riskstream events',
      version,
      description:
        'Every Kafka topic of riskstream. Payloads are JSON; the envelope (event id, schema version, time, trace ' +
        'context) travels in Kafka headers. Messages are keyed by the entity id named on each channel. Within a ' +
        'topic version only additive, optional changes are made; a breaking change gets a new topic (.v2).',
    },
    defaultContentType: 'application/json',
    servers: {
      local: {
        host: '127.0.0.1:9092',
        protocol: 'kafka',
        description: 'The local KRaft broker started by npm run up.',
      },
    },
    channels,
    operations,
    components: { schemas, messages },
  };
}
