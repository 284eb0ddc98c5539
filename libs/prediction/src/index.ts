import {
  messagingTablesMigration,
  OutboxBatchEntity,
  OutboxMessageEntity,
  ProcessedEventEntity,
  messagingTableUpgrades,
} from '@riskstream/messaging';
import { appendOnlyVacuumMigration, keyedTableStatisticsMigration } from '@riskstream/persistence';
import { AddPredictions1763790000000 } from './migrations/1763790000000-add-predictions.js';
import { StoreReasonCodesAsJson1763850000000 } from './migrations/1763850000000-store-reason-codes-as-json.js';

export * from './prediction.module.js';
export { ScoringErrorCode } from './query/scoring-error-code.js';
export { buildScoringOpenApiDocument } from './openapi/scoring-openapi.js';
export {
  ModelProvider,
  type ModelRegistrySettings,
  type PredictionSettings,
} from './application/model.provider.js';

export const SCORING_SCHEMA = 'scoring';
export const SCORING_ENTITIES = [ProcessedEventEntity, OutboxBatchEntity, OutboxMessageEntity];
export const SCORING_MIGRATIONS = [
  messagingTablesMigration('scoring', 1763780000000),
  AddPredictions1763790000000,
  ...messagingTableUpgrades('scoring'),
  StoreReasonCodesAsJson1763850000000,
  appendOnlyVacuumMigration('AppendOnlyVacuumScoring', 1763860000000, ['scoring.predictions']),
  keyedTableStatisticsMigration('KeyedTableStatisticsScoring', 1763870000000, ['scoring.predictions']),
];
