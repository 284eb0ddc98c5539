/**
 * JSON with object keys sorted: equal values give equal strings whatever the field order. Ingestion stores the
 * SHA-256 of it for every application (is a re-submission the same application?), so the text must never change:
 * it is exactly JSON.stringify of the value with every object's entries sorted by key and rebuilt into an
 * object, as this function was first written (the spec compares the two), which puts integer-like
 * keys first in numeric order. Written out by hand: the rebuilt entry arrays and objects were a tenth of what
 * the ingestion service allocated.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '') ?? (undefined as unknown as string);
}

/** The JSON text of a value, or undefined where JSON.stringify leaves it out (undefined, functions, symbols). */
function write(value: unknown, key: string): string | undefined {
  let v = value;
  if (v !== null && (typeof v === 'object' || typeof v === 'bigint')) {
    const toJSON = (v as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') v = (toJSON as (key: string) => unknown).call(v, key);
  }
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
    case 'number':
    case 'boolean':
      return JSON.stringify(v);
    case 'object':
      break;
    case 'bigint':
      // JSON.stringify throws on BigInt: so does this.
      return JSON.stringify(v);
    default:
      return undefined;
  }
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out += ',';
      out += write(v[i], String(i)) ?? 'null';
    }
    return `${out}]`;
  }
  const record = v as Record<string, unknown>;
  const keys = orderedKeys(Object.keys(record));
  let out = '{';
  let first = true;
  for (const k of keys) {
    const text = write(record[k], k);
    if (text === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(k)}:${text}`;
    first = false;
  }
  return `${out}}`;
}

/**
 * Keys sorted by UTF-16 code units, then as an object rebuilt from them lists them: array-index keys ("0", "7",
 * "42": canonical integers below 2^32 - 1) first in numeric order, the others after them in sorted order.
 */
function orderedKeys(keys: string[]): string[] {
  // Insertion sort in place: objects here have a handful of keys, and Array.prototype.sort copies the array
  // into a work area first. Same order as sort() (UTF-16 code units).
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i]!;
    let j = i - 1;
    for (; j >= 0 && keys[j]! > k; j--) keys[j + 1] = keys[j]!;
    keys[j + 1] = k;
  }
  let indices: string[] | undefined;
  for (const k of keys) if (isArrayIndex(k)) (indices ??= []).push(k);
  if (!indices) return keys;
  indices.sort((a, b) => Number(a) - Number(b));
  return [...indices, ...keys.filter((k) => !isArrayIndex(k))];
}

function isArrayIndex(key: string): boolean {
  const c = key.charCodeAt(0);
  if (c < 48 || c > 57) return false;
  const n = Number(key);
  return Number.isInteger(n) && n < 4294967295 && String(n) === key;
}
