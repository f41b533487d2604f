/** One CSV record: its fields and the (1-based) line it starts on. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/**
 * RFC 4180 records from a stream of text chunks: fields may be quoted ("a, b"), quotes inside quotes are doubled
 * (""), quoted fields may span lines; \n, \r\n and \r end records; blank lines are skipped; a leading BOM is
 * dropped. Errors name the line. `source` names the input in messages.
 */
export async function* parseCsv(chunks: AsyncIterable<string>, delimiter: string, source: string): AsyncGenerator<CsvRecord, void, undefined> {
  let fields: string[] = [];
  let field = '';
  let quoted = false; // inside a quoted field
  let afterQuote = false; // just saw a quote inside a quoted field: either "" or the closing quote
  let wasQuoted = false; // the current field was quoted
  let wasQuotedRecord = false; // some field of the record was quoted (so a lone "" is not a blank line)
  let line = 1;
  let recordLine = 1;
  let prevCR = false;
  let quotedCR = false;
  let first = true;
  const endField = () => {
    fields.push(field);
    field = '';
    wasQuoted = false;
  };
  const takeRecord = (): CsvRecord | null => {
    endField();
    const rec = fields.length === 1 && fields[0] === '' && !wasQuotedRecord ? null : { fields, line: recordLine };
    fields = [];
    wasQuotedRecord = false;
    return rec;
  };
  for await (let chunk of chunks) {
    if (first && chunk.length > 0) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      first = false;
    }
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (prevCR) {
        prevCR = false;
        if (c === '\n') continue; // the \n of a \r\n already ended the record
      }
      if (quoted) {
        if (afterQuote) {
          afterQuote = false;
          quotedCR = false;
          if (c === '"') {
            field += '"';
            continue;
          }
          quoted = false; // that quote closed the field; handle c below as an unquoted character
          if (c !== delimiter && c !== '\n' && c !== '\r') {
            throw new Error(`csv: ${source}, line ${line}: unexpected character ${JSON.stringify(c)} after a closing quote; a quoted field must end at a delimiter or line break.`);
          }
        } else {
          if (c === '"') afterQuote = true;
          else {
            field += c;
            // count \r, \n and \r\n (possibly split between chunks) as one line break each
            if (c === '\r' || (c === '\n' && !quotedCR)) line++;
          }
          quotedCR = c === '\r';
          continue;
        }
      }
      if (c === delimiter) endField();
      else if (c === '\n' || c === '\r') {
        const rec = takeRecord();
        if (rec) yield rec;
        line++;
        recordLine = line;
        prevCR = c === '\r';
      } else if (c === '"' && field === '' && !wasQuoted) {
        quoted = true;
        wasQuoted = true;
        wasQuotedRecord = true;
      } else field += c;
    }
  }
  if (quoted && !afterQuote) {
    throw new Error(`csv: ${source}, line ${recordLine}: a quoted field is not closed before the end of the input.`);
  }
  const rec = takeRecord();
  if (rec) yield rec;
}
