import type { ModelLifecycleAction, ModelStage } from '@riskstream/contracts';

/** Held-out metrics worth comparing versions on (from manifest.metrics.holdout; absent ones are omitted). */
export interface ModelMetricsSummary {
  rocAuc?: number;
  prAuc?: number;
  ks?: number;
  gini?: number;
  brier?: number;
  ece?: number;
  recallAtDecline?: number;
  precisionAtDecline?: number;
  declineThreshold?: number;
  holdoutRows?: number;
}

/** A registered model version (REST responses). */
export interface ModelVersionView {
  modelName: string;
  modelVersion: string;
  /** The bundle digest: sha256 of bundle.sha256. */
  bundleSha256: string;
  stage: ModelStage;
  modelFamily: string;
  featureSpecVersion: string;
  sizeBytes: number;
  metrics: ModelMetricsSummary;
  registeredAt: string;
  registeredBy: string;
  stageChangedAt: string;
}

export interface ModelFileView {
  path: string;
  sha256: string;
  sizeBytes: number;
}

/** One version with its manifest (without the bulky parts: trees, test vectors, reference distributions). */
export interface ModelVersionDetailView extends ModelVersionView {
  manifest: Record<string, unknown>;
  files: ModelFileView[];
}

export interface ModelFilesView {
  modelName: string;
  modelVersion: string;
  bundleSha256: string;
  files: ModelFileView[];
}

/** One row of the audit trail. */
export interface StageChangeView {
  changeId: string;
  modelName: string;
  action: ModelLifecycleAction;
  fromVersion: string | null;
  toVersion: string;
  actor: string;
  reason: string | null;
  /** The id of the models.lifecycle.changed.v1 event written with this change. */
  eventId: string;
  occurredAt: string;
}

const NUMBER_KEYS = ['rocAuc', 'prAuc', 'ks', 'gini', 'brier', 'ece'] as const;

const finite = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** Picks the summary from a manifest written by tools/training (tolerant: anything missing is left out). */
export function summariseMetrics(manifestMetrics: unknown): ModelMetricsSummary {
  const holdout = (manifestMetrics as { holdout?: Record<string, unknown> } | undefined)?.holdout;
  if (!holdout || typeof holdout !== 'object') return {};
  const summary: ModelMetricsSummary = {};
  for (const key of NUMBER_KEYS) {
    const value = finite(holdout[key]);
    if (value !== undefined) summary[key] = value;
  }
  const atDecline = holdout['atDeclineThreshold'] as Record<string, unknown> | undefined;
  const recall = finite(atDecline?.['recall']);
  const precision = finite(atDecline?.['precision']);
  const threshold = finite(atDecline?.['threshold']);
  const rows = finite(holdout['rows']);
  if (recall !== undefined) summary.recallAtDecline = recall;
  if (precision !== undefined) summary.precisionAtDecline = precision;
  if (threshold !== undefined) summary.declineThreshold = threshold;
  if (rows !== undefined) summary.holdoutRows = rows;
  return summary;
}
