import { OutboxMessageEntity, ProcessedEventEntity } from '@riskstream/messaging';
import { LoanApplicationEntity } from './entities/loan-application.entity.js';
import { RejectedEventEntity } from './entities/rejected-event.entity.js';
import { CreateIngestionSchema1763780000000 } from './migrations/1763780000000-create-ingestion-schema.js';
import { AddCreditReports1763790000000 } from './migrations/1763790000000-add-credit-reports.js';

export * from './ingestion.module.js';
export * from './entities/loan-application.entity.js';
export * from './entities/rejected-event.entity.js';
export * from './application/data-quality.profile.js';

export const INGESTION_SCHEMA = 'ingestion';
export const INGESTION_ENTITIES = [
  LoanApplicationEntity,
  RejectedEventEntity,
  ProcessedEventEntity,
  OutboxMessageEntity,
];
export const INGESTION_MIGRATIONS = [CreateIngestionSchema1763780000000, AddCreditReports1763790000000];
