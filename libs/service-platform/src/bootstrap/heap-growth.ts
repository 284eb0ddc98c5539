import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past what survived the last mark-compact before it marks again:
 * 100 % (a factor of 2), instead of V8's own estimate.
 *
 * A pipeline service keeps ~70 MB alive (code, modules, pools) and promotes a little of every batch in flight at
 * each scavenge. V8's estimate for that pattern was a factor of ~1.25: at 500 applications/s the scoring service
 * ran a mark-compact every 0.7 s (38-40 in 50 s), each with 15-50 ms of incremental marking and a 10-25 ms pause
 * on the main thread, plus concurrent marking on the other core. With a factor of 2 the three pipeline services
 * ran 2-5 mark-compacts in the same window, and p99 at the offered rate fell (docs/benchmarks.md). The price is
 * garbage kept longer: at most about twice the live old generation.
 */
export const HEAP_GROWING_PERCENT = 100;

const FLAG = /^--heap[-_]growing[-_]percent(=|$)/;

/**
 * Sets V8's old-generation growing factor for this process (see HEAP_GROWING_PERCENT) unless the command line
 * already sets one, which then wins. Call it once, first thing at boot. Returns the value set, or undefined.
 */
export function tuneHeapGrowth(
  execArgv: readonly string[] = process.execArgv,
  setFlags: (flags: string) => void = setFlagsFromString,
): number | undefined {
  if (execArgv.some((arg) => FLAG.test(arg))) return undefined;
  setFlags(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return HEAP_GROWING_PERCENT;
}
