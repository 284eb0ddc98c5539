import { fixKafkaJsRequestQueue, requestQueueClass } from './request-queue.fix.js';

const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

function queue(maxInFlightRequests: number | null = null) {
  const RequestQueue = requestQueueClass() as unknown as new (options: Record<string, unknown>) => {
    pending: unknown[];
    throttledUntil: number;
    throttleCheckTimeoutId: NodeJS.Timeout | null;
    checkPendingRequests(): void;
    fulfillRequest(response: { correlationId: number; payload: Buffer; size: number }): void;
    destroy(): void;
  };
  return new RequestQueue({
    instrumentationEmitter: { emit: () => {} },
    maxInFlightRequests,
    requestTimeout: 30_000,
    enforceRequestTimeout: false,
    clientId: 'test',
    broker: 'localhost:9092',
    logger: { namespace: () => silent, ...silent },
    isConnected: () => true,
  });
}

describe('kafkajs request queue fix', () => {
  beforeAll(() => fixKafkaJsRequestQueue());

  it('schedules no timer after a response when nothing waits (kafkajs would loop every 1 ms)', () => {
    const q = queue();
    q.fulfillRequest({ correlationId: 1, payload: Buffer.alloc(0), size: 0 });
    expect(q.throttleCheckTimeoutId).toBeNull();
    q.destroy();
  });

  it('still re-checks held requests: at the end of a throttle, or every 10 ms behind the in-flight limit', async () => {
    const throttled = queue();
    throttled.throttledUntil = Date.now() + 30;
    throttled.checkPendingRequests();
    expect(throttled.throttleCheckTimeoutId).not.toBeNull();
    throttled.destroy();

    // An in-flight limit of 0 holds every request.
    const held = queue(0);
    let checks = 0;
    const original = held.checkPendingRequests.bind(held);
    held.checkPendingRequests = () => {
      checks++;
      original();
    };
    held.pending.push({});
    original();
    expect(held.throttleCheckTimeoutId).not.toBeNull();
    await new Promise((r) => setTimeout(r, 35));
    expect(checks).toBeGreaterThanOrEqual(2);
    held.pending.length = 0;
    held.destroy();
  });

  it('is idempotent', () => {
    const before = requestQueueClass().prototype.scheduleCheckPendingRequests;
    fixKafkaJsRequestQueue();
    expect(requestQueueClass().prototype.scheduleCheckPendingRequests).toBe(before);
  });
});
