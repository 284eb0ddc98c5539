import { hash } from 'node:crypto';

const VARIANT = ['8', '9', 'a', 'b'];

/**
 * A UUID (version 8, RFC 9562) derived from a name: the first 128 bits of its SHA-256 with the version and variant
 * bits set. Events derived from another event get ids derived from the source event id, so re-processing after a
 * crash produces the same ids and consumers de-duplicate them.
 */
export function deterministicUuid(name: string): string {
  // One-shot hash to hex text: a quarter of the cost of a Hash object and a digest Buffer (every derived event
  // gets one). The version nibble becomes 8; the variant's two top bits become 10.
  const hex = hash('sha256', name, 'hex');
  return (
    `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-` +
    `${VARIANT[Number.parseInt(hex[16]!, 16) & 3]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
  );
}
