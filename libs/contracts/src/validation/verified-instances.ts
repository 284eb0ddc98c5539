/**
 * Contract instances that passed validation as a whole (decodeEvent, validateEvent, validateOutgoingEvent).
 *
 * Handlers build outgoing events around decoded ones (ingestion's validated application carries the submitted
 * application as it was decoded): checking such a nested instance again before publishing found nothing new and
 * was ~9 % of ingestion's CPU. An instance here is skipped when it is met, as an instance of the expected class,
 * inside an event checked before publishing. A checked instance is a read-only value: code that changed one would
 * publish the change unchecked (consumers still validate everything they read).
 */
const verified = new WeakSet<object>();

export function markVerified(instance: object): void {
  verified.add(instance);
}

export function isVerified(value: object): boolean {
  return verified.has(value);
}
