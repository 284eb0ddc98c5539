import type { Explainer } from './explainer.js';
import { LeafShapley } from './leaf-shapley.js';
import type { TreeEnsemble } from './tree-ensemble.js';

export interface TreeShapOptions {
  /** Memory for the precomputed leaf tables, bytes. Leaves beyond it are computed per row. Default 64 MiB. */
  tableBudgetBytes?: number;
  /** Leaves with more distinct features on their path than this are computed per row. Default 12. */
  maxTabulatedFeatures?: number;
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

/**
 * Exact path-dependent TreeSHAP, fast. The same numbers as Algorithm 2 (see tree-shap.reference.ts), organised
 * differently:
 *
 * - A leaf's Shapley values depend on the row only through which of the distinct features on its path the row
 *   follows (see leaf-shapley.ts). Per leaf with d distinct path features, all 2^d cases are precomputed at load
 *   time into a table (Fast TreeSHAP v2, Yang 2021) within a memory budget; the remaining leaves are computed per
 *   row in closed form (Gauss–Legendre, exact).
 * - Per row, one branch-free pass over the internal nodes of each tree (children come after their parents)
 *   propagates the "not followed" bit mask from the root to every leaf; each leaf then adds d table entries.
 * - Rows are processed in chunks, node-major, so that every leaf table is read once per chunk, not once per row.
 *
 * O(nodes + Σ_leaves d) per row, no allocation after construction.
 */
export class TreeShapExplainer implements Explainer {
  readonly kind = 'treeshap' as const;
  readonly numFeatures: number;
  readonly bias: number;
  /** Bytes held by the precomputed tables. */
  readonly tableBytes: number;
  readonly tabulatedLeaves: number;
  readonly computedLeaves: number;

  private readonly chunk: number;
  private readonly treeCount: number;
  // per tree: internal nodes [inStart[t], inStart[t+1]) and leaves [leafStart[t], leafStart[t+1])
  private readonly inStart: Int32Array;
  private readonly leafStart: Int32Array;
  // internal nodes, in parent-before-child order; node numbers are local to the tree (root = 0)
  private readonly inNode: Int32Array;
  private readonly inFeature: Int32Array;
  private readonly inThreshold: Float64Array; // normalised to "left iff x <= threshold"
  private readonly inDefaultLeft: Int32Array;
  private readonly inLeft: Int32Array;
  private readonly inRight: Int32Array;
  private readonly inBitLeft: Int32Array; // 1 << slot of the feature on the edge to the left child
  private readonly inBitRight: Int32Array;
  // leaves
  private readonly leafNode: Int32Array;
  private readonly leafSlots: Int32Array; // d
  private readonly leafSlotOffset: Int32Array; // into slotFeature / slotRatio
  private readonly leafValue: Float64Array;
  private readonly leafTable: Int32Array; // offset into table, -1: computed per row
  private readonly slotFeature: Int32Array;
  private readonly slotRatio: Float64Array;
  private readonly table: Float64Array;
  // scratch
  private readonly masks: Int32Array;
  private readonly phi: Float64Array;
  private readonly leafOut: Float64Array;
  private readonly shapley = new LeafShapley();

  constructor(ensemble: TreeEnsemble, options: TreeShapOptions = {}) {
    const budget = options.tableBudgetBytes ?? 64 * 1024 * 1024;
    const maxTabulated = Math.min(options.maxTabulatedFeatures ?? 12, 20);
    this.chunk = Math.max(1, Math.floor(options.chunkRows ?? 256));
    this.numFeatures = ensemble.numFeatures;
    this.bias = ensemble.expectedMargin;
    this.treeCount = ensemble.treeCount;

    const { feature, threshold, left, right, defaultLeft, cover, value, treeStart, lessOrEqual } = ensemble;
    const internal: number[][] = [[], [], [], [], [], [], []]; // node, feature, left, right, defaultLeft, bitL, bitR
    const internalThreshold: number[] = [];
    const leaves: { node: number; d: number; slotOffset: number; value: number }[] = [];
    const slotFeature: number[] = [];
    const slotRatio: number[] = [];
    this.inStart = new Int32Array(this.treeCount + 1);
    this.leafStart = new Int32Array(this.treeCount + 1);
    let maxNodes = 1;

    for (let t = 0; t < this.treeCount; t++) {
      const root = treeStart[t]!;
      const size = treeStart[t + 1]! - root;
      maxNodes = Math.max(maxNodes, size);
      this.inStart[t] = internal[0]!.length;
      this.leafStart[t] = leaves.length;
      // slot of each node's incoming edge, and each leaf's distinct path features with their cover ratios
      const slotOf = new Int32Array(size);
      const pathFeatures: number[] = [];
      const pathRatios: number[] = [];
      const leafInfo = new Map<number, { features: number[]; ratios: number[] }>();
      const visit = (g: number): void => {
        if (left[g] === -1) {
          leafInfo.set(g, { features: [...pathFeatures], ratios: [...pathRatios] });
          return;
        }
        const f = feature[g]!;
        for (const child of [left[g]!, right[g]!]) {
          const ratio = cover[child]! / cover[g]!;
          let slot = pathFeatures.indexOf(f);
          const isNew = slot < 0;
          let savedRatio = 0;
          if (isNew) {
            slot = pathFeatures.length;
            pathFeatures.push(f);
            pathRatios.push(ratio);
          } else {
            savedRatio = pathRatios[slot]!;
            pathRatios[slot] = savedRatio * ratio;
          }
          if (slot >= MAX_SLOTS)
            throw new TreeShapUnsupportedError(
              `a path of tree ${t} splits on more than ${MAX_SLOTS} distinct features`,
            );
          slotOf[child - root] = slot;
          visit(child);
          if (isNew) {
            pathFeatures.pop();
            pathRatios.pop();
          } else pathRatios[slot] = savedRatio;
        }
      };
      visit(root);
      for (let g = root; g < root + size; g++) {
        if (left[g] === -1) {
          const info = leafInfo.get(g)!;
          leaves.push({
            node: g - root,
            d: info.features.length,
            slotOffset: slotFeature.length,
            value: value[g]!,
          });
          slotFeature.push(...info.features);
          slotRatio.push(...info.ratios);
        } else {
          internal[0]!.push(g - root);
          internal[1]!.push(feature[g]!);
          internal[2]!.push(left[g]! - root);
          internal[3]!.push(right[g]! - root);
          internal[4]!.push(defaultLeft[g]!);
          internal[5]!.push(1 << slotOf[left[g]! - root]!);
          internal[6]!.push(1 << slotOf[right[g]! - root]!);
          internalThreshold.push(lessOrEqual ? threshold[g]! : nextDown(threshold[g]!));
        }
      }
    }
    this.inStart[this.treeCount] = internal[0]!.length;
    this.leafStart[this.treeCount] = leaves.length;
    [
      this.inNode,
      this.inFeature,
      this.inLeft,
      this.inRight,
      this.inDefaultLeft,
      this.inBitLeft,
      this.inBitRight,
    ] = internal.map((a) => Int32Array.from(a)) as [
      Int32Array,
      Int32Array,
      Int32Array,
      Int32Array,
      Int32Array,
      Int32Array,
      Int32Array,
    ];
    this.inThreshold = Float64Array.from(internalThreshold);
    this.leafNode = Int32Array.from(leaves, (l) => l.node);
    this.leafSlots = Int32Array.from(leaves, (l) => l.d);
    this.leafSlotOffset = Int32Array.from(leaves, (l) => l.slotOffset);
    this.leafValue = Float64Array.from(leaves, (l) => l.value);
    this.slotFeature = Int32Array.from(slotFeature);
    this.slotRatio = Float64Array.from(slotRatio);

    // tables: chosen smallest first (most leaves per byte) until the budget is spent, then laid out in leaf
    // order, so that a pass over the leaves reads the tables front to back (prefetch-friendly)
    this.leafTable = new Int32Array(leaves.length).fill(-1);
    const order = leaves.map((_, i) => i).sort((a, b) => leaves[a]!.d - leaves[b]!.d);
    const tableSize = (d: number): number => (1 << d) * d;
    let entries = 0;
    const budgetEntries = Math.floor(budget / 8);
    const chosen = new Uint8Array(leaves.length);
    for (const i of order) {
      const d = leaves[i]!.d;
      if (d === 0 || d > maxTabulated) continue;
      if (entries + tableSize(d) > budgetEntries) break;
      chosen[i] = 1;
      entries += tableSize(d);
    }
    entries = 0;
    for (let i = 0; i < leaves.length; i++) {
      if (!chosen[i]) continue;
      this.leafTable[i] = entries;
      entries += tableSize(leaves[i]!.d);
    }
    this.table = new Float64Array(entries);
    const out = new Float64Array(maxTabulated);
    let tabulated = 0;
    for (let i = 0; i < leaves.length; i++) {
      const offset = this.leafTable[i]!;
      if (offset < 0) continue;
      tabulated++;
      const d = this.leafSlots[i]!;
      for (let mask = 0; mask < 1 << d; mask++) {
        this.shapley.compute(this.leafValue[i]!, d, mask, this.slotRatio, this.leafSlotOffset[i]!, out);
        this.table.set(out.subarray(0, d), offset + mask * d);
      }
    }
    this.tableBytes = entries * 8;
    this.tabulatedLeaves = tabulated;
    this.computedLeaves = leaves.filter((l) => l.d > 0).length - tabulated;

    this.masks = new Int32Array(maxNodes * this.chunk);
    this.phi = new Float64Array(this.numFeatures * this.chunk);
    this.leafOut = new Float64Array(MAX_SLOTS);
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
    const { masks, table, slotFeature, slotRatio, leafOut, shapley } = this;
    const { inStart, inNode, inFeature, inThreshold, inDefaultLeft, inLeft, inRight, inBitLeft, inBitRight } =
      this;
    const { leafStart, leafNode, leafSlots, leafSlotOffset, leafTable, leafValue } = this;
    out.fill(0, 0, nf);
    for (let t = 0; t < this.treeCount; t++) {
      masks[0] = 0;
      for (let i = inStart[t]!, end = inStart[t + 1]!; i < end; i++) {
        const v = x[inFeature[i]!]!;
        const goesLeft = +(v <= inThreshold[i]!) | (inDefaultLeft[i]! & +(v !== v));
        const mask = masks[inNode[i]!]!;
        masks[inLeft[i]!] = mask | (inBitLeft[i]! & (goesLeft - 1));
        masks[inRight[i]!] = mask | (inBitRight[i]! & -goesLeft);
      }
      for (let l = leafStart[t]!, end = leafStart[t + 1]!; l < end; l++) {
        const d = leafSlots[l]!;
        if (d === 0) continue;
        const slots = leafSlotOffset[l]!;
        const offset = leafTable[l]!;
        const mask = masks[leafNode[l]!]!;
        if (offset >= 0) {
          const entry = offset + mask * d;
          for (let k = 0; k < d; k++) out[slotFeature[slots + k]!] += table[entry + k]!;
        } else {
          shapley.compute(leafValue[l]!, d, mask, slotRatio, slots, leafOut);
          for (let k = 0; k < d; k++) out[slotFeature[slots + k]!] += leafOut[k]!;
        }
      }
    }
  }

  private explainChunk(rows: Float32Array, start: number, c: number, out: Float64Array): void {
    const nf = this.numFeatures;
    const { masks, phi, table, slotFeature, slotRatio, leafOut, shapley } = this;
    const { inStart, inNode, inFeature, inThreshold, inDefaultLeft, inLeft, inRight, inBitLeft, inBitRight } =
      this;
    const { leafStart, leafNode, leafSlots, leafSlotOffset, leafTable, leafValue } = this;
    phi.fill(0, 0, nf * c);
    const base = start * nf;
    for (let t = 0; t < this.treeCount; t++) {
      // root: every feature followed so far
      for (let r = 0; r < c; r++) masks[r] = 0;
      for (let i = inStart[t]!, end = inStart[t + 1]!; i < end; i++) {
        const f = base + inFeature[i]!;
        const threshold = inThreshold[i]!;
        const defaultLeft = inDefaultLeft[i]!;
        const bitLeft = inBitLeft[i]!;
        const bitRight = inBitRight[i]!;
        const nodeBase = inNode[i]! * c;
        const leftBase = inLeft[i]! * c;
        const rightBase = inRight[i]! * c;
        for (let r = 0; r < c; r++) {
          const v = rows[f + r * nf]!;
          // branch-free: goes left (1) iff v <= threshold, NaN (v !== v) follows defaultLeft
          const goesLeft = +(v <= threshold) | (defaultLeft & +(v !== v));
          const mask = masks[nodeBase + r]!;
          masks[leftBase + r] = mask | (bitLeft & (goesLeft - 1));
          masks[rightBase + r] = mask | (bitRight & -goesLeft);
        }
      }
      for (let l = leafStart[t]!, end = leafStart[t + 1]!; l < end; l++) {
        const d = leafSlots[l]!;
        if (d === 0) continue; // a single-leaf tree only moves the bias
        const maskBase = leafNode[l]! * c;
        const slots = leafSlotOffset[l]!;
        const offset = leafTable[l]!;
        if (offset >= 0) {
          for (let k = 0; k < d; k++) {
            const phiBase = slotFeature[slots + k]! * c;
            const entry = offset + k;
            for (let r = 0; r < c; r++) phi[phiBase + r] += table[entry + masks[maskBase + r]! * d]!;
          }
        } else {
          for (let r = 0; r < c; r++) {
            shapley.compute(leafValue[l]!, d, masks[maskBase + r]!, slotRatio, slots, leafOut);
            for (let k = 0; k < d; k++) phi[slotFeature[slots + k]! * c + r] += leafOut[k]!;
          }
        }
      }
    }
    for (let r = 0; r < c; r++) for (let j = 0; j < nf; j++) out[base + r * nf + j] = phi[j * c + r]!;
  }
}
