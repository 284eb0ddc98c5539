import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { computeFeatureVector } from '@riskstream/feature-spec';
import { loadModelBundle, type ModelBundle } from '../bundle/model-bundle.js';
import { readCsvRecords } from './csv-reader.js';
import { datasetSpecFromDocument, loadDatasetSpec, type DatasetSpec } from './dataset-spec.js';
import { RecordMapper } from './record-mapper.js';
import { csvField, formatReasonCodes, SCORE_COLUMNS, scoreCsvFile } from './score-csv.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const FIXTURE_CSV = join(ROOT, 'libs/scoring/fixtures/applications.csv');
const DEFAULT_BUNDLE = join(ROOT, 'libs/scoring/assets/default-bundle');
const run = promisify(execFile);

/**
 * The planted invalid rows of fixtures/applications.csv (line numbers, header = line 1) and the rules they break,
 * as the Python training pipeline's cleaning reports them (checked with riskstream_training.cleaning when the
 * fixture was made).
 */
const EXPECTED_REJECTIONS: Record<number, string> = {
  17: 'age.integer',
  18: 'annual_income.range',
  22: 'loan_amount.range',
  30: 'home_ownership.enum',
  41: 'employment_length.range',
  43: 'employment_length.exceeds_working_life',
  46: 'age.range',
  47: 'loan_intent.enum',
  48: 'age.integer;age.range',
  49: 'priorDefaultOnFile.parse',
  50: 'age.integer;age.range',
};

async function records(path: string): Promise<string[][]> {
  const { createReadStream } = await import('node:fs');
  const out: string[][] = [];
  for await (const r of readCsvRecords(createReadStream(path, 'utf8'))) out.push(r.fields);
  return out;
}

describe('offline batch scoring of a CSV (score:file)', () => {
  let bundle: ModelBundle;
  let spec: DatasetSpec;
  let dir: string;

  beforeAll(async () => {
    bundle = await loadModelBundle(DEFAULT_BUNDLE);
    spec = datasetSpecFromDocument(bundle.manifest.dataset['spec'], 'manifest');
    dir = await mkdtemp(join(tmpdir(), 'riskstream-score-file-'));
  }, 60_000);
  afterAll(async () => {
    await bundle?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** What every output row must hold, computed independently of scoreCsvFile: mapper → features → bundle. */
  async function expectedOutput(input: string[][]): Promise<string[][]> {
    const mapper = new RecordMapper(spec, input[0]!);
    const nf = bundle.numFeatures;
    return Promise.all(
      input.slice(1).map(async (fields) => {
        const { record, rejections } = mapper.map(fields);
        if (rejections.length) return [...fields, '', '', '', '', rejections.join(';')];
        const row = bundle.modelInput(computeFeatureVector(record), new Float32Array(nf));
        const [pd] = await bundle.scoreBatch(row, 1);
        const { riskBand, decision } = bundle.decide(pd!);
        return [
          ...fields,
          String(pd),
          riskBand,
          decision,
          formatReasonCodes(bundle.topReasons(row, null, 4)),
          '',
        ];
      }),
    );
  }

  it('keeps every row in order, scores the valid ones, gives the broken rules of the others', async () => {
    const output = join(dir, 'scored.csv');
    const summary = await scoreCsvFile({
      bundle,
      datasetSpec: spec,
      input: FIXTURE_CSV,
      output,
      batchRows: 16,
    });
    const input = await records(FIXTURE_CSV);
    const scored = await records(output);
    expect(summary).toMatchObject({ rows: 50, scored: 39, rejected: 11 });
    expect(summary.decisions.APPROVE + summary.decisions.REVIEW + summary.decisions.DECLINE).toBe(39);
    expect(scored[0]).toEqual([...input[0]!, ...SCORE_COLUMNS]);
    expect(scored).toHaveLength(input.length);
    const expected = await expectedOutput(input);
    scored.slice(1).forEach((fields, i) => {
      const line = i + 2;
      expect(fields.slice(0, input[0]!.length)).toEqual(input[i + 1]); // the input row, untouched, in place
      const [pd, band, decision, reasons, rejected] = fields.slice(input[0]!.length);
      const want = expected[i]!.slice(input[0]!.length);
      expect(rejected).toBe(EXPECTED_REJECTIONS[line] ?? '');
      if (rejected) {
        expect([pd, band, decision, reasons]).toEqual(['', '', '', '']);
        return;
      }
      // batch and single-row ONNX runs agree within float32 rounding; band, decision, reasons exactly
      expect(Math.abs(Number(pd) - Number(want[0]))).toBeLessThan(1e-6);
      expect([band, decision]).toEqual([want[1], want[2]]);
      expect(reasons).toBe(want[3]);
      expect(reasons!.split(';')).toHaveLength(4);
      expect(reasons).toMatch(/^([a-z_]+:[+-]\d+\.\d{4};){3}[a-z_]+:[+-]\d+\.\d{4}$/);
    });
    expect(summary.rejectionsByRule).toMatchObject({
      'age.integer': 3,
      'age.range': 3,
      'priorDefaultOnFile.parse': 1,
    });
  });

  it('does not depend on the batch size', async () => {
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    await scoreCsvFile({
      bundle,
      datasetSpec: spec,
      input: FIXTURE_CSV,
      output: a,
      batchRows: 1,
      reasonCodes: 2,
    });
    await scoreCsvFile({
      bundle,
      datasetSpec: spec,
      input: FIXTURE_CSV,
      output: b,
      batchRows: 4096,
      reasonCodes: 2,
    });
    const [ra, rb] = [await records(a), await records(b)];
    ra.forEach((fields, i) => {
      const pd = fields.length - 5;
      expect([...fields.slice(0, pd), ...fields.slice(pd + 1)]).toEqual([
        ...rb[i]!.slice(0, pd),
        ...rb[i]!.slice(pd + 1),
      ]);
      if (i > 0 && fields[pd]) expect(Math.abs(Number(fields[pd]) - Number(rb[i]![pd]))).toBeLessThan(1e-6);
    });
  });

  it('quotes what needs quoting, rejects rows with a wrong number of fields, writes nothing on failure', async () => {
    const input = join(dir, 'odd.csv');
    const lines = (await readFile(FIXTURE_CSV, 'utf8')).split('\n');
    await writeFile(
      input,
      [
        lines[0],
        lines[1],
        `${lines[2]},extra`,
        '',
        '"23",17833,"RENT",0,MEDICAL,E,4475,17.2,"1, quoted",0.25,Y,2',
        '',
      ].join('\r\n'),
    );
    const output = join(dir, 'odd-scored.csv');
    const summary = await scoreCsvFile({ bundle, datasetSpec: spec, input, output });
    expect(summary).toMatchObject({
      rows: 3,
      scored: 2,
      rejected: 1,
      rejectionsByRule: { 'csv.columns': 1 },
    });
    const out = await records(output);
    expect(out[2]!.at(-1)).toBe('csv.columns');
    expect(out[3]![8]).toBe('1, quoted');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');

    await expect(
      scoreCsvFile({
        bundle,
        datasetSpec: spec,
        input: join(dir, 'missing.csv'),
        output: join(dir, 'never.csv'),
      }),
    ).rejects.toThrow(/ENOENT/);
    await expect(readFile(join(dir, 'never.csv'))).rejects.toThrow();
    await expect(readFile(join(dir, 'never.csv.partial'))).rejects.toThrow();
  });

  it('refuses a dataset spec that does not map what the model needs', async () => {
    const fin = await loadDatasetSpec(join(ROOT, 'tools/training/specs/default-fin.yaml'));
    await expect(
      scoreCsvFile({ bundle, datasetSpec: fin, input: FIXTURE_CSV, output: join(dir, 'x.csv') }),
    ).rejects.toThrow(/does not map/);
  });

  it('the CLI (npm run score:file → tools/scripts/score-file.mjs on the built libs) writes the same file', async () => {
    const env = { ...process.env, NX_DAEMON: 'false' };
    // build the lib the CLI imports (incremental: a no-op when dist is current)
    await run(
      process.execPath,
      [join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', join(ROOT, 'libs/scoring/tsconfig.json')],
      {
        cwd: ROOT,
        env,
      },
    );
    const output = join(dir, 'cli.csv');
    const { stdout } = await run(
      process.execPath,
      [
        join(ROOT, 'tools/scripts/score-file.mjs'),
        '--model',
        DEFAULT_BUNDLE,
        '--in',
        FIXTURE_CSV,
        '--out',
        output,
      ],
      { cwd: ROOT, env },
    );
    const summary = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      rows: number;
      scored: number;
      rejected: number;
    };
    expect(summary).toMatchObject({ rows: 50, scored: 39, rejected: 11 });
    const inProcess = join(dir, 'in-process.csv');
    await scoreCsvFile({ bundle, datasetSpec: spec, input: FIXTURE_CSV, output: inProcess });
    expect(await readFile(output, 'utf8')).toBe(await readFile(inProcess, 'utf8'));

    await expect(
      run(process.execPath, [join(ROOT, 'tools/scripts/score-file.mjs'), '--model', DEFAULT_BUNDLE], {
        cwd: ROOT,
        env,
      }),
    ).rejects.toMatchObject({
      code: 2,
    });
  }, 180_000);
});
