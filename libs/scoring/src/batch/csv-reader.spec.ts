import { CsvSyntaxError, readCsvRecords, type CsvRecord } from './csv-reader.js';

async function read(text: string, chunkSize = text.length || 1): Promise<CsvRecord[]> {
  async function* chunks(): AsyncGenerator<string> {
    for (let i = 0; i < text.length; i += chunkSize) yield text.slice(i, i + chunkSize);
  }
  const out: CsvRecord[] = [];
  for await (const record of readCsvRecords(chunks())) out.push(record);
  return out;
}

const TRICKY =
  '\uFEFFa,b,c\r\n' +
  '1,"two, with comma","say ""hi"""\r\n' +
  '"multi\nline",,x\n' +
  ',,\n' +
  '"",plain text,"ends with quote"""\n' +
  'last,row,no newline';

const EXPECTED = [
  ['a', 'b', 'c'],
  ['1', 'two, with comma', 'say "hi"'],
  ['multi\nline', '', 'x'],
  ['', '', ''],
  ['', 'plain text', 'ends with quote"'],
  ['last', 'row', 'no newline'],
];

describe('streaming CSV reader', () => {
  it('reads RFC 4180: quotes, escaped quotes, embedded commas and line breaks, CRLF, BOM', async () => {
    const records = await read(TRICKY);
    expect(records.map((r) => r.fields)).toEqual(EXPECTED);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 5, 6, 7]);
  });

  it.each([1, 2, 3, 5, 7, 13])('gives the same records whatever the chunk size (%i)', async (size) => {
    expect((await read(TRICKY, size)).map((r) => r.fields)).toEqual(EXPECTED);
  });

  it('handles a final line break, a lone CR, and empty input', async () => {
    expect((await read('a,b\n1,2\n')).map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect((await read('a,b\r1,2\r')).map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(await read('')).toEqual([]);
  });

  it('refuses an unclosed quote and text after a closing quote', async () => {
    await expect(read('a,"open\n')).rejects.toThrow(CsvSyntaxError);
    await expect(read('"closed"x,1\n')).rejects.toThrow(/line 1/);
  });
});
