import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeIdx, readIdx, readIdxFile } from './index.js';
import type { IdxDType } from './index.js';

const tmp = mkdtempSync(join(tmpdir(), 'tessera-idx-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Builds IDX bytes by hand (independently of encodeIdx). */
function build(code: number, shape: number[], body: number[]): Uint8Array {
  const header = [0, 0, code, shape.length];
  for (const d of shape) header.push((d >>> 24) & 255, (d >>> 16) & 255, (d >>> 8) & 255, d & 255);
  return Uint8Array.from([...header, ...body]);
}

describe('readIdx', () => {
  it('reads hand-built big-endian data of every type', () => {
    expect(readIdx(build(0x08, [2, 2], [0, 1, 128, 255]))).toEqual({ dtype: 'uint8', shape: [2, 2], data: Uint8Array.from([0, 1, 128, 255]) });
    expect(readIdx(build(0x09, [3], [0xff, 0x7f, 0x80])).data).toEqual(Int8Array.from([-1, 127, -128]));
    expect(readIdx(build(0x0b, [2], [0x01, 0x02, 0xff, 0xfe])).data).toEqual(Int16Array.from([258, -2]));
    expect(readIdx(build(0x0c, [1], [0x80, 0, 0, 1])).data).toEqual(Int32Array.from([-2147483647]));
    expect(readIdx(build(0x0d, [1], [0x3f, 0xc0, 0, 0])).data).toEqual(Float32Array.from([1.5]));
    expect(readIdx(build(0x0e, [1], [0xc0, 0x04, 0, 0, 0, 0, 0, 0])).data).toEqual(Float64Array.from([-2.5]));
  });

  it('round-trips through encodeIdx for every type', () => {
    const cases: [IdxDType, number[]][] = [
      ['uint8', [0, 7, 200, 255, 3, 9]],
      ['int8', [-128, -1, 0, 1, 127, 5]],
      ['int16', [-32768, -300, 0, 300, 32767, 1]],
      ['int32', [-2147483648, -70000, 0, 70000, 2147483647, 2]],
      ['float32', [-1.5, 0, 0.25, 3.75, 1e10, -7]],
      ['float64', [Math.PI, -Math.E, 0, 1e-300, 1e300, -0.1]],
    ];
    for (const [dtype, values] of cases) {
      const bytes = encodeIdx(values, [2, 3], dtype);
      const back = readIdx(bytes);
      expect(back.dtype).toBe(dtype);
      expect(back.shape).toEqual([2, 3]);
      expect(Array.from(back.data)).toEqual(dtype === 'float32' ? Array.from(Float32Array.from(values)) : values);
    }
  });

  it('reads a scalar (zero dimensions) and an empty array', () => {
    expect(readIdx(build(0x08, [], [42]))).toEqual({ dtype: 'uint8', shape: [], data: Uint8Array.from([42]) });
    expect(readIdx(build(0x0c, [0, 5], [])).shape).toEqual([0, 5]);
  });

  it('does not share memory with its input', () => {
    const bytes = build(0x08, [2], [1, 2]);
    const r = readIdx(bytes);
    bytes[4 + 4] = 99;
    expect(Array.from(r.data)).toEqual([1, 2]);
  });

  it('rejects bad magic, unknown types, gzip bytes and short headers', () => {
    expect(() => readIdx(Uint8Array.from([1, 0, 8, 1, 0, 0, 0, 0]))).toThrow(/magic number.*0x01 0x00/);
    expect(() => readIdx(build(0x0a, [1], [0]))).toThrow(/unknown type code 0x0A/);
    expect(() => readIdx(Uint8Array.from([0x1f, 0x8b, 8, 0]))).toThrow(/gzip-compressed/);
    expect(() => readIdx(Uint8Array.from([0, 0]))).toThrow(/at least 4/);
    expect(() => readIdx(Uint8Array.from([0, 0, 8, 3, 0, 0, 0, 1]))).toThrow(/truncated: its header declares 3 dimensions/);
    expect(() => readIdx([0, 0, 8, 0] as never)).toThrow(/Uint8Array/);
  });

  it('checks the byte count before allocating: truncated, trailing and absurd sizes', () => {
    expect(() => readIdx(build(0x0c, [2, 2], [0, 0, 0, 1, 0, 0, 0, 2]))).toThrow(
      'readIdx: the IDX data is truncated: shape [2,2] of int32 needs 16 data bytes but only 8 follow the header.',
    );
    expect(() => readIdx(build(0x08, [2], [1, 2, 3]))).toThrow(/1 bytes after the data/);
    // 4 dims of 2^32-1 would need ~3e38 bytes: refused from the header alone
    expect(() => readIdx(build(0x0e, [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [1]))).toThrow(/truncated/);
  });

  it('validates encodeIdx arguments', () => {
    expect(() => encodeIdx([1, 2], [3], 'uint8')).toThrow(/holds 3 values but 2/);
    expect(() => encodeIdx([1], [1], 'uint16' as never)).toThrow(/dtype/);
  });
});

describe('readIdxFile', () => {
  it('reads plain and .gz files', async () => {
    const bytes = encodeIdx([1, 2, 3, 4, 5, 6], [3, 2], 'uint8');
    writeFileSync(join(tmp, 'a-idx2-ubyte'), bytes);
    writeFileSync(join(tmp, 'a-idx2-ubyte.gz'), gzipSync(bytes));
    for (const name of ['a-idx2-ubyte', 'a-idx2-ubyte.gz']) {
      const r = await readIdxFile(join(tmp, name));
      expect(r.shape).toEqual([3, 2]);
      expect(Array.from(r.data)).toEqual([1, 2, 3, 4, 5, 6]);
    }
  });

  it('names the file in errors', async () => {
    writeFileSync(join(tmp, 'bad.gz'), Uint8Array.from([1, 2, 3]));
    await expect(readIdxFile(join(tmp, 'bad.gz'))).rejects.toThrow(/bad\.gz' could not be inflated/);
    writeFileSync(join(tmp, 'short'), Uint8Array.from([0, 0, 8, 1, 0, 0, 0, 9, 1]));
    await expect(readIdxFile(join(tmp, 'short'))).rejects.toThrow(/short' is truncated/);
  });
});
