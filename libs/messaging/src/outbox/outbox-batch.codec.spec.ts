import { zstdCompressSync, zstdDecompressSync } from 'node:zlib';
import { decodeOutboxBatch, encodeOutboxBatch, type OutboxEntry } from './outbox-batch.codec.js';

describe('outbox batch codec', () => {
  const entry = (n: number, value: unknown, key: string | null = `key-${n}`): OutboxEntry => ({
    eventId: `event-${n}`,
    topic: 'risk.score.computed.v1',
    key,
    value: JSON.stringify(value),
    headers: { 'event-id': `event-${n}`, traceparent: '00-"quoted"-\\-01', note: 'line\nbreak' },
  });

  it('gives back every event, in order, each payload byte for byte whatever characters it holds', () => {
    const entries = [
      entry(0, { text: 'é "quoted" \\ back\u2028slash 😀\t\n', n: -0.1, big: 1e21, nested: [{ a: null }] }),
      entry(1, { s: 'a\u0000b \u001f lone \ud800 pair 😀' }, null),
      entry(2, []),
      entry(3, { key: 'ключ 🔑' }, 'ключ 🔑 \ud800'),
    ];
    const decoded = decodeOutboxBatch(encodeOutboxBatch(entries));
    expect(decoded).toEqual(entries);
    for (const [i, e] of decoded.entries())
      expect(Buffer.from(e.value)).toEqual(Buffer.from(entries[i]!.value));
  });

  it('writes the layout rows of earlier versions have: the header as JSON.stringify writes it, a line break, the payloads', () => {
    const entries = [entry(0, { text: 'é 😀 \u2028' }), entry(1, [1, 2], null), entry(2, 'ключ')];
    const header = {
      f: 1,
      m: entries.map((e) => ({
        e: e.eventId,
        t: e.topic,
        k: e.key,
        h: e.headers,
        l: Buffer.byteLength(e.value),
      })),
    };
    expect(zstdDecompressSync(encodeOutboxBatch(entries)).toString('utf8')).toBe(
      `${JSON.stringify(header)}\n${entries.map((e) => e.value).join('')}`,
    );
  });

  it('compresses the repetitive JSON of a batch', () => {
    const entries = Array.from({ length: 500 }, (_, n) =>
      entry(n, { applicationId: `app-${n}`, decision: 'APPROVE', riskBand: 'LOW', reasonCodes: ['A', 'B'] }),
    );
    const raw = entries.reduce((bytes, e) => bytes + Buffer.byteLength(e.value) + 150, 0);
    expect(encodeOutboxBatch(entries).length).toBeLessThan(raw / 5);
  });

  it('refuses an empty batch, an unknown format and a batch whose bytes do not match its header', () => {
    expect(() => encodeOutboxBatch([])).toThrow(/at least one event/);
    const header = (f: number, l: number) =>
      `${JSON.stringify({ f, m: [{ e: 'e', t: 't', k: null, h: {}, l }] })}\n`;
    expect(() => decodeOutboxBatch(zstdCompressSync(Buffer.from(`${header(2, 2)}{}`)))).toThrow(
      /format 2 is not 1/,
    );
    const oneTooMany = `${header(1, 2)}{}{}`;
    expect(() => decodeOutboxBatch(zstdCompressSync(Buffer.from(oneTooMany)))).toThrow(
      `is ${oneTooMany.length} bytes, its header describes ${oneTooMany.length - 2}`,
    );
    expect(() => decodeOutboxBatch(zstdCompressSync(Buffer.from('{"f":1}')))).toThrow(/no header line/);
    expect(() => decodeOutboxBatch(Buffer.from('not zstd'))).toThrow();
  });
});
