import type { Explainer } from './explainer.js';
import { LeafShapley } from './leaf-shapley.js';
import type { TreeEnsemble } from './tree-ensemble.js';

export interface TreeShapOptions {
  /** Memory for the precomputed tables, bytes. Leaves beyond it are computed per row. Default 64 MiB. */
  tableBudgetBytes?: number;
  /**
   * Tables have 2^bits entries of their unit: a leaf with more distinct features on its path than this, or a
   * subtree whose root path's distinct features plus internal nodes exceed it, is not tabulated. Default 12.
   */
  maxTabulatedFeatures?: number;
  /**
   * Largest subtree (in internal nodes) tabulated as one unit; 0: a table per leaf only. Default 4. Subtrees are
   * given up (smaller ones tried) when their tables do not fit the budget together.
   */
  maxSubtreeNodes?: number;
  /** Rows explained together (scratch size; larger amortises table reads over more rows). Default 256. */
  chunkRows?: number;
}

/** Distinct features on a path are bits of an int32 mask. */
const MAX_SLOTS = 31;

/** The largest double strictly below x: `v < x` ⟺ `v <= nextDown(x)` for every double v. */
export function nextDown(x: number): number {
  if (Number.isNaN(x) || x === -Infinity) return x;
  if (x === 0) return -Number.MIN_VALUE;
  const buffer = new Float64Array([x]);
  const bits = new BigInt64Array(buffer.buffer);
  bits[0] = x > 0 ? bits[0]! - 1n : bits[0]! + 1n;
  return buffer[0]!;
}

export class TreeShapUnsupportedError extends Error {
  override readonly name = 'TreeShapUnsupportedError';
}

/** What the constructor knows of a tree's nodes (local numbers: the root is 0). */
interface TreeLayout {
  /** Global index of the root. */
  readonly root: number;
  readonly size: number;
  /** Slot of the feature on each node's incoming edge. */
  readonly slotOf: Int32Array;
  /** Internal nodes in preorder (parents before children), local. */
  readonly preorder: number[];
  /** Per local node: the distinct features on the path from the root to it (slot order), and for leaves their cover ratios. */
  readonly pathFeatures: number[][];
  readonly pathRatios: number[][];
  /** Per local node: internal nodes in its subtree (itself included). */
  readonly internalBelow: Int32Array;
}

/**
 * A tabulated (or, for a leaf, possibly computed) part of a tree. A leaf: its table is indexed by its "not
 * followed" mask over its d path features. A subtree of k internal nodes (all its leaves in it): indexed by the
 * mask of its root's path (dn bits) followed by the k directions the row takes at its internal nodes (preorder,
 * the root's the most significant), and holding the sum over its leaves for every feature of the subtree.
 */
interface Unit {
  /** Local node whose mask (a leaf) or key (a subtree's root) indexes the table. */
  readonly node: number;
  /** The features a table entry adds to (a leaf: its path features by slot). */
  readonly features: number[];
  /** A leaf's cover ratios by slot (the per-row closed form needs them); a subtree: none. */
  readonly ratios: number[];
  readonly value: number;
  /** log2 of the table's entries: a leaf's d, a subtree's dn + k. */
  readonly bits: number;
  /** A subtree's internal nodes in preorder; null for a leaf. */
  readonly internals: number[] | null;
}

interface TreePlan {
  readonly upper: number[];
  readonly units: Unit[];
}

/**
 * Exact path-dependent TreeSHAP, fast. The same numbers as Algorithm 2 (see tree-shap.reference.ts), organised
 * differently:
 *
 * - A leaf's Shapley values depend on the row only through which of the distinct features on its path the row
 *   follows (see leaf-shapley.ts). Per leaf with d distinct path features, all 2^d cases can be precomputed at
 *   load time into a table (Fast TreeSHAP v2, Yang 2021).
 * - A small subtree at the bottom of a tree (up to `maxSubtreeNodes` internal nodes, default 4) is tabulated as
 *   one unit: the sum of its leaves' Shapley values, indexed by its root path's mask and the direction the row
 *   takes at each of its internal nodes. Per row it adds one entry per feature of the subtree where its leaves
 *   added one per path feature each (the default bundle: 2,915 additions per row instead of 8,186, in tables of
 *   the same size, 2.1 MB; half the time per row).
 * - Tables are built within a memory budget; leaves left over are computed per row in closed form
 *   (Gauss–Legendre, exact).
 * - Per row, one branch-free pass over the upper internal nodes of each tree propagates the "not followed" bit
 *   mask from the root down to the units; a second over the subtrees' internal nodes appends each one's direction
 *   to its subtree's key; each unit then adds its table entry.
 * - Rows are processed in chunks, node-major, so that every table is read once per chunk, not once per row.
 *
 * O(nodes + Σ_units entry size) per row, no allocation after construction.
 */
export class TreeShapExplainer implements Explainer {
  readonly kind = 'treeshap' as const;
  readonly numFeatures: number;
  readonly bias: number;
  /** Bytes held by the precomputed tables. */
  readonly tableBytes: number;
  /** Subtrees tabulated as one unit, and the largest allowed (after the budget). */
  readonly tabulatedSubtrees: number;
  readonly maxSubtreeNodes: number;
  /** Leaves outside those subtrees with a table of their own, and those computed per row. */
  readonly tabulatedLeaves: number;
  readonly computedLeaves: number;

  private readonly chunk: number;
  private readonly treeCount: number;
  // per tree: upper internal nodes [upStart[t], upStart[t+1]), subtree internal nodes [subStart[t], …), units
  private readonly upStart: Int32Array;
  private readonly subStart: Int32Array;
  private readonly unitStart: Int32Array;
  // upper internal nodes, parents before children; node numbers are local to the tree (root = 0)
  private readonly upNode: Int32Array;
  private readonly upFeature: Int32Array;
  private readonly upThreshold: Float64Array; // normalised to "left iff x <= threshold"
  private readonly upDefaultLeft: Int32Array;
  private readonly upLeft: Int32Array;
  private readonly upRight: Int32Array;
  private readonly upBitLeft: Int32Array; // 1 << slot of the feature on the edge to the left child
  private readonly upBitRight: Int32Array;
  // subtrees' internal nodes, each subtree's in preorder; subTarget: the subtree's root, where its key builds up
  private readonly subTarget: Int32Array;
  private readonly subFeature: Int32Array;
  private readonly subThreshold: Float64Array;
  private readonly subDefaultLeft: Int32Array;
  // units
  private readonly unitNode: Int32Array;
  private readonly unitSize: Int32Array; // features per entry
  private readonly unitOffset: Int32Array; // into unitFeature / unitRatio
  private readonly unitValue: Float64Array;
  private readonly unitTable: Int32Array; // offset into table, -1: a leaf computed per row
  private readonly unitFeature: Int32Array;
  private readonly unitRatio: Float64Array;
  private readonly table: Float64Array;
  // scratch
  private readonly masks: Int32Array;
  private readonly phi: Float64Array;
  private readonly leafOut: Float64Array;
  private readonly shapley = new LeafShapley();

  constructor(ensemble: TreeEnsemble, options: TreeShapOptions = {}) {
    const budgetEntries = Math.floor((options.tableBudgetBytes ?? 64 * 1024 * 1024) / 8);
    const maxBits = Math.min(options.maxTabulatedFeatures ?? 12, 20);
    this.chunk = Math.max(1, Math.floor(options.chunkRows ?? 256));
    this.numFeatures = ensemble.numFeatures;
    this.bias = ensemble.expectedMargin;
    this.treeCount = ensemble.treeCount;

    const layouts: TreeLayout[] = [];
    for (let t = 0; t < this.treeCount; t++) layouts.push(layoutTree(ensemble, t));
    const maxNodes = Math.max(1, ...layouts.map((l) => l.size));

    // the largest subtrees whose tables fit the budget together
    let maxSubtree = Math.max(0, Math.floor(options.maxSubtreeNodes ?? 4));
    let plans = layouts.map((l) => planTree(ensemble, l, maxSubtree, maxBits));
    const entriesOf = (u: Unit): number => 2 ** u.bits * u.features.length;
    const subtreeEntries = (ps: TreePlan[]): number =>
      ps.reduce((sum, p) => sum + p.units.reduce((s, u) => s + (u.internals ? entriesOf(u) : 0), 0), 0);
    while (maxSubtree > 0 && subtreeEntries(plans) > budgetEntries) {
      maxSubtree--;
      plans = layouts.map((l) => planTree(ensemble, l, maxSubtree, maxBits));
    }
    this.maxSubtreeNodes = maxSubtree;
    const units = plans.flatMap((p) => p.units);

    // leaf tables with what is left, smallest first (most leaves per byte); then every table laid out in unit
    // order, so that a pass over the units reads them front to back (prefetch-friendly)
    const chosen = units.map((u) => u.internals !== null);
    let entries = subtreeEntries(plans);
    const leafOrder = units
      .map((_, i) => i)
      .filter((i) => units[i]!.internals === null)
      .sort((a, b) => units[a]!.bits - units[b]!.bits);
    for (const i of leafOrder) {
      const u = units[i]!;
      if (u.bits > maxBits) continue;
      if (entries + entriesOf(u) > budgetEntries) break;
      chosen[i] = true;
      entries += entriesOf(u);
    }
    this.unitTable = new Int32Array(units.length).fill(-1);
    entries = 0;
    units.forEach((u, i) => {
      if (!chosen[i]) return;
      this.unitTable[i] = entries;
      entries += entriesOf(u);
    });
    this.table = new Float64Array(entries);
    this.tableBytes = entries * 8;
    this.tabulatedSubtrees = units.filter((u) => u.internals).length;
    this.tabulatedLeaves = units.filter((u, i) => !u.internals && chosen[i]).length;
    this.computedLeaves = units.length - this.tabulatedSubtrees - this.tabulatedLeaves;

    // flat arrays
    const count = (f: (p: TreePlan) => number): Int32Array => {
      const start = new Int32Array(this.treeCount + 1);
      plans.forEach((p, t) => (start[t + 1] = start[t]! + f(p)));
      return start;
    };
    this.upStart = count((p) => p.upper.length);
    this.subStart = count((p) => p.units.reduce((s, u) => s + (u.internals?.length ?? 0), 0));
    this.unitStart = count((p) => p.units.length);
    const { feature, threshold, left, right, defaultLeft, lessOrEqual } = ensemble;
    const normalised = (g: number): number => (lessOrEqual ? threshold[g]! : nextDown(threshold[g]!));
    const up: number[][] = [[], [], [], [], [], [], []];
    const upThreshold: number[] = [];
    const sub: number[][] = [[], [], []];
    const subThreshold: number[] = [];
    plans.forEach((plan, t) => {
      const { root, slotOf } = layouts[t]!;
      for (const n of plan.upper) {
        const g = root + n;
        const l = left[g]! - root;
        const r = right[g]! - root;
        [n, feature[g]!, l, r, defaultLeft[g]!, 1 << slotOf[l]!, 1 << slotOf[r]!].forEach((v, k) =>
          up[k]!.push(v),
        );
        upThreshold.push(normalised(g));
      }
      for (const u of plan.units)
        for (const n of u.internals ?? []) {
          const g = root + n;
          [u.node, feature[g]!, defaultLeft[g]!].forEach((v, k) => sub[k]!.push(v));
          subThreshold.push(normalised(g));
        }
    });
    [
      this.upNode,
      this.upFeature,
      this.upLeft,
      this.upRight,
      this.upDefaultLeft,
      this.upBitLeft,
      this.upBitRight,
    ] = up.map((a) => Int32Array.from(a)) as [
      Int32Array,
      Int32Array,
      Int32Array,
      Int32Array,
      Int32Array,
      Int32Array,
      Int32Array,
    ];
    this.upThreshold = Float64Array.from(upThreshold);
    [this.subTarget, this.subFeature, this.subDefaultLeft] = sub.map((a) => Int32Array.from(a)) as [
      Int32Array,
      Int32Array,
      Int32Array,
    ];
    this.subThreshold = Float64Array.from(subThreshold);
    this.unitNode = Int32Array.from(units, (u) => u.node);
    this.unitSize = Int32Array.from(units, (u) => u.features.length);
    this.unitOffset = new Int32Array(units.length);
    const unitFeature: number[] = [];
    const unitRatio: number[] = [];
    units.forEach((u, i) => {
      this.unitOffset[i] = unitFeature.length;
      unitFeature.push(...u.features);
      unitRatio.push(...(u.internals ? u.features.map(() => 0) : u.ratios));
    });
    this.unitFeature = Int32Array.from(unitFeature);
    this.unitRatio = Float64Array.from(unitRatio);
    this.unitValue = Float64Array.from(units, (u) => u.value);

    // fill the tables
    const out = new Float64Array(MAX_SLOTS);
    let unitIndex = 0;
    plans.forEach((plan, t) => {
      for (const u of plan.units) {
        const offset = this.unitTable[unitIndex]!;
        const first = this.unitOffset[unitIndex]!;
        unitIndex++;
        if (offset < 0) continue;
        const width = u.features.length;
        if (!u.internals) {
          for (let mask = 0; mask < 2 ** u.bits; mask++) {
            this.shapley.compute(u.value, width, mask, this.unitRatio, first, out);
            this.table.set(out.subarray(0, width), offset + mask * width);
          }
        } else this.fillSubtree(ensemble, layouts[t]!, u, offset, out);
      }
    });

    this.masks = new Int32Array(maxNodes * this.chunk);
    this.phi = new Float64Array(this.numFeatures * this.chunk);
    this.leafOut = new Float64Array(MAX_SLOTS);
  }

  /** A subtree's table: for every key, each of its leaves' Shapley values under the mask the key gives it. */
  private fillSubtree(
    ensemble: TreeEnsemble,
    layout: TreeLayout,
    u: Unit,
    offset: number,
    out: Float64Array,
  ): void {
    const { left, right, value } = ensemble;
    const { root, slotOf, pathFeatures, pathRatios } = layout;
    const internals = u.internals!;
    const k = internals.length;
    const order = new Map(internals.map((n, j) => [n, j]));
    const width = u.features.length;
    const column = new Map(u.features.map((f, j) => [f, j]));
    // per leaf: its ratios (for LeafShapley) and the column of each of its slots
    const leaves = new Map<number, { ratios: Float64Array; columns: number[] }>();
    for (const n of internals)
      for (const child of [left[root + n]! - root, right[root + n]! - root])
        if (left[root + child] === -1)
          leaves.set(child, {
            ratios: Float64Array.from(pathRatios[child]!),
            columns: pathFeatures[child]!.map((f) => column.get(f)!),
          });
    for (let key = 0; key < 2 ** u.bits; key++) {
      const entry = offset + key * width;
      const walk = (n: number, mask: number): void => {
        const leaf = leaves.get(n);
        if (leaf) {
          const d = leaf.columns.length;
          this.shapley.compute(value[root + n]!, d, mask, leaf.ratios, 0, out);
          for (let s = 0; s < d; s++) this.table[entry + leaf.columns[s]!] += out[s]!;
          return;
        }
        const goesLeft = (key >>> (k - 1 - order.get(n)!)) & 1;
        const l = left[root + n]! - root;
        const r = right[root + n]! - root;
        walk(l, goesLeft ? mask : mask | (1 << slotOf[l]!));
        walk(r, goesLeft ? mask | (1 << slotOf[r]!) : mask);
      };
      walk(u.node, key >>> k);
    }
  }

  explainBatch(rows: Float32Array, n: number, out: Float64Array): void {
    const nf = this.numFeatures;
    if (rows.length < n * nf)
      throw new RangeError(`rows holds ${rows.length} values, ${n} rows need ${n * nf}`);
    if (out.length < n * nf) throw new RangeError(`out holds ${out.length} values, ${n} rows need ${n * nf}`);
    if (n === 1) this.explainOne(rows, out);
    else
      for (let start = 0; start < n; start += this.chunk)
        this.explainChunk(rows, start, Math.min(this.chunk, n - start), out);
  }

  /** explainChunk for a single row, without the per-row inner loops (the latency path). */
  private explainOne(x: Float32Array, out: Float64Array): void {
    const nf = this.numFeatures;
    const { masks, table, unitFeature, unitRatio, leafOut, shapley } = this;
    const { upStart, upNode, upFeature, upThreshold, upDefaultLeft, upLeft, upRight, upBitLeft, upBitRight } =
      this;
    const { subStart, subTarget, subFeature, subThreshold, subDefaultLeft } = this;
    const { unitStart, unitNode, unitSize, unitOffset, unitTable, unitValue } = this;
    out.fill(0, 0, nf);
    for (let t = 0; t < this.treeCount; t++) {
      masks[0] = 0;
      for (let i = upStart[t]!, end = upStart[t + 1]!; i < end; i++) {
        const v = x[upFeature[i]!]!;
        const goesLeft = +(v <= upThreshold[i]!) | (upDefaultLeft[i]! & +(v !== v));
        const mask = masks[upNode[i]!]!;
        masks[upLeft[i]!] = mask | (upBitLeft[i]! & (goesLeft - 1));
        masks[upRight[i]!] = mask | (upBitRight[i]! & -goesLeft);
      }
      for (let i = subStart[t]!, end = subStart[t + 1]!; i < end; i++) {
        const v = x[subFeature[i]!]!;
        const goesLeft = +(v <= subThreshold[i]!) | (subDefaultLeft[i]! & +(v !== v));
        const target = subTarget[i]!;
        masks[target] = (masks[target]! << 1) | goesLeft;
      }
      for (let l = unitStart[t]!, end = unitStart[t + 1]!; l < end; l++) {
        const width = unitSize[l]!;
        const features = unitOffset[l]!;
        const offset = unitTable[l]!;
        const mask = masks[unitNode[l]!]!;
        if (offset >= 0) {
          const entry = offset + mask * width;
          for (let k = 0; k < width; k++) out[unitFeature[features + k]!] += table[entry + k]!;
        } else {
          shapley.compute(unitValue[l]!, width, mask, unitRatio, features, leafOut);
          for (let k = 0; k < width; k++) out[unitFeature[features + k]!] += leafOut[k]!;
        }
      }
    }
  }

  private explainChunk(rows: Float32Array, start: number, c: number, out: Float64Array): void {
    const nf = this.numFeatures;
    const { masks, phi, table, unitFeature, unitRatio, leafOut, shapley } = this;
    const { upStart, upNode, upFeature, upThreshold, upDefaultLeft, upLeft, upRight, upBitLeft, upBitRight } =
      this;
    const { subStart, subTarget, subFeature, subThreshold, subDefaultLeft } = this;
    const { unitStart, unitNode, unitSize, unitOffset, unitTable, unitValue } = this;
    phi.fill(0, 0, nf * c);
    const base = start * nf;
    for (let t = 0; t < this.treeCount; t++) {
      // root: every feature followed so far
      for (let r = 0; r < c; r++) masks[r] = 0;
      for (let i = upStart[t]!, end = upStart[t + 1]!; i < end; i++) {
        const f = base + upFeature[i]!;
        const threshold = upThreshold[i]!;
        const defaultLeft = upDefaultLeft[i]!;
        const bitLeft = upBitLeft[i]!;
        const bitRight = upBitRight[i]!;
        const nodeBase = upNode[i]! * c;
        const leftBase = upLeft[i]! * c;
        const rightBase = upRight[i]! * c;
        for (let r = 0; r < c; r++) {
          const v = rows[f + r * nf]!;
          // branch-free: goes left (1) iff v <= threshold, NaN (v !== v) follows defaultLeft
          const goesLeft = +(v <= threshold) | (defaultLeft & +(v !== v));
          const mask = masks[nodeBase + r]!;
          masks[leftBase + r] = mask | (bitLeft & (goesLeft - 1));
          masks[rightBase + r] = mask | (bitRight & -goesLeft);
        }
      }
      // each subtree's key: its root's mask, then one bit per internal node (1: goes left)
      for (let i = subStart[t]!, end = subStart[t + 1]!; i < end; i++) {
        const f = base + subFeature[i]!;
        const threshold = subThreshold[i]!;
        const defaultLeft = subDefaultLeft[i]!;
        const keyBase = subTarget[i]! * c;
        for (let r = 0; r < c; r++) {
          const v = rows[f + r * nf]!;
          masks[keyBase + r] = (masks[keyBase + r]! << 1) | +(v <= threshold) | (defaultLeft & +(v !== v));
        }
      }
      for (let l = unitStart[t]!, end = unitStart[t + 1]!; l < end; l++) {
        const width = unitSize[l]!;
        const maskBase = unitNode[l]! * c;
        const features = unitOffset[l]!;
        const offset = unitTable[l]!;
        if (offset >= 0) {
          for (let k = 0; k < width; k++) {
            const phiBase = unitFeature[features + k]! * c;
            const entry = offset + k;
            for (let r = 0; r < c; r++) phi[phiBase + r] += table[entry + masks[maskBase + r]! * width]!;
          }
        } else {
          for (let r = 0; r < c; r++) {
            shapley.compute(unitValue[l]!, width, masks[maskBase + r]!, unitRatio, features, leafOut);
            for (let k = 0; k < width; k++) phi[unitFeature[features + k]! * c + r] += leafOut[k]!;
          }
        }
      }
    }
    for (let r = 0; r < c; r++) for (let j = 0; j < nf; j++) out[base + r * nf + j] = phi[j * c + r]!;
  }
}

/** Slots, paths and subtree sizes of tree t; refuses a path over MAX_SLOTS distinct features. */
function layoutTree(ensemble: TreeEnsemble, t: number): TreeLayout {
  const { feature, left, right, cover, treeStart } = ensemble;
  const root = treeStart[t]!;
  const size = treeStart[t + 1]! - root;
  const slotOf = new Int32Array(size);
  const internalBelow = new Int32Array(size);
  const preorder: number[] = [];
  const pathFeatures: number[][] = new Array<number[]>(size);
  const pathRatios: number[][] = new Array<number[]>(size);
  const features: number[] = [];
  const ratios: number[] = [];
  const visit = (g: number): number => {
    const n = g - root;
    pathFeatures[n] = [...features];
    pathRatios[n] = [...ratios];
    if (left[g] === -1) return 0;
    preorder.push(n);
    const f = feature[g]!;
    let below = 1;
    for (const child of [left[g]!, right[g]!]) {
      const ratio = cover[child]! / cover[g]!;
      let slot = features.indexOf(f);
      const isNew = slot < 0;
      let saved = 0;
      if (isNew) {
        slot = features.length;
        features.push(f);
        ratios.push(ratio);
      } else {
        saved = ratios[slot]!;
        ratios[slot] = saved * ratio;
      }
      if (slot >= MAX_SLOTS)
        throw new TreeShapUnsupportedError(
          `a path of tree ${t} splits on more than ${MAX_SLOTS} distinct features`,
        );
      slotOf[child - root] = slot;
      below += visit(child);
      if (isNew) {
        features.pop();
        ratios.pop();
      } else ratios[slot] = saved;
    }
    internalBelow[n] = below;
    return below;
  };
  visit(root);
  return { root, size, slotOf, preorder, pathFeatures, pathRatios, internalBelow };
}

/**
 * Which internal nodes of a tree propagate masks (upper) and which parts are units: a subtree with at most
 * maxSubtree internal nodes and a key of at most maxBits bits is one unit, taken as high in the tree as possible;
 * every other leaf is a unit of its own. A single-leaf tree has none (it only moves the bias).
 */
function planTree(ensemble: TreeEnsemble, layout: TreeLayout, maxSubtree: number, maxBits: number): TreePlan {
  const { left, right, value } = ensemble;
  const { root, internalBelow, pathFeatures, pathRatios, preorder } = layout;
  const upper: number[] = [];
  const units: Unit[] = [];
  const visit = (n: number): void => {
    const g = root + n;
    if (left[g] === -1) {
      const d = pathFeatures[n]!.length;
      if (d > 0)
        units.push({
          node: n,
          features: pathFeatures[n]!,
          ratios: pathRatios[n]!,
          value: value[g]!,
          bits: d,
          internals: null,
        });
      return;
    }
    const k = internalBelow[n]!;
    const dn = pathFeatures[n]!.length;
    if (k <= maxSubtree && dn + k <= maxBits) {
      // preorder numbers of a subtree are consecutive: its internal nodes are a run of the tree's preorder
      const from = preorder.indexOf(n);
      const internals = preorder.slice(from, from + k);
      const features = [...pathFeatures[n]!];
      for (const m of internals) {
        const f = ensemble.feature[root + m]!;
        if (!features.includes(f)) features.push(f);
      }
      units.push({ node: n, features, ratios: [], value: 0, bits: dn + k, internals });
      return;
    }
    upper.push(n);
    visit(left[g]! - root);
    visit(right[g]! - root);
  };
  visit(0);
  return { upper, units };
}
