/** Marks what swapModuleExports installed, so that a second call finds it. */
const SWAPPED = Symbol.for('riskstream.kafkajs.module-swapped');

/**
 * Swaps a kafkajs internal module (`id`) for a faster one with the same contract, once per process: from now on
 * `require(id)` returns `make(published)`. The module that uses it (`usedBy`) keeps what it found when it loaded,
 * so the swap is only made while `usedBy` has not loaded yet. Returns whether `usedBy` gets (or already has) the
 * replacement.
 *
 * OpenTelemetry's require hook (require-in-the-middle) keeps the exports a module had on first require under a
 * symbol of that module and returns those on every later require: they are replaced too, or a traced service
 * would keep the original.
 */
export function swapModuleExports<T extends object>(
  require: NodeJS.Require,
  id: string,
  usedBy: string,
  make: (published: T) => object,
): boolean {
  const path = require.resolve(id);
  const current = require(path) as T & { [SWAPPED]?: true };
  if (current[SWAPPED]) return true;
  if (require.cache[require.resolve(usedBy)] !== undefined) return false;
  const replacement = Object.assign(make(current), { [SWAPPED]: true as const });
  const module = require.cache[path]!;
  module.exports = replacement;
  const cached = module as unknown as Record<symbol, unknown>;
  for (const key of Object.getOwnPropertySymbols(module))
    if (cached[key] === current) cached[key] = replacement;
  return true;
}
