/**
 * Shapley values of one leaf of a tree under path-dependent TreeSHAP, in closed form.
 *
 * For a leaf v with value w whose root path splits on the distinct features F (|F| = d), feature k has
 *   R_k = Π cover(child)/cover(parent) over the path's edges on k   (the "zero fraction" of Algorithm 2)
 *   P_k = 1 if the row follows every edge on k, else 0              (the "one fraction")
 * and the leaf's value function is f(S) = w · Π_{k∈S} P_k · Π_{k∈F\S} R_k. Its Shapley values are
 *   φ_k = w · (P_k − R_k) · Σ_{S⊆F\k} |S|!(d−|S|−1)!/d! · Π_{j∈S} P_j · Π_{j∈F\S\k} R_j
 *       = w · (P_k − R_k) · ∫₀¹ Π_{j∈F\k} (t·P_j + (1−t)·R_j) dt          (Beta integral of the Shapley weights)
 * (Yu et al. 2022, "Linear TreeShap"). The integrand is a polynomial of degree d − 1, so Gauss–Legendre
 * quadrature with ⌈d/2⌉ nodes is exact. Summing φ over all leaves of all trees gives exactly what Algorithm 2
 * computes (tests prove it against the reference implementation).
 */

const MAX_NODES = 32;

/** Gauss–Legendre nodes and weights on [0, 1], by Newton iteration on the Legendre polynomial. */
function gaussLegendre(n: number): { nodes: Float64Array; weights: Float64Array } {
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 1; i <= n; i++) {
    let z = Math.cos((Math.PI * (i - 0.25)) / (n + 0.5));
    let derivative = 0;
    for (let iteration = 0; iteration < 100; iteration++) {
      let p1 = 1;
      let p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = ((2 * j - 1) * z * p2 - (j - 1) * p3) / j;
      }
      derivative = (n * (z * p1 - p2)) / (z * z - 1);
      const previous = z;
      z = previous - p1 / derivative;
      if (Math.abs(z - previous) <= 1e-16) break;
    }
    nodes[i - 1] = (1 - z) / 2;
    weights[i - 1] = 1 / ((1 - z * z) * derivative * derivative);
  }
  return { nodes, weights };
}

const RULES = Array.from({ length: MAX_NODES }, (_, i) => gaussLegendre(i + 1));

/** The largest number of distinct features on a path this module handles (⌈d/2⌉ ≤ 32 quadrature nodes). */
export const MAX_PATH_FEATURES = 2 * MAX_NODES;

export class LeafShapley {
  private readonly terms = new Float64Array(MAX_PATH_FEATURES);
  private readonly prefix = new Float64Array(MAX_PATH_FEATURES + 1);

  /**
   * φ_k for k < d into out[0..d). `zeroMask` bit k set = the row does not follow the path on slot k (P_k = 0).
   * R_k = ratios[ratioOffset + k]. No division (prefix / suffix products), so zero covers are harmless.
   */
  compute(
    value: number,
    d: number,
    zeroMask: number,
    ratios: Float64Array,
    ratioOffset: number,
    out: Float64Array,
  ): void {
    const { terms, prefix } = this;
    for (let k = 0; k < d; k++) out[k] = 0;
    if (d === 0) return;
    const rule = RULES[((d + 1) >> 1) - 1]!;
    for (let q = 0; q < rule.nodes.length; q++) {
      const t = rule.nodes[q]!;
      const w = rule.weights[q]!;
      prefix[0] = 1;
      for (let k = 0; k < d; k++) {
        const p = (zeroMask >>> k) & 1 ? 0 : 1;
        terms[k] = t * p + (1 - t) * ratios[ratioOffset + k]!;
        prefix[k + 1] = prefix[k]! * terms[k]!;
      }
      let suffix = w;
      for (let k = d - 1; k >= 0; k--) {
        out[k] = out[k]! + prefix[k]! * suffix;
        suffix *= terms[k]!;
      }
    }
    for (let k = 0; k < d; k++) {
      const p = (zeroMask >>> k) & 1 ? 0 : 1;
      out[k] = out[k]! * value * (p - ratios[ratioOffset + k]!);
    }
  }
}
