import type { Message } from 'kafkajs';
import { MAX_TOPIC_BYTES_PER_REQUEST, splitForBroker } from './event-publisher.js';

const msg = (value: string, key = 'k'): Message => ({
  key,
  value,
  headers: { 'event-id': value.slice(0, 8) },
});
const values = (request: { topic: string; messages: Message[] }[], topic: string) =>
  request.find((t) => t.topic === topic)?.messages.map((m) => String(m.value)) ?? [];

describe('splitForBroker', () => {
  it('leaves a request that fits as one request', () => {
    const input = [
      { topic: 'a', messages: [msg('1'), msg('2')] },
      { topic: 'b', messages: [msg('3')] },
    ];
    expect(splitForBroker(input)).toEqual([input]);
  });

  it("cuts a topic's messages into chunks under the budget, in order, and shares requests between topics", () => {
    const big = (i: number) => `${i}:${'x'.repeat(300)}`;
    const a = Array.from({ length: 10 }, (_, i) => msg(big(i)));
    const b = Array.from({ length: 3 }, (_, i) => msg(big(100 + i)));
    const requests = splitForBroker(
      [
        { topic: 'a', messages: a },
        { topic: 'b', messages: b },
      ],
      1_000, // ~2 messages of ~400 bytes each per topic and request
    );
    expect(requests.map((r) => values(r, 'a').length)).toEqual([2, 2, 2, 2, 2]);
    expect(requests.flatMap((r) => values(r, 'a'))).toEqual(a.map((m) => m.value));
    expect(requests.map((r) => values(r, 'b').length)).toEqual([2, 1, 0, 0, 0]);
    expect(requests.flatMap((r) => values(r, 'b'))).toEqual(b.map((m) => m.value));
  });

  it('counts multi-byte characters as the bytes they are', () => {
    // 200 characters, 800 bytes each in UTF-8
    const requests = splitForBroker(
      [{ topic: 'a', messages: [msg('😀'.repeat(200)), msg('😀'.repeat(200))] }],
      1_000,
    );
    expect(requests).toHaveLength(2);
  });

  it('sends a message over the budget alone, for the broker to judge', () => {
    const huge = 'h'.repeat(MAX_TOPIC_BYTES_PER_REQUEST + 1);
    const requests = splitForBroker([{ topic: 'a', messages: [msg('before'), msg(huge), msg('after')] }]);
    expect(requests.map((r) => values(r, 'a').map((v) => v.slice(0, 6)))).toEqual([
      ['before'],
      ['hhhhhh'],
      ['after'],
    ]);
  });
});
