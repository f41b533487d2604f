import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { csv } from './index.js';
import { parseCsv } from './csv-parse.js';

beforeAll(async () => {
  if (tf.listBackends().includes('cpu')) await tf.setBackend(tf.getBackend('cpu'));
  else await tf.setBackend(cpu());
});
let baseline = 0;
beforeEach(() => {
  baseline = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(baseline);
});

const tmp = mkdtempSync(join(tmpdir(), 'tessera-csv-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function records(text: string | string[], delimiter = ','): Promise<{ fields: string[]; line: number }[]> {
  const chunks = Array.isArray(text) ? text : [text];
  const out = [];
  for await (const r of parseCsv((async function* () { yield* chunks; })(), delimiter, 'test')) out.push(r);
  return out;
}

describe('CSV parsing', () => {
  it('handles quotes, doubled quotes, delimiters and line breaks inside quotes', async () => {
    const r = await records('a,b,c\n"x, y","say ""hi""","two\nlines"\n1,,3\n');
    expect(r.map((x) => x.fields)).toEqual([['a', 'b', 'c'], ['x, y', 'say "hi"', 'two\nlines'], ['1', '', '3']]);
    expect(r.map((x) => x.line)).toEqual([1, 2, 4]);
  });

  it('accepts \\r\\n and \\r line ends, skips blank lines and a BOM, and works across chunk borders', async () => {
    const r = await records(['\ufeffa;b\r', '\n1;"2', '"\r\n\r\n3;4\r5;6'], ';');
    expect(r.map((x) => x.fields)).toEqual([['a', 'b'], ['1', '2'], ['3', '4'], ['5', '6']]);
    expect(r.map((x) => x.line)).toEqual([1, 2, 4, 5]);
  });

  it('reports an unclosed quote and stray characters after a closing quote with the line', async () => {
    await expect(records('a\n"open\n')).rejects.toThrow(/line 2: a quoted field is not closed/);
    await expect(records('a,b\n"x"y,2\n')).rejects.toThrow(/line 2: unexpected character "y" after a closing quote/);
  });
});

describe('csv()', () => {
  const text = 'name,age,height,member,label\n"Smith, J",31,1.8,yes,1\nDoe,,1.65,no,0\n';

  it('parses typed columns and splits labels into { xs, ys }', async () => {
    const ds = csv(text, {
      columnConfigs: {
        age: { dtype: 'int32', default: 40 },
        member: { dtype: 'bool' },
        label: { dtype: 'int32', isLabel: true },
      },
    });
    expect(await ds.columnNames()).toEqual(['name', 'age', 'height', 'member', 'label']);
    expect(await ds.toArray()).toEqual([
      { xs: { name: 'Smith, J', age: 31, height: 1.8, member: 1 }, ys: { label: 1 } },
      { xs: { name: 'Doe', age: 40, height: 1.65, member: 0 }, ys: { label: 0 } },
    ]);
  });

  it('infers numbers, keeps only configured columns on request, and batches into tensors', async () => {
    const ds = csv(text, { columnConfigs: { height: {}, label: { isLabel: true } }, configuredColumnsOnly: true }).batch(2);
    const [b] = (await ds.toArray()) as { xs: { height: tf.Tensor }; ys: { label: tf.Tensor } }[];
    expect(Array.from(b!.xs.height.dataSync())).toEqual([1.7999999523162842, 1.649999976158142]);
    expect(Array.from(b!.ys.label.dataSync())).toEqual([1, 0]);
    tf.dispose(b as never);
  });

  it('works without a header, with a delimiter and column names', async () => {
    const ds = csv('1;2\n3;4\n', { hasHeader: false, delimiter: ';', columnNames: ['p', 'q'] });
    expect(await ds.toArray()).toEqual([{ p: 1, q: 2 }, { p: 3, q: 4 }]);
    expect(() => csv('1;2\n', { hasHeader: false })).toThrow(/columnNames/);
  });

  it('names the line and column of bad values', async () => {
    await expect(csv('a,b\n1,2\n3,x\n', { columnConfigs: { b: { dtype: 'float32' } } }).toArray()).rejects.toThrow(
      "csv: the CSV text, line 3, column 'b': expected a number",
    );
    await expect(csv('a\n1.5\n', { columnConfigs: { a: { dtype: 'int32' } } }).toArray()).rejects.toThrow(/line 2, column 'a': expected an int32/);
    await expect(csv('a\nmaybe\n', { columnConfigs: { a: { dtype: 'bool' } } }).toArray()).rejects.toThrow(/expected a boolean/);
    await expect(csv('a,y\n1,\n', { columnConfigs: { y: { isLabel: true } } }).toArray()).rejects.toThrow(/line 2, column 'y': the field is empty/);
  });

  it('reports rows with the wrong number of fields, duplicate names and unknown configured columns', async () => {
    await expect(csv('a,b\n1,2\n3\n').toArray()).rejects.toThrow('line 3: expected 2 fields (a, b) but found 1');
    await expect(csv('a,a\n1,2\n').toArray()).rejects.toThrow(/names the column 'a' twice/);
    await expect(csv('a,b\n1,2\n', { columnConfigs: { c: {} } }).toArray()).rejects.toThrow(/'c', which the CSV text does not have/);
    expect(() => csv('a\n', { delimiter: '::' })).toThrow(/delimiter/);
  });

  it('reads a file path (streamed) and re-reads it each pass', async () => {
    const path = join(tmp, 'data.csv');
    writeFileSync(path, 'x,y\n' + Array.from({ length: 1000 }, (_, i) => `${i},${i % 3}`).join('\n'));
    const ds = csv(path, { columnConfigs: { y: { isLabel: true, dtype: 'int32' } } });
    const all = await ds.toArray();
    expect(all).toHaveLength(1000);
    expect(all[999]).toEqual({ xs: { x: 999 }, ys: { y: 0 } });
    expect(await ds.take(2).toArray()).toEqual([{ xs: { x: 0 }, ys: { y: 0 } }, { xs: { x: 1 }, ys: { y: 1 } }]);
    expect(await csv({ path }).columnNames()).toEqual(['x', 'y']);
  });

  it('says how to pass text when a path does not exist', async () => {
    await expect(csv(join(tmp, 'missing.csv')).toArray()).rejects.toThrow(/cannot read the file .*missing\.csv.*pass \{ text \}/);
    expect(await csv({ text: 'a,b' }).columnNames()).toEqual(['a', 'b']);
  });
});
