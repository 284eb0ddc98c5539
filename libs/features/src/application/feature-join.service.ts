import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  TOPICS,
  type ApplicationRejectedV1,
  type ApplicationValidatedV1,
  type BureauJoinStatus,
  type CreditReportValidatedV1,
  type DataQualityFlagV1,
  type FeaturesComputedV1,
} from '@riskstream/contracts';
import { DataQualityReference } from '@riskstream/data-quality';
import {
  computeFeatures,
  evaluateRules,
  FEATURE_SPEC_VERSION,
  JOINED_FEATURES,
  toApplicationRecord,
} from '@riskstream/feature-spec';
import { deterministicUuid, type Outbox } from '@riskstream/messaging';
import { binaryArray, binaryColumns, queryAll } from '@riskstream/persistence';
import type { EntityManager } from 'typeorm';
import { FeaturesMetrics } from './features-metrics.js';

export interface StoredReport {
  customer_id: string;
  report_id: string;
  prior_default_on_file: boolean;
  credit_history_length_years: number;
  /** The report's own values outside the model's training ranges (ingestion's flags); null: none. */
  data_quality_flags: DataQualityFlagV1[] | null;
}

interface OutcomeBase {
  applicationId: string;
  /** The event id of the validated application. */
  cause: string;
  bureauStatus: BureauJoinStatus;
  bureauReportId: string | null;
}
interface ComputedOutcome extends OutcomeBase {
  kind: 'computed';
  event: FeaturesComputedV1;
  /** The flags raised here (on the joined features); the others were raised and counted by ingestion. */
  joinedFlags: DataQualityFlagV1[];
}
interface RejectedOutcome extends OutcomeBase {
  kind: 'rejected';
  event: ApplicationRejectedV1;
}
export type JoinOutcome = ComputedOutcome | RejectedOutcome;

export interface ApplicationToComplete {
  validated: ApplicationValidatedV1;
  sourceEventId: string;
  receivedAt?: Date;
}

const reportsStatement = (customerIds: string[]) => ({
  sql: `SELECT customer_id, report_id, prior_default_on_file, credit_history_length_years, data_quality_flags
          FROM features.credit_reports WHERE customer_id = ANY($1::text[])`,
  parameters: [binaryArray('text', customerIds)],
});

const reportMap = (rows: StoredReport[]) => new Map(rows.map((r) => [r.customer_id, r]));

/**
 * The join of an application with its customer's latest bureau report, and the feature computation. Every
 * caller holds the per-customer advisory locks (lockCustomers) first, so an application and a report of the
 * same customer arriving at once on different partitions can never both miss each other.
 */
@Injectable()
export class FeatureJoinService {
  constructor(
    private readonly metrics: FeaturesMetrics,
    private readonly dataQuality: DataQualityReference,
  ) {}

  /** The statement that takes the per-customer locks, for callers that send it with others (queryAll). */
  lockStatement(customerIds: Iterable<string>): { sql: string; parameters: unknown[] } {
    // Sorted lock keys: transactions always lock in the same order, so they cannot deadlock.
    return {
      sql: `SELECT pg_advisory_xact_lock(k) FROM (SELECT hashtextextended(c, 7) AS k FROM unnest($1::text[]) AS c ORDER BY 1) AS locks`,
      parameters: [binaryArray('text', [...new Set(customerIds)])],
    };
  }

  async lockCustomers(manager: EntityManager, customerIds: Iterable<string>): Promise<void> {
    await queryAll(manager, [this.lockStatement(customerIds)]);
  }

  /**
   * Locks the customers and reads their latest reports in one round trip: the server runs the SELECT, with a
   * snapshot of its own, only once the locks are granted, so it sees every report committed by a transaction that
   * held them.
   */
  async lockAndReadReports(
    manager: EntityManager,
    customerIds: Iterable<string>,
  ): Promise<Map<string, StoredReport>> {
    const ids = [...new Set(customerIds)];
    const [, rows] = await queryAll(manager, [this.lockStatement(ids), reportsStatement(ids)]);
    return reportMap(rows as unknown as StoredReport[]);
  }

  async latestReports(
    manager: EntityManager,
    customerIds: Iterable<string>,
  ): Promise<Map<string, StoredReport>> {
    const [rows] = await queryAll(manager, [reportsStatement([...new Set(customerIds)])]);
    return reportMap(rows as unknown as StoredReport[]);
  }

  /** Computes and emits features (or a rejection) for applications whose wait is over; marks them done. */
  async complete(
    manager: EntityManager,
    outbox: Outbox,
    applications: ApplicationToComplete[],
    reports: Map<string, StoredReport>,
    missingStatus: BureauJoinStatus = 'MISSING_AFTER_GRACE',
  ): Promise<void> {
    if (applications.length === 0) return;
    const outcomes = this.evaluate(applications, reports, missingStatus);
    await this.emit(outbox, outcomes);
    const computed = outcomes.filter((o) => o.kind === 'computed');
    const rejected = outcomes.filter((o) => o.kind === 'rejected');
    if (computed.length) {
      await manager.query(
        `UPDATE features.applications AS a SET status = 'COMPUTED', completed_at = now(), validated = NULL,
                bureau_status = v.status, bureau_report_id = v.report::uuid
           FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v(id, status, report)
          WHERE a.application_id = v.id`,
        binaryColumns(computed, [
          ['uuid', (o) => o.applicationId],
          ['text', (o) => o.bureauStatus],
          ['text', (o) => o.bureauReportId],
        ]),
      );
    }
    if (rejected.length) {
      await manager.query(
        `UPDATE features.applications SET status = 'REJECTED', completed_at = now(), validated = NULL
          WHERE application_id = ANY($1::uuid[])`,
        binaryColumns(rejected, [['uuid', (o) => o.applicationId]]),
      );
    }
  }

  /**
   * The join and the feature computation (or the cross-field rejection) of each application, in memory: the
   * caller records the outcome (its row's final status) and emits it, in the same transaction.
   */
  evaluate(
    applications: ApplicationToComplete[],
    reports: Map<string, StoredReport>,
    missingStatus: BureauJoinStatus = 'MISSING_AFTER_GRACE',
  ): JoinOutcome[] {
    const now = new Date();
    const profile = this.dataQuality.current;
    return applications.map(({ validated, sourceEventId, receivedAt }): JoinOutcome => {
      const report = reports.get(validated.customerId) ?? null;
      const record = toApplicationRecord(
        validated.application,
        report
          ? {
              priorDefaultOnFile: report.prior_default_on_file,
              creditHistoryLengthYears: report.credit_history_length_years,
            }
          : null,
      );
      if (receivedAt) this.metrics.bureauWaitSeconds.observe((now.getTime() - receivedAt.getTime()) / 1000);
      const bureauStatus: BureauJoinStatus = report ? 'JOINED' : missingStatus;
      const base = {
        applicationId: validated.applicationId,
        cause: sourceEventId,
        bureauStatus,
        bureauReportId: report?.report_id ?? null,
      };
      const rules = evaluateRules(record);
      if (rules.violations.length > 0) {
        const payload = JSON.stringify(validated);
        return {
          ...base,
          kind: 'rejected',
          event: {
            subject: 'LOAN_APPLICATION',
            subjectId: validated.applicationId,
            customerId: validated.customerId,
            sourceTopic: TOPICS.applicationValidated.name,
            sourcePartition: 0,
            sourceOffset: '0',
            sourceEventId,
            reasons: rules.violations,
            originalPayload: payload,
            originalPayloadBytes: Buffer.byteLength(payload),
            originalPayloadSha256: createHash('sha256').update(payload).digest('hex'),
            rejectedAt: now.toISOString(),
          },
        };
      }
      const features = computeFeatures(record);
      // Features of the application and the report together are final only now (and mean nothing without a report).
      const joinedFlags = report ? profile.flags(features, JOINED_FEATURES) : [];
      return {
        ...base,
        kind: 'computed',
        joinedFlags,
        event: {
          applicationId: validated.applicationId,
          customerId: validated.customerId,
          featureSpecVersion: FEATURE_SPEC_VERSION,
          features,
          bureauStatus,
          bureauReportId: report?.report_id ?? null,
          // The application's flags, its report's, then the joined features': every value of this vector outside
          // the training ranges.
          dataQualityFlags:
            report?.data_quality_flags?.length || joinedFlags.length > 0
              ? [...validated.dataQualityFlags, ...(report?.data_quality_flags ?? []), ...joinedFlags]
              : validated.dataQualityFlags,
          computedAt: now.toISOString(),
        },
      };
    });
  }

  /** Emits the outcomes (features or rejections) through the outbox and counts them. */
  async emit(outbox: Outbox, outcomes: readonly JoinOutcome[]): Promise<void> {
    const computed: ComputedOutcome[] = [];
    const rejected: RejectedOutcome[] = [];
    for (const o of outcomes) {
      if (o.kind === 'computed') {
        computed.push(o);
        this.metrics.computed.inc({ bureau_status: o.bureauStatus });
        this.metrics.dataQualityFlags.count(o.joinedFlags);
      } else {
        rejected.push(o);
        for (const v of o.event.reasons) this.metrics.rejected.inc({ rule: v.rule });
      }
    }
    await outbox.addMany(
      TOPICS.featuresComputed,
      computed.map((c) => c.event),
      (event, i) => ({
        eventId: deterministicUuid(`features/${event.applicationId}`),
        causationId: computed[i]!.cause,
        correlationId: event.applicationId,
      }),
    );
    await outbox.addMany(
      TOPICS.applicationRejected,
      rejected.map((r) => r.event),
      (event, i) => ({
        eventId: deterministicUuid(`features-rejected/${event.subjectId}`),
        causationId: rejected[i]!.cause,
        correlationId: event.subjectId ?? undefined,
      }),
    );
  }
}

export function reportFromEvent(report: CreditReportValidatedV1): StoredReport {
  return {
    customer_id: report.customerId,
    report_id: report.reportId,
    prior_default_on_file: report.priorDefaultOnFile,
    credit_history_length_years: report.creditHistoryLengthYears,
    data_quality_flags: report.dataQualityFlags?.length ? report.dataQualityFlags : null,
  };
}
