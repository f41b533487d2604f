import { Dataset } from './dataset.js';
import { describeValue, isPlainObject } from './element.js';
import { parseCsv } from './csv-parse.js';
import type { CsvRecord } from './csv-parse.js';

export type CsvDType = 'float32' | 'int32' | 'bool' | 'string';

export interface ColumnConfig {
  /** How to parse the column. Without it, a value that reads as a number is a number, anything else a string. */
  dtype?: CsvDType;
  /** Label columns go to `ys`, the rest to `xs` (elements become { xs, ys } once any column is a label). */
  isLabel?: boolean;
  /** Used when the field is empty. */
  default?: number | string | boolean;
  /** An empty field without a default is an error (always so for labels). */
  required?: boolean;
}

export interface CsvOptions {
  /** The first record names the columns (default true). */
  hasHeader?: boolean;
  /** Column names; required without a header, and they replace the header's names when given. */
  columnNames?: string[];
  columnConfigs?: Record<string, ColumnConfig>;
  /** Keep only the columns named in `columnConfigs`. */
  configuredColumnsOnly?: boolean;
  /** One character (default ','). */
  delimiter?: string;
}

/** CSV text, or a file path (Node). A string with a line break is text; one without is a path. */
export type CsvSource = string | URL | { text: string } | { path: string | URL };

export type CsvValue = number | string;
export type CsvRow = Record<string, CsvValue>;
export type CsvElement = CsvRow | { xs: CsvRow; ys: CsvRow };

const TRUE = new Set(['true', 't', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'f', 'no', 'n', '0']);

/** A dataset of CSV records; `columnNames()` reads the header. */
export class CsvDataset extends Dataset<CsvElement> {
  constructor(
    open: () => AsyncGenerator<CsvElement, void, undefined>,
    private readonly names: () => Promise<string[]>,
  ) {
    super(open, null);
  }

  /** The column names (from `columnNames`, else the header). */
  columnNames(): Promise<string[]> {
    return this.names();
  }
}

/**
 * Reads CSV (tfjs's `tf.data.csv`): one element per record, an object of column → value, or { xs, ys } when
 * some column `isLabel`. Values are plain numbers (bool columns give 1 or 0) and strings; `batch` turns them into
 * tensors. Parse errors name the source, the line and the column. Files are streamed with Node's fs.
 */
export function csv(source: CsvSource, options: CsvOptions = {}): CsvDataset {
  const { chunks, name } = resolveSource(source);
  if (!isPlainObject(options as unknown)) throw new TypeError(`csv: invalid value for argument \`options\`. Expected an object. Received: ${describeValue(options)}`);
  const delimiter = options.delimiter ?? ',';
  if (typeof delimiter !== 'string' || delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new TypeError(`csv: invalid value for option \`delimiter\`. Expected one character other than a quote or line break. Received: ${describeValue(delimiter)}`);
  }
  const hasHeader = options.hasHeader ?? true;
  const given = options.columnNames;
  if (given !== undefined) {
    if (!Array.isArray(given) || given.some((n) => typeof n !== 'string')) {
      throw new TypeError(`csv: invalid value for option \`columnNames\`. Expected an array of strings. Received: ${describeValue(given)}`);
    }
    checkUnique(given, 'columnNames');
  } else if (!hasHeader) {
    throw new Error('csv: `hasHeader` is false, so `columnNames` must be given.');
  }
  const configs: Record<string, ColumnConfig> = options.columnConfigs ?? {};
  if (!isPlainObject(options.columnConfigs ?? {})) {
    throw new TypeError(`csv: invalid value for option \`columnConfigs\`. Expected an object of column name → config. Received: ${describeValue(configs)}`);
  }
  for (const [col, c] of Object.entries(configs)) {
    if (!isPlainObject(c as unknown)) throw new TypeError(`csv: columnConfigs.${col} must be an object. Received: ${describeValue(c)}`);
    if (c.dtype !== undefined && !['float32', 'int32', 'bool', 'string'].includes(c.dtype)) {
      throw new TypeError(`csv: columnConfigs.${col}.dtype must be 'float32', 'int32', 'bool' or 'string'. Received: ${describeValue(c.dtype)}`);
    }
  }
  const onlyConfigured = options.configuredColumnsOnly ?? false;
  const hasLabels = Object.values(configs).some((c) => c.isLabel);

  const header = (rec: CsvRecord | undefined): string[] => {
    if (given) return given;
    if (!rec) throw new Error(`csv: ${name} is empty; expected a header line.`);
    const names = rec.fields.map((f) => f.trim());
    checkUnique(names, `the header (line ${rec.line})`);
    return names;
  };
  const checkConfigs = (names: string[]) => {
    for (const col of Object.keys(configs)) {
      if (!names.includes(col)) throw new Error(`csv: columnConfigs names the column '${col}', which ${name} does not have. Columns: ${names.join(', ')}.`);
    }
  };

  const open = async function* (): AsyncGenerator<CsvElement, void, undefined> {
    const records = parseCsv(chunks(), delimiter, name);
    try {
      let names: string[];
      if (hasHeader) {
        const first = await records.next();
        names = header(first.done ? undefined : first.value);
      } else names = given!;
      checkConfigs(names);
      const cols = names.map((n, i) => ({ n, i, c: configs[n] })).filter(({ c }) => !onlyConfigured || c !== undefined);
      for await (const rec of records) {
        if (rec.fields.length !== names.length) {
          throw new Error(`csv: ${name}, line ${rec.line}: expected ${names.length} fields (${names.join(', ')}) but found ${rec.fields.length}.`);
        }
        const xs: CsvRow = {};
        const ys: CsvRow = {};
        for (const { n, i, c } of cols) {
          const v = parseValue(rec.fields[i]!, c, () => `csv: ${name}, line ${rec.line}, column '${n}'`);
          (c?.isLabel ? ys : xs)[n] = v;
        }
        yield hasLabels ? { xs, ys } : xs;
      }
    } finally {
      await records.return(undefined);
    }
  };
  const columnNames = async (): Promise<string[]> => {
    if (given) return [...given];
    const records = parseCsv(chunks(), delimiter, name);
    try {
      const first = await records.next();
      return header(first.done ? undefined : first.value);
    } finally {
      await records.return(undefined);
    }
  };
  return new CsvDataset(open, columnNames);
}

function parseValue(raw: string, c: ColumnConfig | undefined, where: () => string): CsvValue {
  const dtype = c?.dtype;
  const s = dtype === 'string' ? raw : raw.trim();
  if (s === '') {
    if (c?.default !== undefined) return typeof c.default === 'boolean' ? Number(c.default) : c.default;
    if (c?.required || c?.isLabel) throw new Error(`${where()}: the field is empty and the column has no default.`);
    if (dtype === 'string') return '';
    if (dtype === 'int32' || dtype === 'bool') throw new Error(`${where()}: the field is empty; give the column a \`default\`.`);
    return NaN;
  }
  switch (dtype) {
    case 'string':
      return raw;
    case 'float32': {
      const v = Number(s);
      if (Number.isNaN(v) && s !== 'NaN') throw new Error(`${where()}: expected a number. Received: ${JSON.stringify(raw)}`);
      return v;
    }
    case 'int32': {
      const v = Number(s);
      if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647) {
        throw new Error(`${where()}: expected an int32 (a whole number). Received: ${JSON.stringify(raw)}`);
      }
      return v;
    }
    case 'bool': {
      const l = s.toLowerCase();
      if (TRUE.has(l)) return 1;
      if (FALSE.has(l)) return 0;
      throw new Error(`${where()}: expected a boolean (true/false, yes/no, 1/0). Received: ${JSON.stringify(raw)}`);
    }
    default: {
      const v = Number(s);
      return Number.isNaN(v) && s !== 'NaN' ? raw : v;
    }
  }
}

function checkUnique(names: string[], what: string): void {
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new Error(`csv: ${what} names the column '${n}' twice; column names must be unique.`);
    seen.add(n);
  }
}

function resolveSource(source: CsvSource): { chunks: () => AsyncIterable<string>; name: string } {
  if (typeof source === 'string' && /[\r\n]/.test(source)) return textSource(source);
  const obj = isPlainObject(source) ? (source as { text?: unknown; path?: unknown }) : null;
  if (obj && typeof obj.text === 'string') return textSource(obj.text);
  const path = typeof source === 'string' || source instanceof URL ? source : obj?.path;
  if (typeof path === 'string' || path instanceof URL) {
    const shown = path instanceof URL ? path.href : path;
    return { chunks: () => fileChunks(path, shown), name: `'${shown}'` };
  }
  throw new TypeError(
    `csv: invalid value for argument \`source\`. Expected CSV text, a file path, a file URL, { text } or { path }. Received: ${describeValue(source)}`,
  );
}

function textSource(text: string): { chunks: () => AsyncIterable<string>; name: string } {
  return {
    chunks: async function* () {
      yield text;
    },
    name: 'the CSV text',
  };
}

async function* fileChunks(path: string | URL, shown: string): AsyncGenerator<string, void, undefined> {
  const fs = await import('node:fs');
  const stream = fs.createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 });
  try {
    for await (const chunk of stream) yield chunk as string;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const hint = e.code === 'ENOENT' ? ' (a string without a line break is read as a file path; pass { text } to parse CSV text)' : '';
    throw new Error(`csv: cannot read the file '${shown}': ${e.message}${hint}`);
  } finally {
    stream.destroy();
  }
}
