import { evaluateRules, VALIDATION_RULES, type ApplicationRecord } from '@riskstream/feature-spec';
import { NULLABLE_FIELDS, RECORD_FIELDS, type DatasetSpec, type FieldMapping } from './dataset-spec.js';

/**
 * CSV row → canonical application record + the validation rules it breaks, with the training pipeline's semantics
 * (tools/training/README.md, "Cleaning"), so that offline scoring rejects exactly the rows training drops:
 * - number columns: blank / nan / null / none / na (any case) and the spec's null values → null; anything else
 *   that is not a finite decimal number → unparseable; enum: the text as is; bool: the spec's true / false values.
 * - Parsed values go through the shared rules (@riskstream/feature-spec evaluateRules).
 * - An unparseable value, or null in a field that is not nullable, breaks every non-"present" rule of its field;
 *   an unparseable value of a field without such rule (the Y/N flag) is the pseudo rule `<field>.parse`.
 * - Rules on fields the dataset does not map do not apply. (A null required field without any rule, which the
 *   current rules never leave, is the pseudo rule `<field>.missing`.)
 */
export interface MappedRow {
  record: ApplicationRecord;
  /** Ids of the broken reject rules in rules-file order (then pseudo rules). Empty: the row can be scored. */
  rejections: string[];
}

const INVALID = Symbol('invalid');
type Parsed = number | string | boolean | null | typeof INVALID;

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NULL_WORDS = new Set(['nan', 'null', 'none', 'na']);

function parseField(raw: string, mapping: FieldMapping): Parsed {
  const text = raw.trim();
  if (mapping.type === 'number') {
    if (mapping.nullValues.includes(text) || NULL_WORDS.has(text.toLowerCase())) return null;
    if (!NUMBER.test(text)) return INVALID;
    const value = Number(text);
    return Number.isFinite(value) ? value : INVALID;
  }
  if (mapping.nullValues.includes(text)) return null;
  if (mapping.type === 'bool') {
    if (mapping.trueValues.includes(text)) return true;
    if (mapping.falseValues.includes(text)) return false;
    return INVALID;
  }
  return text;
}

const RULE_ORDER = new Map(VALIDATION_RULES.map((rule, i) => [rule.id, i]));
const RULE_FIELD = new Map(VALIDATION_RULES.map((rule) => [rule.id, rule.field]));

export class RecordMapper {
  private readonly columns: { mapping: FieldMapping; index: number }[];

  constructor(
    private readonly spec: DatasetSpec,
    header: readonly string[],
  ) {
    const missing: string[] = [];
    this.columns = [...spec.fields.values()].map((mapping) => {
      const index = header.indexOf(mapping.column);
      if (index < 0) missing.push(mapping.column);
      return { mapping, index };
    });
    if (missing.length)
      throw new Error(`the CSV lacks columns the dataset spec ${spec.name} maps: ${missing.join(', ')}`);
  }

  map(fields: readonly string[]): MappedRow {
    const record = Object.fromEntries(RECORD_FIELDS.map((f) => [f, null])) as unknown as Record<
      keyof ApplicationRecord,
      number | string | boolean | null
    >;
    const broken = new Set<keyof ApplicationRecord>(); // unparseable, or null where null is not allowed
    const unparseable = new Set<keyof ApplicationRecord>();
    for (const { mapping, index } of this.columns) {
      const value = parseField(fields[index] ?? '', mapping);
      if (value === INVALID) {
        broken.add(mapping.field);
        unparseable.add(mapping.field);
      } else {
        record[mapping.field] = value;
        if (value === null && !NULLABLE_FIELDS.has(mapping.field)) broken.add(mapping.field);
      }
    }
    // a broken age must not make the working-life rules fire (Python: they pass when age is not a number)
    const forRules = { ...record } as unknown as ApplicationRecord;
    if (broken.has('age')) forRules.age = Number.NaN;
    for (const field of broken)
      if (field !== 'age') (forRules as unknown as Record<string, null>)[field] = null;

    const rejections = new Set<string>();
    for (const violation of evaluateRules(forRules, (f) => f).violations) {
      const field = RULE_FIELD.get(violation.rule)!;
      if (this.spec.fields.has(field) && !broken.has(field)) rejections.add(violation.rule);
    }
    const pseudo: string[] = [];
    for (const field of broken) {
      const rules = VALIDATION_RULES.filter((rule) => rule.field === field && rule.check !== 'present');
      for (const rule of rules) if (rule.action === 'reject') rejections.add(rule.id);
      if (rules.length === 0) pseudo.push(unparseable.has(field) ? `${field}.parse` : `${field}.missing`);
    }
    const ordered = [...rejections].sort((a, b) => RULE_ORDER.get(a)! - RULE_ORDER.get(b)!);
    return { record: record as unknown as ApplicationRecord, rejections: [...ordered, ...pseudo] };
  }
}
