/**
 * A function generated from source text whose free names are the given constants (bound once, as closure
 * variables: V8 treats them as constants, so each call site in the body stays monomorphic). Only for source built
 * from the contract classes' metadata, never from input.
 */
export function generatedFunction<F>(
  constants: Readonly<Record<string, unknown>>,
  name: string,
  params: readonly string[],
  body: string,
): F {
  const names = Object.keys(constants);
  const factory = new Function(...names, `return function ${name}(${params.join(', ')}) {\n${body}\n};`) as (
    ...values: unknown[]
  ) => F;
  return factory(...names.map((n) => constants[n]));
}
