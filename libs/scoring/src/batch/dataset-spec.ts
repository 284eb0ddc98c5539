import { readFile } from 'node:fs/promises';
import type { ApplicationRecord } from '@riskstream/feature-spec';
import { FEATURE_DEFINITIONS, FEATURE_NAMES } from '@riskstream/feature-spec';
import { parse } from 'yaml';

/**
 * A dataset spec (tools/training/README.md, "Dataset specs"): how the columns of a CSV map to the canonical
 * application record. The same files (YAML or JSON) drive the Python training pipeline.
 */
export type FieldType = 'number' | 'enum' | 'bool';

export interface FieldMapping {
  field: keyof ApplicationRecord;
  column: string;
  type: FieldType;
  trueValues: string[];
  falseValues: string[];
  nullValues: string[];
}

export interface DatasetSpec {
  name: string;
  /** Mapped canonical fields by name. Unmapped fields are absent: their rules do not apply. */
  fields: Map<keyof ApplicationRecord, FieldMapping>;
  target: { column: string; positive: string[]; negative: string[] } | null;
  ignore: string[];
  /** Feature-spec features the dataset can compute (in spec order). */
  features: string[];
  source: string;
}

export class DatasetSpecError extends Error {
  override readonly name = 'DatasetSpecError';
}

/** The canonical fields (feature-spec "input"); the nullable ones are those whose description allows null. */
export const RECORD_FIELDS: readonly (keyof ApplicationRecord)[] = [
  'age',
  'annualIncome',
  'homeOwnership',
  'employmentLengthYears',
  'loanAmount',
  'loanIntent',
  'loanGrade',
  'interestRatePct',
  'priorDefaultOnFile',
  'creditHistoryLengthYears',
  'employed',
  'bankBalance',
];
/** Fields described as "… | null" in feature-spec.v1.json "input" (a unit test keeps the two in sync). */
export const NULLABLE_FIELDS: ReadonlySet<keyof ApplicationRecord> = new Set<keyof ApplicationRecord>([
  'employmentLengthYears',
  'interestRatePct',
  'priorDefaultOnFile',
  'creditHistoryLengthYears',
  'employed',
  'bankBalance',
]);

const strings = (value: unknown, what: string): string[] => {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new DatasetSpecError(`${what} must be a list`);
  return value.map((v) => String(v));
};

/** Builds a dataset spec from its parsed YAML / JSON document (e.g. a bundle's manifest.dataset.spec). */
export function datasetSpecFromDocument(raw: unknown, source: string): DatasetSpec {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new DatasetSpecError(`dataset spec ${source}: not a mapping`);
  const doc = raw as Record<string, unknown>;
  const rawFields = doc['fields'];
  if (typeof rawFields !== 'object' || rawFields === null || Array.isArray(rawFields))
    throw new DatasetSpecError(`dataset spec ${source}: 'fields' must map canonical fields to columns`);
  const fields = new Map<keyof ApplicationRecord, FieldMapping>();
  for (const [name, value] of Object.entries(rawFields as Record<string, unknown>)) {
    if (!(RECORD_FIELDS as readonly string[]).includes(name))
      throw new DatasetSpecError(
        `dataset spec ${source}: unknown canonical field ${JSON.stringify(name)} (known: ${RECORD_FIELDS.join(', ')})`,
      );
    if (typeof value !== 'object' || value === null)
      throw new DatasetSpecError(`dataset spec ${source}: field ${name} must be a mapping`);
    const m = value as Record<string, unknown>;
    const type = (m['type'] ?? 'number') as FieldType;
    if (!['number', 'enum', 'bool'].includes(type))
      throw new DatasetSpecError(`dataset spec ${source}: field ${name}: type must be number, enum or bool`);
    if (typeof m['column'] !== 'string' && typeof m['column'] !== 'number')
      throw new DatasetSpecError(`dataset spec ${source}: field ${name} needs a column`);
    const mapping: FieldMapping = {
      field: name as keyof ApplicationRecord,
      column: String(m['column']),
      type,
      trueValues: strings(m['true'], `dataset spec ${source}: field ${name}: true`),
      falseValues: strings(m['false'], `dataset spec ${source}: field ${name}: false`),
      nullValues:
        m['null'] === undefined ? [''] : strings(m['null'], `dataset spec ${source}: field ${name}: null`),
    };
    if (type === 'bool' && !(mapping.trueValues.length && mapping.falseValues.length))
      throw new DatasetSpecError(
        `dataset spec ${source}: bool field ${name} needs 'true' and 'false' value lists`,
      );
    fields.set(mapping.field, mapping);
  }
  const computable = (feature: string): boolean =>
    FEATURE_DEFINITIONS.find((f) => f.name === feature)!.requires.every((r) =>
      fields.has(r as keyof ApplicationRecord),
    );
  const listed = doc['features'];
  let features: string[];
  if (listed === undefined || listed === null || listed === 'auto')
    features = FEATURE_NAMES.filter(computable);
  else {
    features = strings(listed, `dataset spec ${source}: features`);
    for (const f of features) {
      if (!FEATURE_NAMES.includes(f))
        throw new DatasetSpecError(`dataset spec ${source}: unknown feature ${JSON.stringify(f)}`);
      if (!computable(f))
        throw new DatasetSpecError(
          `dataset spec ${source}: feature ${f} needs fields the dataset does not map`,
        );
    }
    features = FEATURE_NAMES.filter((f) => features.includes(f));
  }
  const target = doc['target'] as Record<string, unknown> | undefined;
  return {
    name: typeof doc['name'] === 'string' ? doc['name'] : source,
    fields,
    target:
      target && typeof target === 'object' && target['column'] !== undefined
        ? {
            column: String(target['column']),
            positive: strings(target['positive'] ?? ['1'], 'target.positive'),
            negative: strings(target['negative'] ?? ['0'], 'target.negative'),
          }
        : null,
    ignore: strings(doc['ignore'], `dataset spec ${source}: ignore`),
    features,
    source,
  };
}

/** Reads a dataset spec file (YAML or JSON). */
export async function loadDatasetSpec(path: string): Promise<DatasetSpec> {
  let raw: unknown;
  try {
    raw = parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new DatasetSpecError(`cannot read dataset spec ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return datasetSpecFromDocument(raw, path);
}
