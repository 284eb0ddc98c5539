/**
 * Contract instances that passed validation as a whole (decodeEvent, validateEvent).
 *
 * Handlers build outgoing events around decoded ones (ingestion's validated application carries the submitted
 * application as it was decoded): checking such a nested instance again before publishing found nothing new and
 * was ~9 % of ingestion's CPU. An instance marked here is skipped when it is met, as an instance of the expected
 * class, inside an event checked before publishing. A checked instance is a read-only value: code that changed one
 * would publish the change unchecked (consumers still validate everything they read).
 *
 * The mark is a non-enumerable symbol property, invisible to JSON, for…in, Object.keys and structuredClone. (A
 * WeakSet cost more than it saved: an ephemeron per decoded event for the garbage collector to trace.)
 */
const VERIFIED = Symbol('riskstream.contracts.verified');

export function markVerified(instance: object): void {
  if (!isVerified(instance)) Object.defineProperty(instance, VERIFIED, { value: true });
}

export function isVerified(value: object): boolean {
  return (value as { [VERIFIED]?: true })[VERIFIED] === true;
}
