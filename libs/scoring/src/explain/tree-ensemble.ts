import type { TreesDocument } from '../bundle/bundle-manifest.js';

/**
 * A riskstream-trees/v1 ensemble as flat typed arrays (all trees concatenated, node order of the document,
 * child indices global). Structure checks are done by parseManifest; this class trusts a checked document.
 */
export class TreeEnsemble {
  readonly numFeatures: number;
  readonly baseMargin: number;
  /** true: go left iff x <= threshold (LightGBM); false: iff x < threshold (XGBoost). */
  readonly lessOrEqual: boolean;
  readonly treeCount: number;
  /** Nodes of tree t are [treeStart[t], treeStart[t + 1]); the root is treeStart[t]. */
  readonly treeStart: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly defaultLeft: Uint8Array;
  readonly value: Float64Array;
  readonly cover: Float64Array;
  /** E[tree] for every tree: the cover-weighted mean of its leaves (path-dependent expectation). */
  readonly treeExpectation: Float64Array;
  /** baseMargin + Σ E[tree]: the SHAP bias (expected margin). */
  readonly expectedMargin: number;

  constructor(doc: TreesDocument) {
    this.numFeatures = doc.numFeatures;
    this.baseMargin = doc.baseMargin;
    this.lessOrEqual = doc.decision === 'le';
    this.treeCount = doc.trees.length;
    this.treeStart = new Int32Array(this.treeCount + 1);
    let total = 0;
    doc.trees.forEach((tree, t) => {
      this.treeStart[t] = total;
      total += tree.feature.length;
    });
    this.treeStart[this.treeCount] = total;
    this.feature = new Int32Array(total);
    this.threshold = new Float64Array(total);
    this.left = new Int32Array(total);
    this.right = new Int32Array(total);
    this.defaultLeft = new Uint8Array(total);
    this.value = new Float64Array(total);
    this.cover = new Float64Array(total);
    doc.trees.forEach((tree, t) => {
      const s = this.treeStart[t]!;
      for (let i = 0; i < tree.feature.length; i++) {
        const g = s + i;
        this.feature[g] = tree.feature[i]!;
        this.threshold[g] = tree.threshold[i]!;
        this.left[g] = tree.left[i]! < 0 ? -1 : s + tree.left[i]!;
        this.right[g] = tree.right[i]! < 0 ? -1 : s + tree.right[i]!;
        this.defaultLeft[g] = tree.defaultLeft[i] ? 1 : 0;
        this.value[g] = tree.value[i]!;
        this.cover[g] = tree.cover[i]!;
      }
    });
    this.treeExpectation = new Float64Array(this.treeCount);
    let expected = this.baseMargin;
    for (let t = 0; t < this.treeCount; t++) {
      this.treeExpectation[t] = this.nodeMean(this.treeStart[t]!);
      expected += this.treeExpectation[t]!;
    }
    this.expectedMargin = expected;
  }

  isLeaf(node: number): boolean {
    return this.left[node] === -1;
  }

  /** The traversal rule of the contract: NaN follows defaultLeft; else left iff x < (or <=) threshold. */
  goesLeft(node: number, x: Float32Array, offset = 0): boolean {
    const v = x[offset + this.feature[node]!]!;
    if (Number.isNaN(v)) return this.defaultLeft[node] === 1;
    return this.lessOrEqual ? v <= this.threshold[node]! : v < this.threshold[node]!;
  }

  /** The leaf (global node index) that row x reaches in tree t. */
  leafOf(t: number, x: Float32Array, offset = 0): number {
    let i = this.treeStart[t]!;
    while (this.left[i] !== -1) i = this.goesLeft(i, x, offset) ? this.left[i]! : this.right[i]!;
    return i;
  }

  /** margin = baseMargin + Σ value(leaf reached), in log-odds. */
  predictMargin(x: Float32Array, offset = 0): number {
    let s = this.baseMargin;
    for (let t = 0; t < this.treeCount; t++) s += this.value[this.leafOf(t, x, offset)]!;
    return s;
  }

  /** E[node] = (cover[l]·E[l] + cover[r]·E[r]) / cover[node]; leaf: value. Recursion depth = tree depth. */
  private nodeMean(node: number): number {
    if (this.left[node] === -1) return this.value[node]!;
    const l = this.left[node]!;
    const r = this.right[node]!;
    return (this.cover[l]! * this.nodeMean(l) + this.cover[r]! * this.nodeMean(r)) / this.cover[node]!;
  }
}
