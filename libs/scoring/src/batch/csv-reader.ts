/**
 * A streaming RFC 4180 CSV reader: fields separated by ',', optionally quoted with '"' ('""' inside quotes is a
 * quote), records ending with LF or CRLF (also inside quotes: kept as is), a UTF-8 BOM dropped. Holds only the
 * current chunk and the record being read, so a file of any size streams in constant memory.
 */
export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError';
}

export interface CsvRecord {
  fields: string[];
  /** 1-based physical line where the record starts. */
  line: number;
}

export async function* readCsvRecords(chunks: AsyncIterable<string | Buffer>): AsyncGenerator<CsvRecord> {
  let field = '';
  let fields: string[] = [];
  let quoted = false; // inside a quoted field
  let afterQuote = false; // a quoted field just closed: only ',' or a line end may follow
  let fieldStarted = false;
  let line = 1;
  let recordLine = 1;
  let first = true;
  let pendingCR = false; // a chunk ended with CR: skip an LF starting the next one
  let pendingQuote = false; // a chunk ended with the quote closing a field: '""' if the next one starts with '"'

  for await (const raw of chunks) {
    let text = typeof raw === 'string' ? raw : raw.toString('utf8');
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text.length) first = false;
    }
    const out: CsvRecord[] = [];
    let i = 0;
    const n = text.length;
    while (i < n) {
      if (quoted) {
        const q = text.indexOf('"', i);
        if (q < 0) {
          field += text.slice(i);
          for (let k = i; k < n; k++) if (text.charCodeAt(k) === 10) line++;
          i = n;
          break;
        }
        const piece = text.slice(i, q);
        for (let k = 0; k < piece.length; k++) if (piece.charCodeAt(k) === 10) line++;
        field += piece;
        if (q + 1 < n) {
          if (text.charCodeAt(q + 1) === 34) {
            field += '"';
            i = q + 2;
          } else {
            quoted = false;
            afterQuote = true;
            i = q + 1;
          }
        } else {
          // the quote is the chunk's last character: decide with the next chunk
          quoted = false;
          afterQuote = true;
          i = q + 1;
          pendingQuote = true;
        }
        continue;
      }
      const c = text.charCodeAt(i);
      if (pendingQuote) {
        pendingQuote = false;
        if (c === 34) {
          // '""' split across chunks: an escaped quote, still inside the field
          field += '"';
          quoted = true;
          afterQuote = false;
          i++;
          continue;
        }
      }
      if (pendingCR) {
        pendingCR = false;
        if (c === 10) {
          i++;
          continue;
        }
      }
      if (c === 44) {
        fields.push(field);
        field = '';
        afterQuote = false;
        fieldStarted = true;
        i++;
      } else if (c === 10 || c === 13) {
        fields.push(field);
        out.push({ fields, line: recordLine });
        fields = [];
        field = '';
        afterQuote = false;
        fieldStarted = false;
        line++;
        recordLine = line;
        if (c === 13) {
          if (i + 1 < n) {
            if (text.charCodeAt(i + 1) === 10) i++;
          } else pendingCR = true;
        }
        i++;
      } else if (afterQuote) {
        throw new CsvSyntaxError(`line ${line}: unexpected character after a closing quote`);
      } else if (c === 34 && field.length === 0) {
        quoted = true;
        fieldStarted = true;
        i++;
      } else {
        // a run of plain characters up to the next delimiter
        let j = i + 1;
        while (j < n) {
          const d = text.charCodeAt(j);
          if (d === 44 || d === 10 || d === 13) break;
          j++;
        }
        field += text.slice(i, j);
        fieldStarted = true;
        i = j;
      }
    }
    for (const record of out) yield record;
  }
  if (quoted)
    throw new CsvSyntaxError(`line ${recordLine}: a quoted field is not closed at the end of the file`);
  if (fieldStarted || field.length || fields.length) {
    fields.push(field);
    yield { fields, line: recordLine };
  }
}
