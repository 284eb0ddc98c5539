import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { computeFeatureVector, FEATURE_DEFINITIONS, type ApplicationRecord } from '@riskstream/feature-spec';
import type { Decision } from '../bundle/bundle-manifest.js';
import { rankReasons, type ModelBundle } from '../bundle/model-bundle.js';
import { readCsvRecords } from './csv-reader.js';
import type { DatasetSpec } from './dataset-spec.js';
import { RecordMapper } from './record-mapper.js';

/** Columns appended to every input row, in this order. */
export const SCORE_COLUMNS = [
  'probability_of_default',
  'risk_band',
  'decision',
  'reason_codes',
  'rejection_reasons',
] as const;

export interface ScoreCsvOptions {
  bundle: ModelBundle;
  /** Input CSV in the dataset spec's format (header row required). */
  input: string;
  /** Output CSV: the input rows in order, each with SCORE_COLUMNS appended. Written to `<output>.partial` first. */
  output: string;
  datasetSpec: DatasetSpec;
  /** Reason codes per scored row (largest |contribution| first). Default 4; 0 = none. */
  reasonCodes?: number;
  /** Rows read, scored and written together. Default 4096. */
  batchRows?: number;
}

export interface ScoreCsvSummary {
  rows: number;
  scored: number;
  rejected: number;
  /** Rows per broken rule (a row can break several). */
  rejectionsByRule: Record<string, number>;
  decisions: Record<Decision, number>;
  seconds: number;
}

/** Quotes a field when it holds a comma, a quote or a line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** `feature:+0.8312;feature:-0.4410` (contributions in log-odds of default, 4 decimals). */
export function formatReasonCodes(reasons: readonly { feature: string; contribution: number }[]): string {
  return reasons
    .map((r) => `${r.feature}:${r.contribution >= 0 ? '+' : '-'}${Math.abs(r.contribution).toFixed(4)}`)
    .join(';');
}

/** Checks that the dataset spec maps every field the model's features need. */
export function assertSpecServesModel(spec: DatasetSpec, bundle: ModelBundle): void {
  for (const name of bundle.featureNames) {
    const definition = FEATURE_DEFINITIONS.find((f) => f.name === name)!;
    const missing = definition.requires.filter((field) => !spec.fields.has(field as keyof ApplicationRecord));
    if (missing.length)
      throw new Error(
        `dataset spec ${spec.name} does not map ${missing.join(', ')}, which model feature ${name} needs`,
      );
  }
}

/**
 * Offline batch scoring of a CSV: streams it in batches (constant memory), maps each row through the dataset spec,
 * applies the shared validation rules, scores the valid rows (one ONNX call per batch), explains them (exact
 * TreeSHAP / linear) and writes every input row, in order, with the score columns. A row that breaks a reject rule
 * keeps its place with empty score columns and its rule ids in `rejection_reasons`.
 */
export async function scoreCsvFile(options: ScoreCsvOptions): Promise<ScoreCsvSummary> {
  const started = performance.now();
  const { bundle, datasetSpec } = options;
  const reasonCount = options.reasonCodes ?? 4;
  const batchRows = Math.max(1, options.batchRows ?? 4096);
  assertSpecServesModel(datasetSpec, bundle);
  const nf = bundle.numFeatures;
  const names = bundle.featureNames;
  const summary: ScoreCsvSummary = {
    rows: 0,
    scored: 0,
    rejected: 0,
    rejectionsByRule: {},
    decisions: { APPROVE: 0, REVIEW: 0, DECLINE: 0 },
    seconds: 0,
  };

  const partial = `${options.output}.partial`;
  const out = createWriteStream(partial, { encoding: 'utf8' });
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const input = createReadStream(options.input, { encoding: 'utf8', highWaterMark: 1 << 20 });

  const rows = new Float32Array(batchRows * nf);
  const contributions = new Float64Array(batchRows * nf);
  let mapper: RecordMapper | undefined;
  let width = 0;
  let batch: { fields: string[]; rejections: string[]; slot: number }[] = [];
  let valid = 0;

  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const pd = valid > 0 ? await bundle.scoreBatch(rows, valid) : new Float64Array(0);
    if (valid > 0 && reasonCount > 0) bundle.explainBatch(rows, valid, contributions);
    const lines: string[] = [];
    for (const row of batch) {
      const original = row.fields.map(csvField).join(',');
      if (row.slot < 0) {
        lines.push(`${original},,,,,${csvField(row.rejections.join(';'))}\n`);
        continue;
      }
      const p = pd[row.slot]!;
      const { riskBand, decision } = bundle.decide(p);
      summary.decisions[decision]++;
      const reasons =
        reasonCount > 0
          ? formatReasonCodes(rankReasons(names, contributions, rows, reasonCount, row.slot * nf))
          : '';
      lines.push(`${original},${p},${riskBand},${decision},${reasons},\n`);
    }
    await write(lines.join(''));
    batch = [];
    valid = 0;
  };

  try {
    for await (const record of readCsvRecords(input)) {
      if (!mapper) {
        width = record.fields.length;
        mapper = new RecordMapper(datasetSpec, record.fields);
        await write([...record.fields, ...SCORE_COLUMNS].map(csvField).join(',') + '\n');
        continue;
      }
      let fields = record.fields;
      if (fields.length === 1 && fields[0] === '' && width > 1) continue; // a blank line
      summary.rows++;
      let rejections: string[];
      let slot = -1;
      if (fields.length !== width) {
        rejections = ['csv.columns'];
        fields =
          fields.length > width
            ? fields.slice(0, width)
            : [...fields, ...Array<string>(width - fields.length).fill('')];
      } else {
        const mapped = mapper.map(fields);
        rejections = mapped.rejections;
        if (rejections.length === 0) {
          slot = valid++;
          bundle.modelInput(computeFeatureVector(mapped.record), rows, slot * nf);
        }
      }
      if (slot < 0) {
        summary.rejected++;
        for (const rule of rejections)
          summary.rejectionsByRule[rule] = (summary.rejectionsByRule[rule] ?? 0) + 1;
      } else summary.scored++;
      batch.push({ fields, rejections, slot });
      if (batch.length === batchRows) await flush();
    }
    if (!mapper) throw new Error(`${options.input} is empty (no header row)`);
    await flush();
    out.end();
    await once(out, 'finish');
    await rename(partial, options.output);
  } catch (error) {
    input.destroy();
    out.destroy();
    await rm(partial, { force: true });
    throw error;
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}
