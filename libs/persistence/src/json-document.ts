/**
 * A JSON array of the values, as UTF-8 bytes, for a `$n::json` parameter (node-postgres sends a Buffer as is; the
 * binary form of `json` is its text). The same text as `JSON.stringify(values)`, but never one large string: each
 * element is stringified on its own and written into the buffer.
 *
 * Why: a batch's document is hundreds of KB. V8 puts a string that large in its large-object space, one fresh
 * mapping per string, and every page of it is a page fault on first write (~3 µs each on a VM, where the host
 * backs the page too): about one fault per application per statement in a pipeline service. The per-element
 * strings stay small and die young; the buffer comes from malloc, which reuses freed memory.
 */
export function jsonArrayDocument(values: readonly unknown[]): Buffer {
  const texts = new Array<string>(values.length);
  // Brackets and the commas between elements.
  let bytes = 2 + Math.max(0, values.length - 1);
  for (let i = 0; i < values.length; i++) {
    // JSON.stringify(undefined) is undefined; in an array JSON writes null.
    const text = JSON.stringify(values[i]) ?? 'null';
    texts[i] = text;
    bytes += Buffer.byteLength(text, 'utf8');
  }
  const document = Buffer.allocUnsafe(bytes);
  let at = 0;
  document[at++] = 0x5b; // [
  for (let i = 0; i < texts.length; i++) {
    if (i > 0) document[at++] = 0x2c; // ,
    at += document.write(texts[i]!, at, 'utf8');
  }
  document[at++] = 0x5d; // ]
  if (at !== bytes) throw new Error(`jsonArrayDocument wrote ${at} of ${bytes} bytes`);
  return document;
}
