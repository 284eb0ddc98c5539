import { jsonArrayDocument } from './json-document.js';

describe('jsonArrayDocument', () => {
  it('is the UTF-8 bytes of JSON.stringify of the array, whatever its elements hold', () => {
    const values: unknown[] = [
      { text: 'é "quoted" \\ back\u2028slash 😀\t\n', n: -0.1, big: 1e21, nested: [{ a: null }] },
      { s: 'a\u0000b \u001f lone \ud800 pair 😀', at: new Date('2026-11-23T10:00:00.123Z') },
      [],
      'ключ 🔑',
      null,
      undefined,
      0.1 + 0.2,
      { skipped: undefined, kept: true },
    ];
    expect(jsonArrayDocument(values)).toEqual(Buffer.from(JSON.stringify(values), 'utf8'));
    expect(JSON.parse(jsonArrayDocument(values).toString('utf8'))).toEqual(
      JSON.parse(JSON.stringify(values)),
    );
  });

  it('writes an empty array and a single element', () => {
    expect(jsonArrayDocument([]).toString('utf8')).toBe('[]');
    expect(jsonArrayDocument([{ a: 1 }]).toString('utf8')).toBe('[{"a":1}]');
  });

  it('throws where JSON.stringify throws', () => {
    expect(() => jsonArrayDocument([{ n: 1n }])).toThrow(TypeError);
  });
});
