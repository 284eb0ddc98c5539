import { createRequire } from 'node:module';

/**
 * kafkajs 2.2.4 (the last release) keeps a 1 ms timer loop running on every broker connection once it has had a
 * response: each response calls checkPendingRequests, which always schedules the next check at
 * `throttledUntil - now`, a negative delay (Node clamps it to 1 ms, with a TimeoutNegativeWarning) when nothing is
 * throttled. So each connection wakes its event loop ~1,000 times a second doing nothing: ~4 % of a core per idle
 * service here, and more timer work in busy ones.
 *
 * The fix keeps kafkajs's behaviour where there is something to wait for (a request held back by client-side
 * throttling or by the in-flight limit) and schedules nothing otherwise: a request that can go is sent at once
 * by push(), and a held one is re-checked when an in-flight request completes.
 */
interface RequestQueueInternals {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

/** kafkajs's own polling interval while requests wait behind the in-flight limit. */
const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;
const FIXED = Symbol.for('riskstream.kafkajs.request-queue-fix');

export function requestQueueClass(): { prototype: RequestQueueInternals } & (new (
  ...args: never[]
) => RequestQueueInternals) {
  const require = createRequire(import.meta.url);
  return require('kafkajs/src/network/requestQueue/index.js') as ReturnType<typeof requestQueueClass>;
}

/** Installs the fix once per process (idempotent). */
export function fixKafkaJsRequestQueue(): void {
  const proto = requestQueueClass().prototype as RequestQueueInternals & { [FIXED]?: true };
  if (proto[FIXED]) return;
  proto.scheduleCheckPendingRequests = function scheduleCheckPendingRequests(this: RequestQueueInternals) {
    if (this.throttleCheckTimeoutId) return;
    const throttledFor = this.throttledUntil - Date.now();
    if (this.pending.length === 0 && throttledFor <= 0) return;
    this.throttleCheckTimeoutId = setTimeout(
      () => {
        this.throttleCheckTimeoutId = null;
        this.checkPendingRequests();
      },
      throttledFor > 0 ? throttledFor : CHECK_PENDING_REQUESTS_INTERVAL_MS,
    );
  };
  proto[FIXED] = true;
}
