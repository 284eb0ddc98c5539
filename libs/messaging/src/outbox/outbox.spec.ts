import { outboxDocument, type PendingRow } from './outbox.js';

describe('outboxDocument', () => {
  const row = (n: number, value: unknown, key: string | null = `key-${n}`): PendingRow => ({
    eventId: `event-${n}`,
    topic: 'risk.score.computed.v1',
    key,
    value: JSON.stringify(value),
    headers: { 'event-id': `event-${n}`, traceparent: '00-"quoted"-\\-01' },
  });

  it('is one JSON array of the rows in order, each payload embedded as JSON, not as an escaped string', () => {
    const tricky = {
      text: 'é "quoted" \\ back\u2028slash 😀\t\n',
      n: -0.1,
      big: 1e21,
      nested: [{ a: null }],
    };
    const rows = [row(0, tricky), row(1, { plain: true }, null), row(2, [])];
    const doc = outboxDocument(rows);
    const parsed = JSON.parse(doc) as {
      n: number;
      e: string;
      t: string;
      k: string | null;
      v: unknown;
      h: object;
    }[];
    expect(parsed).toEqual(
      rows.map((r, n) => ({ n, e: r.eventId, t: r.topic, k: r.key, v: JSON.parse(r.value), h: r.headers })),
    );
    // The payload text appears verbatim: PostgreSQL's json type hands back exactly this text.
    for (const r of rows) expect(doc).toContain(`"v":${r.value},"h":`);
  });

  it('passes a payload PostgreSQL could not parse (NUL, lone surrogates) as an escaped string', () => {
    const rows = [row(0, { s: 'a\u0000b' }), row(1, { s: 'lone \ud800' }), row(2, { s: 'pair 😀 \\u0000' })];
    const parsed = JSON.parse(outboxDocument(rows)) as { v?: unknown; s?: string }[];
    expect(parsed.map((p) => p.s)).toEqual([rows[0]!.value, rows[1]!.value, rows[2]!.value]);
    expect(parsed.map((p) => p.v)).toEqual([undefined, undefined, undefined]);
    expect(JSON.parse(outboxDocument([row(3, { s: 'fine \u0001 😀' })]))).toEqual([
      expect.objectContaining({ v: { s: 'fine \u0001 😀' } }),
    ]);
  });

  it('is an empty array for no rows', () => {
    expect(outboxDocument([])).toBe('[]');
  });
});
