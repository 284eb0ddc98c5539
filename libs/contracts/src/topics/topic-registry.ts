import { AccountServicingEventV1 } from '../events/account-servicing/account-servicing-event.v1.js';
import { ApplicationRejectedV1 } from '../events/application-rejected/application-rejected.v1.js';
import { ApplicationValidatedV1 } from '../events/application-validated/application-validated.v1.js';
import { CollectionContactOutcomeV1 } from '../events/collection-contact-outcome/collection-contact-outcome.v1.js';
import { CollectionRecommendationV1 } from '../events/collection-recommendation/collection-recommendation.v1.js';
import { CreditBureauReportReceivedV1 } from '../events/credit-bureau-report-received/credit-bureau-report-received.v1.js';
import { CreditReportValidatedV1 } from '../events/credit-report-validated/credit-report-validated.v1.js';
import { DeadLetterV1 } from '../events/dead-letter/dead-letter.v1.js';
import { DriftReportV1 } from '../events/drift-report/drift-report.v1.js';
import { FeaturesComputedV1 } from '../events/features-computed/features-computed.v1.js';
import { LoanApplicationSubmittedV1 } from '../events/loan-application-submitted/loan-application-submitted.v1.js';
import { LoanOutcomeV1 } from '../events/loan-outcome/loan-outcome.v1.js';
import { ModelLifecycleV1 } from '../events/model-lifecycle/model-lifecycle.v1.js';
import { ScoreComputedV1 } from '../events/score-computed/score-computed.v1.js';
import { defineTopic, type TopicDescriptor } from './topic-definition.js';

const WEEK_MS = String(7 * 24 * 3600 * 1000);
const MONTH_MS = String(30 * 24 * 3600 * 1000);
// Intake topics accept oversized junk so that ingestion can dead-letter it instead of the producer failing.
const INTAKE_MAX_BYTES = String(16 * 1024 * 1024);

/** The one registry of topics. Topic creation, producers, consumers and the AsyncAPI document all read it. */
export const TOPICS = {
  loanApplicationSubmitted: defineTopic({
    name: 'lending.loan-application.submitted.v1',
    eventType: 'loan-application.submitted',
    schemaVersion: '1.0',
    schema: LoanApplicationSubmittedV1,
    keyField: 'applicationId',
    partitions: 6,
    description: 'Loan applications from core banking and the REST gateway.',
    producers: ['core-banking', 'gateway'],
    consumers: ['ingestion'],
    config: { 'retention.ms': MONTH_MS, 'max.message.bytes': INTAKE_MAX_BYTES },
  }),
  creditBureauReportReceived: defineTopic({
    name: 'bureau.credit-report.received.v1',
    eventType: 'credit-bureau-report.received',
    schemaVersion: '1.0',
    schema: CreditBureauReportReceivedV1,
    keyField: 'customerId',
    partitions: 6,
    description: 'Credit-bureau reports per customer.',
    producers: ['credit-bureau', 'gateway'],
    consumers: ['ingestion'],
    config: { 'retention.ms': MONTH_MS, 'max.message.bytes': INTAKE_MAX_BYTES },
  }),
  applicationValidated: defineTopic({
    name: 'intake.application.validated.v1',
    eventType: 'application.validated',
    schemaVersion: '1.0',
    schema: ApplicationValidatedV1,
    keyField: 'applicationId',
    partitions: 6,
    description: 'Applications that passed every validation rule, with repairs and data-quality flags.',
    producers: ['ingestion'],
    consumers: ['features'],
    config: { 'retention.ms': WEEK_MS },
  }),
  creditBureauReportValidated: defineTopic({
    name: 'intake.credit-report.validated.v1',
    eventType: 'credit-bureau-report.validated',
    // 1.1: dataQualityFlags.
    schemaVersion: '1.1',
    schema: CreditReportValidatedV1,
    keyField: 'customerId',
    partitions: 6,
    description: 'Credit-bureau reports that passed validation, with data-quality flags.',
    producers: ['ingestion'],
    consumers: ['features'],
    config: { 'retention.ms': WEEK_MS },
  }),
  applicationRejected: defineTopic({
    name: 'intake.application.rejected.v1',
    eventType: 'application.rejected',
    schemaVersion: '1.0',
    schema: ApplicationRejectedV1,
    keyField: 'sourceEventId',
    partitions: 3,
    description:
      'Dead letter of intake: invalid applications and bureau reports, with reasons and the payload.',
    producers: ['ingestion'],
    consumers: [],
    config: { 'retention.ms': MONTH_MS, 'max.message.bytes': INTAKE_MAX_BYTES },
  }),
  featuresComputed: defineTopic({
    name: 'risk.features.computed.v1',
    eventType: 'features.computed',
    schemaVersion: '1.0',
    schema: FeaturesComputedV1,
    keyField: 'applicationId',
    partitions: 6,
    description: 'Feature vectors computed with the shared feature spec.',
    producers: ['features'],
    consumers: ['scoring', 'drift-monitor'],
    config: { 'retention.ms': WEEK_MS },
  }),
  scoreComputed: defineTopic({
    name: 'risk.score.computed.v1',
    eventType: 'score.computed',
    schemaVersion: '1.0',
    schema: ScoreComputedV1,
    keyField: 'applicationId',
    partitions: 6,
    description: 'Probability of default, band, decision and reason codes.',
    producers: ['scoring'],
    consumers: ['strategy', 'drift-monitor', 'core-banking'],
    config: { 'retention.ms': MONTH_MS },
  }),
  accountServicingEvent: defineTopic({
    name: 'servicing.account-event.recorded.v1',
    eventType: 'account-event.recorded',
    schemaVersion: '1.0',
    schema: AccountServicingEventV1,
    keyField: 'accountId',
    partitions: 6,
    description: 'Payments and delinquency-status changes from core banking.',
    producers: ['core-banking'],
    consumers: ['strategy'],
    config: { 'retention.ms': MONTH_MS },
  }),
  collectionContactOutcome: defineTopic({
    name: 'collections.contact-outcome.recorded.v1',
    eventType: 'contact-outcome.recorded',
    schemaVersion: '1.0',
    schema: CollectionContactOutcomeV1,
    keyField: 'accountId',
    partitions: 3,
    description: 'Outcomes of collection contacts (no answer, promise to pay, paid, ...).',
    producers: ['collections-team'],
    consumers: ['strategy'],
    config: { 'retention.ms': MONTH_MS },
  }),
  collectionRecommendation: defineTopic({
    name: 'collections.recommendation.issued.v1',
    eventType: 'recommendation.issued',
    schemaVersion: '1.0',
    schema: CollectionRecommendationV1,
    keyField: 'accountId',
    partitions: 3,
    description: 'Next best collection action per account, for the collection teams.',
    producers: ['strategy'],
    consumers: ['collections-team'],
    config: { 'retention.ms': MONTH_MS },
  }),
  loanOutcome: defineTopic({
    name: 'lending.loan-outcome.observed.v1',
    eventType: 'loan-outcome.observed',
    schemaVersion: '1.0',
    schema: LoanOutcomeV1,
    keyField: 'applicationId',
    partitions: 3,
    description: 'Ground-truth default flags, weeks after the decision.',
    producers: ['core-banking'],
    consumers: ['drift-monitor'],
    config: { 'retention.ms': String(365 * 24 * 3600 * 1000) },
  }),
  modelLifecycle: defineTopic({
    name: 'models.lifecycle.changed.v1',
    eventType: 'model-lifecycle.changed',
    schemaVersion: '1.0',
    schema: ModelLifecycleV1,
    keyField: 'modelName',
    partitions: 1,
    description: 'Model registered / promoted / rolled back / archived.',
    producers: ['model-registry'],
    consumers: ['scoring', 'drift-monitor', 'ingestion'],
    config: { 'retention.ms': '-1' },
  }),
  driftReport: defineTopic({
    name: 'models.drift.reported.v1',
    eventType: 'drift.reported',
    schemaVersion: '1.0',
    schema: DriftReportV1,
    keyField: 'modelName',
    partitions: 1,
    description: 'Feature, score and performance drift reports per model.',
    producers: ['drift-monitor'],
    consumers: ['model-registry'],
    config: { 'retention.ms': MONTH_MS },
  }),
  deadLetter: defineTopic({
    name: 'platform.dead-letter.v1',
    eventType: 'dead-letter',
    schemaVersion: '1.0',
    schema: DeadLetterV1,
    keyField: 'sourceTopic',
    partitions: 3,
    description: 'Messages any consumer gave up on after bounded retries, with the error and original bytes.',
    producers: ['ingestion', 'features', 'scoring', 'strategy', 'drift-monitor', 'model-registry'],
    consumers: [],
    config: { 'retention.ms': MONTH_MS, 'max.message.bytes': String(24 * 1024 * 1024) },
  }),
} as const satisfies Record<string, TopicDescriptor>;

export type TopicKey = keyof typeof TOPICS;
export const ALL_TOPICS: readonly TopicDescriptor[] = Object.values(TOPICS);

export function topicByName(name: string): TopicDescriptor | undefined {
  return ALL_TOPICS.find((t) => t.name === name);
}
