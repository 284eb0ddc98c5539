import {
  messagingTablesMigration,
  OutboxBatchEntity,
  OutboxMessageEntity,
  ProcessedEventEntity,
  messagingTableUpgrades,
} from '@riskstream/messaging';
import { AddModelRegistryTables1763800000000 } from './migrations/1763800000000-add-model-registry-tables.js';

export * from './model-registry.module.js';
export * from './registry/model-registry-error-code.js';
export * from './registry/model-registry.requests.js';
export type * from './registry/model-registry.views.js';
export * from './openapi/model-registry-openapi.js';

export const MODEL_REGISTRY_SCHEMA = 'model_registry';
// The registry's tables are written with SQL and defined by the migrations; only the inbox and outbox have entity
// classes, as in every other service.
export const MODEL_REGISTRY_ENTITIES = [ProcessedEventEntity, OutboxBatchEntity, OutboxMessageEntity];
export const MODEL_REGISTRY_MIGRATIONS = [
  messagingTablesMigration('model_registry', 1763780000000),
  AddModelRegistryTables1763800000000,
  ...messagingTableUpgrades('model_registry'),
];
