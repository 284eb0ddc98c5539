import { TOPICS } from '@riskstream/contracts';
import type { IHeaders } from 'kafkajs';
import { buildHeaders, decodeHeaders, readMetadata } from './event-envelope.js';

describe('decodeHeaders', () => {
  it('reads kafkajs header values (buffers, strings, repeated headers) as UTF-8 strings', () => {
    const headers: IHeaders = {
      'event-id': Buffer.from('e-1'),
      'occurred-at': '2026-11-23T03:00:00.000Z',
      traceparent: [Buffer.from('00-abc-def-01'), Buffer.from('ignored')],
      note: Buffer.from('zürich'),
      gone: undefined,
      empty: [],
    };
    expect(decodeHeaders(headers)).toStrictEqual({
      'event-id': 'e-1',
      'occurred-at': '2026-11-23T03:00:00.000Z',
      traceparent: '00-abc-def-01',
      note: 'zürich',
    });
  });

  it('gives an empty record for no headers, and ignores inherited properties', () => {
    expect(decodeHeaders(undefined)).toStrictEqual({});
    const inherited = Object.create({ polluted: Buffer.from('x') }) as IHeaders;
    inherited['event-id'] = Buffer.from('e-2');
    expect(decodeHeaders(inherited)).toStrictEqual({ 'event-id': 'e-2' });
  });

  it('round-trips what buildHeaders writes', () => {
    const { eventId, headers } = buildHeaders(
      TOPICS.scoreComputed,
      'scoring',
      { eventId: 'e-3', occurredAt: '2026-11-23T03:00:00.000Z', causationId: 'c-1', correlationId: 'a-1' },
      { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
    );
    expect(eventId).toBe('e-3');
    const onTheWire = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Buffer.from(v)]));
    expect(decodeHeaders(onTheWire)).toStrictEqual(headers);
    expect(readMetadata(decodeHeaders(onTheWire), 'risk.score.computed.v1', 2, '41', '0')).toStrictEqual({
      eventId: 'e-3',
      eventType: TOPICS.scoreComputed.eventType,
      schemaVersion: TOPICS.scoreComputed.schemaVersion,
      occurredAt: '2026-11-23T03:00:00.000Z',
      producer: 'scoring',
      causationId: 'c-1',
      correlationId: 'a-1',
    });
  });

  it('falls back to the message position and time when a producer sent no envelope', () => {
    expect(readMetadata({}, 'lending.loan-application.submitted.v1', 4, '17', '0')).toMatchObject({
      eventId: 'lending.loan-application.submitted.v1/4/17',
      eventType: 'unknown',
      occurredAt: '1970-01-01T00:00:00.000Z',
    });
  });
});
