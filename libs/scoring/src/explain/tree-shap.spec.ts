import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BundleManifest, TreeArrays, TreesDocument } from '../bundle/bundle-manifest.js';
import { LeafShapley } from './leaf-shapley.js';
import { TreeEnsemble } from './tree-ensemble.js';
import { nextDown, TreeShapExplainer, TreeShapUnsupportedError } from './tree-shap.explainer.js';
import { referenceTreeShap } from './tree-shap.reference.js';

const manifestOf = (path: string): BundleManifest =>
  JSON.parse(
    readFileSync(fileURLToPath(new URL(`../../${path}/manifest.json`, import.meta.url)), 'utf8'),
  ) as BundleManifest;

const TREE_BUNDLES = {
  'default (lightgbm)': manifestOf('assets/default-bundle'),
  'fixture (xgboost)': manifestOf('fixtures/xgboost-bundle'),
};

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Exact path-dependent SHAP by brute force, straight from the definition: v(S) = Σ_leaves value · Π over the
 * path's edges (feature in S ? follows(x) : cover ratio), Shapley values by enumerating all subsets of the
 * features the trees use. Exponential; independent of both implementations under test.
 */
function bruteForceShap(doc: TreesDocument, x: Float32Array): Float64Array {
  const used = [...new Set(doc.trees.flatMap((t) => t.feature.filter((f) => f >= 0)))];
  const m = used.length;
  const goesLeft = (t: TreeArrays, i: number): boolean => {
    const v = x[t.feature[i]!]!;
    if (Number.isNaN(v)) return t.defaultLeft[i]!;
    return doc.decision === 'le' ? v <= t.threshold[i]! : v < t.threshold[i]!;
  };
  const value = (inS: Set<number>): number => {
    let total = doc.baseMargin;
    for (const t of doc.trees) {
      const walk = (i: number, weight: number): number => {
        if (t.left[i] === -1) return weight * t.value[i]!;
        const f = t.feature[i]!;
        let sum = 0;
        for (const [child, isLeft] of [
          [t.left[i]!, true],
          [t.right[i]!, false],
        ] as const) {
          const w = inS.has(f) ? (goesLeft(t, i) === isLeft ? 1 : 0) : t.cover[child]! / t.cover[i]!;
          if (w !== 0) sum += walk(child, weight * w);
        }
        return sum;
      };
      total += walk(0, 1);
    }
    return total;
  };
  const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));
  const phi = new Float64Array(doc.numFeatures + 1);
  const cache = new Map<number, number>();
  const v = (mask: number): number => {
    let r = cache.get(mask);
    if (r === undefined) {
      r = value(new Set(used.filter((_, k) => (mask >> k) & 1)));
      cache.set(mask, r);
    }
    return r;
  };
  for (let k = 0; k < m; k++) {
    for (let mask = 0; mask < 1 << m; mask++) {
      if ((mask >> k) & 1) continue;
      let size = 0;
      for (let b = mask; b; b &= b - 1) size++;
      const weight = (factorial(size) * factorial(m - size - 1)) / factorial(m);
      phi[used[k]!] += weight * (v(mask | (1 << k)) - v(mask));
    }
  }
  phi[doc.numFeatures] = v(0);
  return phi;
}

/** A hand-made ensemble: repeated features on a path, NaN default directions, uneven covers, both decisions. */
function handMade(decision: 'lt' | 'le'): TreesDocument {
  // tree 0: f0 → f1 → f0 again (repeated on the path) → leaves; tree 1: f2 with f0 below; tree 2: a single leaf
  const t0: TreeArrays = {
    feature: [0, 1, -1, 0, -1, -1, 3, -1, -1],
    threshold: [0.5, 2, 0, 0.25, 0, 0, 1, 0, 0],
    left: [1, 2, -1, 4, -1, -1, 7, -1, -1],
    right: [6, 3, -1, 5, -1, -1, 8, -1, -1],
    defaultLeft: [true, false, false, true, false, false, false, false, false],
    value: [0, 0, 0.4, 0, -0.3, 0.9, 0, 0.2, -0.7],
    cover: [100, 60, 25, 35, 5, 30, 40, 30, 10],
  };
  const t1: TreeArrays = {
    feature: [2, 0, -1, -1, -1],
    threshold: [10, 0.75, 0, 0, 0],
    left: [1, 3, -1, -1, -1],
    right: [2, 4, -1, -1, -1],
    defaultLeft: [false, true, false, false, false],
    value: [0, 0, 0.15, -0.05, 0.5],
    cover: [100, 70, 30, 20, 50],
  };
  const t2: TreeArrays = {
    feature: [-1],
    threshold: [0],
    left: [-1],
    right: [-1],
    defaultLeft: [false],
    value: [0.01],
    cover: [0],
  };
  return {
    format: 'riskstream-trees/v1',
    library: 'xgboost',
    decision,
    baseMargin: -1.2,
    numFeatures: 4,
    trees: [t0, t1, t2],
  };
}

describe('leaf Shapley values in closed form', () => {
  it('equal the Shapley values of the leaf game by enumeration (d up to 9, every mask)', () => {
    const next = random(7);
    const shapley = new LeafShapley();
    const out = new Float64Array(16);
    for (let d = 1; d <= 9; d++) {
      const ratios = Float64Array.from({ length: d }, () => next());
      const value = next() * 2 - 1;
      for (let mask = 0; mask < 1 << d; mask++) {
        shapley.compute(value, d, mask, ratios, 0, out);
        const game = (s: number): number => {
          let p = value;
          for (let k = 0; k < d; k++) p *= (s >> k) & 1 ? ((mask >> k) & 1 ? 0 : 1) : ratios[k]!;
          return p;
        };
        const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
        for (let k = 0; k < d; k++) {
          let phi = 0;
          for (let s = 0; s < 1 << d; s++) {
            if ((s >> k) & 1) continue;
            let size = 0;
            for (let b = s; b; b &= b - 1) size++;
            phi += ((fact(size) * fact(d - size - 1)) / fact(d)) * (game(s | (1 << k)) - game(s));
          }
          expect(Math.abs(out[k]! - phi)).toBeLessThan(1e-13);
        }
      }
    }
  });
});

const UNIT_OPTIONS = [
  { maxSubtreeNodes: 0 },
  { maxSubtreeNodes: 1 },
  { maxSubtreeNodes: 2, chunkRows: 3 },
  { maxSubtreeNodes: 13 },
  { maxSubtreeNodes: 13, maxTabulatedFeatures: 2 },
  { tableBudgetBytes: 0 },
];

describe.each(['lt', 'le'] as const)('TreeSHAP on a hand-made ensemble (decision %s)', (decision) => {
  const doc = handMade(decision);
  const ensemble = new TreeEnsemble(doc);
  const rows: number[][] = [
    [0.1, 1, 5, 0],
    [0.5, 2, 10, 1], // every value on a threshold
    [0.25, 3, 11, 2],
    [0.9, 0, 9, 0.5],
    [Number.NaN, 2.5, Number.NaN, Number.NaN],
    [0.3, Number.NaN, 20, 1],
  ];

  it.each(rows.map((r, i) => [i, r] as const))(
    'row %i: reference = brute force, fast = reference, Σφ + bias = margin',
    (_i, values) => {
      const x = Float32Array.from(values);
      const brute = bruteForceShap(doc, x);
      const reference = referenceTreeShap(ensemble, x);
      const fast = new Float64Array(4);
      new TreeShapExplainer(ensemble).explainBatch(x, 1, fast);
      for (let j = 0; j < 4; j++) {
        expect(Math.abs(reference[j]! - brute[j]!)).toBeLessThan(1e-12);
        expect(Math.abs(fast[j]! - reference[j]!)).toBeLessThan(1e-12);
      }
      // every way of cutting the trees into units: a table per leaf, pairs, whole trees, no tables at all
      for (const options of UNIT_OPTIONS) {
        const other = new Float64Array(4);
        new TreeShapExplainer(ensemble, options).explainBatch(x, 1, other);
        for (let j = 0; j < 4; j++) expect(Math.abs(other[j]! - reference[j]!)).toBeLessThan(1e-12);
      }
      expect(Math.abs(reference[4]! - brute[4]!)).toBeLessThan(1e-12);
      const sum = fast.reduce((s, c) => s + c, ensemble.expectedMargin);
      expect(Math.abs(sum - ensemble.predictMargin(x))).toBeLessThan(1e-12);
    },
  );

  it.each([{}, ...UNIT_OPTIONS])('explains all rows as one batch like the reference (%o)', (options) => {
    const batch = Float32Array.from(rows.flat());
    const out = new Float64Array(batch.length);
    new TreeShapExplainer(ensemble, options).explainBatch(batch, rows.length, out);
    rows.forEach((values, r) => {
      const reference = referenceTreeShap(ensemble, Float32Array.from(values));
      for (let j = 0; j < 4; j++) expect(Math.abs(out[r * 4 + j]! - reference[j]!)).toBeLessThan(1e-12);
    });
  });
});

describe.each(Object.entries(TREE_BUNDLES))(
  'fast TreeSHAP = Algorithm 2 on the %s bundle',
  (_name, manifest) => {
    if (manifest.explainer.type !== 'treeshap') throw new Error('not a tree bundle');
    const doc = manifest.explainer.trees;
    const ensemble = new TreeEnsemble(doc);
    const nf = ensemble.numFeatures;
    // test vectors + rows made of the trees' own thresholds (ties) + random perturbations + NaNs
    const next = random(42);
    const thresholds: number[][] = Array.from({ length: nf }, () => []);
    for (const t of doc.trees) t.feature.forEach((f, i) => f >= 0 && thresholds[f]!.push(t.threshold[i]!));
    const rows: Float32Array[] = manifest.testVectors.map((tv) => Float32Array.from(tv.features));
    for (let r = 0; r < 40; r++) {
      const base = Float32Array.from(manifest.testVectors[r % manifest.testVectors.length]!.features);
      for (let j = 0; j < nf; j++) {
        const u = next();
        if (u < 0.3 && thresholds[j]!.length)
          base[j] = thresholds[j]![Math.floor(next() * thresholds[j]!.length)]!;
        else if (u < 0.4) base[j] = base[j]! * (0.5 + next());
        else if (u < 0.45) base[j] = Number.NaN;
      }
      rows.push(base);
    }
    const n = rows.length;
    const batch = new Float32Array(n * nf);
    rows.forEach((row, i) => batch.set(row, i * nf));
    const reference = rows.map((row) => referenceTreeShap(ensemble, row));

    it.each([
      ['tables within the default budget', {}],
      ['no tables (every leaf computed per row)', { tableBudgetBytes: 0 }],
      ['a small budget and odd chunks', { tableBudgetBytes: 64 * 1024, chunkRows: 7 }],
      ['one row per chunk', { chunkRows: 1, maxTabulatedFeatures: 3 }],
      ['a table per leaf, no subtrees', { maxSubtreeNodes: 0 }],
      ['larger subtrees', { maxSubtreeNodes: 8, chunkRows: 100 }],
    ])('%s', (_label, options) => {
      const explainer = new TreeShapExplainer(ensemble, options);
      expect(explainer.bias).toBeCloseTo(reference[0]![nf]!, 12);
      const out = new Float64Array(n * nf);
      explainer.explainBatch(batch, n, out);
      let worst = 0;
      for (let r = 0; r < n; r++)
        for (let j = 0; j < nf; j++) worst = Math.max(worst, Math.abs(out[r * nf + j]! - reference[r]![j]!));
      expect(worst).toBeLessThan(1e-12);
      // explaining the same rows again (scratch reuse) gives identical numbers
      const again = new Float64Array(n * nf);
      explainer.explainBatch(batch, n, again);
      expect(again).toEqual(out);
    });

    it('tabulates subtrees within the default budget, and gives them up before leaves when it is short', () => {
      const full = new TreeShapExplainer(ensemble);
      expect(full.maxSubtreeNodes).toBe(4);
      expect(full.tabulatedSubtrees).toBeGreaterThan(0);
      expect(full.computedLeaves).toBe(0);
      const leavesOnly = new TreeShapExplainer(ensemble, { maxSubtreeNodes: 0 });
      expect(leavesOnly.tabulatedSubtrees).toBe(0);
      // a budget below what the subtree tables need: smaller subtrees (or none), then leaf tables as they fit
      const short = new TreeShapExplainer(ensemble, { tableBudgetBytes: Math.floor(full.tableBytes / 4) });
      expect(short.maxSubtreeNodes).toBeLessThan(4);
      expect(short.tableBytes).toBeLessThanOrEqual(Math.floor(full.tableBytes / 4));
      const out = new Float64Array(n * nf);
      short.explainBatch(batch, n, out);
      let worst = 0;
      for (let r = 0; r < n; r++)
        for (let j = 0; j < nf; j++) worst = Math.max(worst, Math.abs(out[r * nf + j]! - reference[r]![j]!));
      expect(worst).toBeLessThan(1e-12);
    });

    it('the margin of the normalised trees equals the test vectors’ (library) margin', () => {
      for (const tv of manifest.testVectors)
        expect(Math.abs(ensemble.predictMargin(Float32Array.from(tv.features)) - tv.margin)).toBeLessThan(
          1e-4,
        );
    });
  },
);

describe('fast TreeSHAP limits', () => {
  it('refuses (for the loader to fall back to Algorithm 2) a path over more than 31 distinct features', () => {
    const depth = 32;
    const tree: TreeArrays = {
      feature: [],
      threshold: [],
      left: [],
      right: [],
      defaultLeft: [],
      value: [],
      cover: [],
    };
    // a caterpillar: node 2k splits on feature k, its right child is a leaf, its left child the next split
    for (let k = 0; k < depth; k++) {
      tree.feature.push(k, -1);
      tree.threshold.push(0, 0);
      tree.left.push(2 * k + 2, -1);
      tree.right.push(2 * k + 1, -1);
      tree.defaultLeft.push(true, false);
      tree.value.push(0, k / 100);
      tree.cover.push(100 - k, 1);
    }
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.defaultLeft.push(false);
    tree.value.push(1);
    tree.cover.push(100 - depth);
    const doc: TreesDocument = {
      format: 'riskstream-trees/v1',
      library: 'lightgbm',
      decision: 'le',
      baseMargin: 0,
      numFeatures: depth,
      trees: [tree],
    };
    expect(() => new TreeShapExplainer(new TreeEnsemble(doc))).toThrow(TreeShapUnsupportedError);
  });

  it('nextDown turns "x < t" into "x <= nextDown(t)" for every double', () => {
    for (const t of [
      0,
      -0,
      1,
      -1,
      0.1,
      1e-300,
      -1e300,
      Number.MIN_VALUE,
      -Number.MIN_VALUE,
      3.4028234663852886e38,
    ]) {
      const d = nextDown(t);
      expect(d < t).toBe(true);
      expect(d <= t && !(d < d)).toBe(true);
      // nothing lies strictly between
      expect((d + t) / 2 === d || (d + t) / 2 === t).toBe(true);
    }
  });
});
