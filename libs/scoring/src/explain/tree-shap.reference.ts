import type { Explainer } from './explainer.js';
import type { TreeEnsemble } from './tree-ensemble.js';

/**
 * Path-dependent TreeSHAP, Algorithm 2 of Lundberg et al. 2018 ("Consistent individualized feature attribution for
 * tree ensembles"), as in shap's tree_shap.h and a line-by-line port of tools/training/riskstream_training/trees.py
 * (`tree_shap`). O(T·L·D²) with allocations on every node: the readable reference the fast explainer is tested
 * against, not for serving.
 */
interface PathElement {
  feature: number;
  zero: number;
  one: number;
  weight: number;
}

function extend(path: PathElement[], zero: number, one: number, feature: number): void {
  const l = path.length;
  path.push({ feature, zero, one, weight: l === 0 ? 1 : 0 });
  for (let i = l - 1; i >= 0; i--) {
    path[i + 1]!.weight += (one * path[i]!.weight * (i + 1)) / (l + 1);
    path[i]!.weight = (zero * path[i]!.weight * (l - i)) / (l + 1);
  }
}

function unwind(path: PathElement[], k: number): void {
  const l = path.length - 1;
  const { one, zero } = path[k]!;
  let next = path[l]!.weight;
  for (let i = l - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = path[i]!.weight;
      path[i]!.weight = (next * (l + 1)) / ((i + 1) * one);
      next = tmp - (path[i]!.weight * zero * (l - i)) / (l + 1);
    } else {
      path[i]!.weight = (path[i]!.weight * (l + 1)) / (zero * (l - i));
    }
  }
  for (let i = k; i < l; i++) {
    path[i]!.feature = path[i + 1]!.feature;
    path[i]!.zero = path[i + 1]!.zero;
    path[i]!.one = path[i + 1]!.one;
  }
  path.pop();
}

function unwoundSum(path: PathElement[], k: number): number {
  const l = path.length - 1;
  const { one, zero } = path[k]!;
  let next = path[l]!.weight;
  let total = 0;
  for (let i = l - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = (next * (l + 1)) / ((i + 1) * one);
      total += tmp;
      next = path[i]!.weight - tmp * zero * ((l - i) / (l + 1));
    } else {
      total += path[i]!.weight / zero / ((l - i) / (l + 1));
    }
  }
  return total;
}

/**
 * Exact TreeSHAP of one row (float32 model input) in margin space.
 * Returns numFeatures contributions followed by the bias (baseMargin + Σ E[tree]); they sum to the margin.
 */
export function referenceTreeShap(ensemble: TreeEnsemble, x: Float32Array, offset = 0): Float64Array {
  const n = ensemble.numFeatures;
  const phi = new Float64Array(n + 1);
  const { left, right, feature, cover, value } = ensemble;

  const recurse = (
    node: number,
    parentPath: PathElement[],
    zero: number,
    one: number,
    splitFeature: number,
  ): void => {
    const path = parentPath.map((e) => ({ ...e }));
    extend(path, zero, one, splitFeature);
    if (left[node] === -1) {
      for (let k = 1; k < path.length; k++) {
        const w = unwoundSum(path, k);
        const e = path[k]!;
        phi[e.feature] = phi[e.feature]! + w * (e.one - e.zero) * value[node]!;
      }
      return;
    }
    const goLeft = ensemble.goesLeft(node, x, offset);
    const hot = goLeft ? left[node]! : right[node]!;
    const cold = goLeft ? right[node]! : left[node]!;
    let incomingZero = 1;
    let incomingOne = 1;
    const f = feature[node]!;
    for (let k = 1; k < path.length; k++) {
      if (path[k]!.feature === f) {
        incomingZero = path[k]!.zero;
        incomingOne = path[k]!.one;
        unwind(path, k);
        break;
      }
    }
    recurse(hot, path, (incomingZero * cover[hot]!) / cover[node]!, incomingOne, f);
    recurse(cold, path, (incomingZero * cover[cold]!) / cover[node]!, 0, f);
  };

  for (let t = 0; t < ensemble.treeCount; t++) recurse(ensemble.treeStart[t]!, [], 1, 1, -1);
  phi[n] = ensemble.expectedMargin;
  return phi;
}

/** Algorithm 2 behind the Explainer interface: the fallback for ensembles the fast explainer cannot compile. */
export class ReferenceTreeShapExplainer implements Explainer {
  readonly kind = 'treeshap' as const;
  readonly numFeatures: number;
  readonly bias: number;

  constructor(private readonly ensemble: TreeEnsemble) {
    this.numFeatures = ensemble.numFeatures;
    this.bias = ensemble.expectedMargin;
  }

  explainBatch(rows: Float32Array, n: number, out: Float64Array): void {
    const nf = this.numFeatures;
    for (let r = 0; r < n; r++)
      out.set(referenceTreeShap(this.ensemble, rows, r * nf).subarray(0, nf), r * nf);
  }
}
