import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { datasetSpecFromDocument, loadDatasetSpec, NULLABLE_FIELDS, RECORD_FIELDS } from './dataset-spec.js';
import { RecordMapper } from './record-mapper.js';

const repo = (path: string): string => fileURLToPath(new URL(`../../../../${path}`, import.meta.url));
const HEADER =
  'person_age,person_income,person_home_ownership,person_emp_length,loan_intent,loan_grade,loan_amnt,loan_int_rate,loan_status,loan_percent_income,cb_person_default_on_file,cb_person_cred_hist_length'.split(
    ',',
  );
const row = (overrides: Record<number, string> = {}): string[] => {
  const base = ['30', '50000', 'RENT', '4', 'PERSONAL', 'B', '10000', '11.5', '0', '0.2', 'N', '6'];
  for (const [i, v] of Object.entries(overrides)) base[Number(i)] = v;
  return base;
};

describe('dataset specs', () => {
  it('NULLABLE_FIELDS are exactly the feature spec input fields described as "| null"', () => {
    const spec = JSON.parse(readFileSync(repo('libs/feature-spec/spec/feature-spec.v1.json'), 'utf8')) as {
      input: Record<string, string>;
    };
    expect(Object.keys(spec.input).sort()).toEqual([...RECORD_FIELDS].sort());
    expect(
      Object.keys(spec.input)
        .filter((f) => spec.input[f]!.includes('null'))
        .sort(),
    ).toEqual([...NULLABLE_FIELDS].sort());
  });

  it('reads the shipped credit-risk and default-fin specs', async () => {
    const credit = await loadDatasetSpec(repo('tools/training/specs/credit-risk.yaml'));
    expect(credit.fields.get('priorDefaultOnFile')).toMatchObject({
      type: 'bool',
      trueValues: ['Y'],
      falseValues: ['N'],
    });
    expect(credit.features).toHaveLength(26);
    const fin = await loadDatasetSpec(repo('tools/training/specs/default-fin.yaml'));
    expect(fin.features).toEqual(['annual_income', 'employed', 'bank_balance', 'balance_to_income']);
  });

  it('refuses unknown fields and features that need unmapped fields', () => {
    expect(() => datasetSpecFromDocument({ fields: { salary: { column: 's' } } }, 't')).toThrow(
      /unknown canonical field/,
    );
    expect(() =>
      datasetSpecFromDocument(
        { fields: { annualIncome: { column: 'i' } }, features: ['loan_to_income'] },
        't',
      ),
    ).toThrow(/needs fields/);
  });
});

describe('CSV row → record + rejected rules (the training pipeline’s cleaning semantics)', async () => {
  const spec = await loadDatasetSpec(repo('tools/training/specs/credit-risk.yaml'));
  const mapper = new RecordMapper(spec, HEADER);

  it('maps a valid row to the canonical record', () => {
    expect(mapper.map(row())).toEqual({
      record: {
        age: 30,
        annualIncome: 50000,
        homeOwnership: 'RENT',
        employmentLengthYears: 4,
        loanAmount: 10000,
        loanIntent: 'PERSONAL',
        loanGrade: 'B',
        interestRatePct: 11.5,
        priorDefaultOnFile: false,
        creditHistoryLengthYears: 6,
        employed: null,
        bankBalance: null,
      },
      rejections: [],
    });
  });

  it.each([
    ['missing optional values are repairs, not rejections', { 3: '', 7: 'NaN' }, []],
    ['age not an integer', { 0: '26.5' }, ['age.integer']],
    ['age out of range', { 0: '134' }, ['age.range']],
    ['text in a number column breaks all its rules', { 0: 'abc' }, ['age.integer', 'age.range']],
    ['a required value missing breaks all its rules', { 0: '' }, ['age.integer', 'age.range']],
    [
      'missing age does not make the working-life rules fire',
      { 0: ' ', 3: '40' },
      ['age.integer', 'age.range'],
    ],
    ['income zero', { 1: '0' }, ['annual_income.range']],
    [
      'unknown enum value (case sensitive)',
      { 2: 'rent', 4: 'GAMBLING' },
      ['home_ownership.enum', 'loan_intent.enum'],
    ],
    ['employment longer than working life', { 3: '17' }, ['employment_length.exceeds_working_life']],
    ['negative employment', { 3: '-2' }, ['employment_length.range']],
    ['an unparseable Y/N flag', { 10: 'maybe' }, ['priorDefaultOnFile.parse']],
    ['a blank flag = no bureau report (nullable)', { 10: '', 11: '' }, []],
    ['interest above 100', { 7: '100.5' }, ['interest_rate.range']],
    ['hex is not a number', { 6: '0x10' }, ['loan_amount.range']],
    [
      'several rules, in rules-file order',
      { 11: '99', 6: '-5', 0: '20' },
      ['loan_amount.range', 'credit_history.range', 'credit_history.exceeds_adult_life'],
    ],
  ] as const)('%s', (_label, overrides, expected) => {
    expect(mapper.map(row(overrides)).rejections).toEqual(expected);
  });

  it('does not apply rules of fields the dataset does not map', () => {
    const fin = datasetSpecFromDocument(
      { fields: { annualIncome: { column: 'income', type: 'number' }, bankBalance: { column: 'balance' } } },
      'fin',
    );
    const m = new RecordMapper(fin, ['income', 'balance']);
    expect(m.map(['50000', '100']).rejections).toEqual([]);
    expect(m.map(['50000', '-1']).rejections).toEqual(['bank_balance.range']);
  });

  it('refuses a CSV without the mapped columns', () => {
    expect(() => new RecordMapper(spec, HEADER.slice(1))).toThrow(/person_age/);
  });
});
