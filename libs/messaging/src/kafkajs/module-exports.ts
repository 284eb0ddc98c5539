/**
 * Replaces what `require(path)` returns from now on. Used to swap a kafkajs internal module for a faster one with
 * the same contract, before the modules that use it are loaded.
 *
 * OpenTelemetry's require hook (require-in-the-middle) keeps the exports a module had on first require under a
 * symbol of that module and returns those on every later require: they are replaced too, or a traced service
 * would keep the original.
 */
export function replaceModuleExports(require: NodeJS.Require, path: string, exports: unknown): void {
  const original: unknown = require(path);
  const module = require.cache[path]!;
  module.exports = exports;
  const cached = module as unknown as Record<symbol, unknown>;
  for (const key of Object.getOwnPropertySymbols(module)) if (cached[key] === original) cached[key] = exports;
}
