import {
  OutboxMessageEntity,
  ProcessedEventEntity,
  outboxNoTruncateMigration,
  slimOutboxMigration,
} from '@riskstream/messaging';
import { CreateGatewaySchema1763780000000 } from './migrations/1763780000000-create-gateway-schema.js';

export * from './gateway-api.module.js';
export * from './applications/submit-application.request.js';
export * from './applications/gateway-error-code.js';

export const GATEWAY_SCHEMA = 'gateway';
export const GATEWAY_ENTITIES = [ProcessedEventEntity, OutboxMessageEntity];
export const GATEWAY_MIGRATIONS = [
  CreateGatewaySchema1763780000000,
  slimOutboxMigration('gateway', 1763810000000),
  outboxNoTruncateMigration('gateway', 1763820000001),
];
export * from './openapi/openapi-document.js';
