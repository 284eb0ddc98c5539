import {
  OutboxBatchEntity,
  OutboxMessageEntity,
  ProcessedEventEntity,
  messagingTableUpgrades,
} from '@riskstream/messaging';
import { CreateGatewaySchema1763780000000 } from './migrations/1763780000000-create-gateway-schema.js';

export * from './gateway-api.module.js';
export * from './applications/submit-application.request.js';
export * from './applications/gateway-error-code.js';
export * from './scores/scoring.client.js';

export const GATEWAY_SCHEMA = 'gateway';
export const GATEWAY_ENTITIES = [ProcessedEventEntity, OutboxBatchEntity, OutboxMessageEntity];
export const GATEWAY_MIGRATIONS = [CreateGatewaySchema1763780000000, ...messagingTableUpgrades('gateway')];
export * from './openapi/openapi-document.js';
