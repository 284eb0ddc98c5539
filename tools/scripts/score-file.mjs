// Offline batch scoring of a CSV with a model bundle (built libs). Run: npm run score:file -- --model DIR --in CSV --out CSV
//   [--spec SPEC.yaml]   dataset spec (YAML/JSON) mapping the CSV's columns; default: the one the bundle was trained
//                        with (manifest.dataset.spec), else tools/training/specs/credit-risk.yaml
//   [--reasons K]        reason codes per row (default 4)    [--batch N] rows per ONNX call (default 4096)
// The output keeps every input row in order and appends probability_of_default, risk_band, decision, reason_codes,
// rejection_reasons. Prints a JSON summary line. Exit 1 on a rejected bundle or unreadable input, 2 on bad usage.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import {
  BundleRejectedError,
  datasetSpecFromDocument,
  loadDatasetSpec,
  loadModelBundle,
  scoreCsvFile,
} from '@riskstream/scoring';

const root = new URL('../../', import.meta.url);
const usage =
  'usage: npm run score:file -- --model DIR --in CSV --out CSV [--spec SPEC.yaml] [--reasons 4] [--batch 4096]';

let args;
try {
  ({ values: args } = parseArgs({
    options: {
      model: { type: 'string' },
      in: { type: 'string' },
      out: { type: 'string' },
      spec: { type: 'string' },
      reasons: { type: 'string', default: '4' },
      batch: { type: 'string', default: '4096' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }));
} catch (error) {
  console.error(`${error.message}\n${usage}`);
  process.exit(2);
}
if (args.help) {
  console.log(usage);
  process.exit(0);
}
const reasons = Number(args.reasons);
const batch = Number(args.batch);
if (
  !args.model ||
  !args.in ||
  !args.out ||
  !Number.isInteger(reasons) ||
  reasons < 0 ||
  !Number.isInteger(batch) ||
  batch < 1
) {
  console.error(usage);
  process.exit(2);
}
// npm runs scripts from the repository root: relative paths are the caller's (INIT_CWD), as a user expects
const cwd = process.env.INIT_CWD ?? process.cwd();
const path = (p) => resolve(cwd, p);

let bundle;
try {
  bundle = await loadModelBundle(path(args.model));
  const spec = args.spec
    ? await loadDatasetSpec(path(args.spec))
    : bundle.manifest.dataset?.spec
      ? datasetSpecFromDocument(bundle.manifest.dataset.spec, `${args.model}/manifest.json (dataset.spec)`)
      : await loadDatasetSpec(new URL('tools/training/specs/credit-risk.yaml', root).pathname);
  console.error(
    `score:file: model ${bundle.modelName} ${bundle.modelVersion} (${bundle.manifest.model.family}, bundle ${bundle.digest.slice(0, 12)}…, ` +
      `${bundle.manifest.testVectors.length} test vectors reproduced); dataset spec ${spec.source}`,
  );
  const summary = await scoreCsvFile({
    bundle,
    datasetSpec: spec,
    input: path(args.in),
    output: path(args.out),
    reasonCodes: reasons,
    batchRows: batch,
  });
  console.error(
    `score:file: ${summary.rows} rows → ${path(args.out)}: ${summary.scored} scored, ${summary.rejected} rejected ` +
      `in ${summary.seconds.toFixed(2)} s (${Math.round(summary.rows / summary.seconds)} rows/s)`,
  );
  console.log(
    JSON.stringify({
      ...summary,
      output: path(args.out),
      modelVersion: bundle.modelVersion,
      bundleDigest: bundle.digest,
    }),
  );
} catch (error) {
  console.error(error instanceof BundleRejectedError ? error.message : `score:file: ${error.message}`);
  process.exitCode = 1;
} finally {
  await bundle?.close();
}
