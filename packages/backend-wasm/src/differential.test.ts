import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import type { AnyBackend, DType, Tensor } from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { wasm } from './index.js';

/**
 * The WASM kernels against the CPU backend (the reference) on inputs chosen to reach every kernel path: long
 * arrays crossing block boundaries, broadcasting, transposed/reversed/sliced views, special values, int32
 * wrap-around, GEMM edge tiles and K blocks, fused epilogues.
 */

let ref: AnyBackend;
let sut: AnyBackend;

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function values(n: number, seed: number, lo = -2, hi = 2): number[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => lo + (hi - lo) * r());
}

const SPECIAL = [NaN, Infinity, -Infinity, 0, -0, 0.5, -0.5, 1.5, 2.5, -2.5, 1, -1, 3e9, -3e9, 1e-30, 2147483647, -2147483648];

interface Out {
  shape: number[];
  dtype: DType;
  values: number[];
}

async function runOn(b: AnyBackend, fn: () => Tensor | Tensor[]): Promise<Out[]> {
  await tf.setBackend(b);
  const before = tf.memory().numTensors;
  const outs = tf.tidy(() => {
    const r = fn();
    return Array.isArray(r) ? r : [r];
  });
  const res = await Promise.all(outs.map(async (t) => ({ shape: [...t.shape], dtype: t.dtype, values: Array.from(await t.data()) })));
  outs.forEach((t) => t.dispose());
  expect(tf.memory().numTensors).toBe(before);
  return res;
}

function close(a: number, e: number, dtype: DType, rtol: number, extraAtol = 0): boolean {
  if (Number.isNaN(e)) return Number.isNaN(a);
  if (!Number.isFinite(e)) return a === e;
  if (dtype === 'int32' || dtype === 'bool') return a === e;
  const atol = (dtype === 'float64' ? 1e-12 : 1e-6) + extraAtol;
  return Math.abs(a - e) <= atol + rtol * Math.abs(e);
}

/** `atol` widens the absolute tolerance (float32 GEMMs accumulate in float32: error grows with K). */
async function same(fn: () => Tensor | Tensor[], rtol = 1e-5, atol = 0): Promise<void> {
  const want = await runOn(ref, fn);
  const got = await runOn(sut, fn);
  expect(got.length).toBe(want.length);
  got.forEach((g, k) => {
    const w = want[k]!;
    expect(g.shape).toEqual(w.shape);
    expect(g.dtype).toBe(w.dtype);
    const tol = w.dtype === 'float64' ? Math.min(rtol, 1e-10) : rtol;
    const bad = g.values.map((v, i) => [i, v, w.values[i]!] as const).filter(([, v, e]) => !close(v, e, w.dtype, tol, atol));
    if (bad.length > 0) {
      throw new Error(`output ${k}: ${bad.length} of ${g.values.length} differ, first: ${bad.slice(0, 5).map(([i, v, e]) => `[${i}] ${v} vs ${e}`).join(', ')}`);
    }
  });
}

const t = (shape: number[], seed: number, dtype: DType = 'float32', lo = -2, hi = 2) => {
  const n = shape.reduce((a, b) => a * b, 1);
  let v = values(n, seed, lo, hi);
  if (dtype === 'int32') v = v.map(Math.round);
  if (dtype === 'bool') v = v.map((x) => (x > 0 ? 1 : 0));
  return tf.tensor(v, shape, dtype);
};
const special = (dtype: DType = 'float32') => tf.tensor(SPECIAL, [SPECIAL.length], dtype);

describe.each([1, 2])('with %i thread(s)', (threads) => {
  beforeAll(async () => {
    ref = cpu({ name: `cpu-diff-${threads}` });
    // Two threads split every kernel, however small, so each threaded path runs here.
    sut = await wasm({ name: `wasm-diff-${threads}`, threads, splitSmallKernels: threads > 1 });
    tf.registerBackend(ref);
    tf.registerBackend(sut);
  });
  afterAll(() => {
    tf.removeBackend(ref.name);
    tf.removeBackend(sut.name);
  });

  describe('elementwise', () => {
    const unary = [
      'neg', 'abs', 'sign', 'sqrt', 'exp', 'expm1', 'log', 'log1p', 'round', 'floor', 'ceil', 'sin', 'cos', 'tan', 'asin',
      'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'erf', 'sigmoid', 'softplus', 'relu', 'relu6',
      'elu', 'selu', 'square', 'reciprocal', 'rsqrt',
    ] as const;
    for (const op of unary) {
      it(`${op} over 3000 values and special values`, async () => {
        const f = (tf as unknown as Record<string, (x: Tensor) => Tensor>)[op]!;
        await same(() => [f(t([3000], 1, 'float32', -3, 3)), f(special())]);
      });
    }
    it('isNaN / isFinite / isInf / logicalNot on special values', async () => {
      await same(() => [tf.isNaN(special()), tf.isFinite(special()), tf.isInf(special()), tf.logicalNot(special('bool'))]);
    });
    const binary = ['add', 'sub', 'mul', 'div', 'floorDiv', 'mod', 'pow', 'maximum', 'minimum', 'atan2', 'squaredDifference',
      'equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual'] as const;
    for (const op of binary) {
      it(`${op}: broadcast [37,1,5]x[1,29,5], views, special values`, async () => {
        const f = (tf as unknown as Record<string, (a: Tensor, b: Tensor) => Tensor>)[op]!;
        await same(() => [
          f(t([37, 1, 5], 2), t([1, 29, 5], 3)),
          f(tf.transpose(t([29, 37], 4)), tf.reverse(t([37, 29], 5), 1)),
          f(tf.slice(t([40, 40], 6), [3, 5], [20, 30]), t([30], 7)),
          f(special(), tf.reverse(special())),
          f(tf.reshape(special(), [17, 1]), tf.reshape(special(), [1, 17])),
        ]);
      });
    }
    it('one-op float32 trees on contiguous, broadcast-value and bias-row operands (every tail length)', async () => {
      const ops = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual'] as const;
      await same(() => {
        const outs: Tensor[] = [];
        for (const op of ops) {
          const f = (tf as unknown as Record<string, (a: Tensor | number, b: Tensor | number) => Tensor>)[op]!;
          for (const n of [1, 3, 4, 7, 17]) {
            const a = tf.tensor(values(n * 5, n, -3, 3).map((v, i) => (i % 7 === 3 ? SPECIAL[i % SPECIAL.length]! : v)), [n, 5]);
            outs.push(f(a, t([n, 5], n + 100)), f(a, t([5], n + 200)), f(t([1], n + 300), a), f(a, 0.5), f(a, tf.scalar(-0)));
          }
        }
        outs.push(tf.neg(special()), tf.abs(special()), tf.sqrt(special()), tf.relu(special()), tf.mul(special(), 0.1));
        return outs;
      });
    });
    it('int32 arithmetic wraps like the reference', async () => {
      const big = () => tf.tensor([2147483647, -2147483648, 123456789, -987654321, 7, -7, 0, 46341], [8], 'int32');
      const other = () => tf.tensor([1, -1, 987654321, 123456789, -2, 2, 5, 46341], [8], 'int32');
      await same(() => [tf.add(big(), other()), tf.sub(big(), other()), tf.mul(big(), other()), tf.floorDiv(big(), other()), tf.mod(big(), other())]);
    });
    it('casts to int32 and bool (NaN, Infinity, out of int32 range)', async () => {
      await same(() => [tf.cast(special(), 'int32'), tf.cast(special(), 'bool'), tf.cast(special('int32'), 'float32'), tf.cast(t([100], 8), 'int32')]);
    });
    it('logical ops and where with broadcasting', async () => {
      await same(() => [
        tf.logicalAnd(t([9, 1], 9, 'bool'), t([1, 11], 10, 'bool')),
        tf.logicalOr(t([9, 11], 11, 'bool'), t([11], 12, 'bool')),
        tf.logicalXor(t([9, 11], 13, 'bool'), t([9, 11], 14, 'bool')),
        tf.where(t([9, 1], 15, 'bool'), t([1, 11], 16), t([9, 11], 17)),
      ]);
    });
    it('float64 elementwise', async () => {
      await same(() => [tf.exp(t([500], 18, 'float64')), tf.add(t([20, 1], 19, 'float64'), t([30], 20, 'float64')), tf.tanh(special('float64'))]);
    });
    it('materialising copies of rank-6 windows, reversed and strided views', async () => {
      await same(() => [
        tf.reshape(tf.transpose(t([2, 3, 4, 5, 6, 7], 21), [5, 3, 1, 0, 4, 2]), [-1]),
        tf.reshape(tf.reverse(t([33, 65], 22), [0, 1]), [-1]),
        tf.reshape(tf.stridedSlice(t([40, 50], 23), [1, 2], [39, 49], [3, 4]), [-1]),
        tf.reshape(tf.transpose(t([30, 40], 24, 'int32')), [-1]),
        tf.reshape(tf.transpose(t([30, 40], 25, 'bool')), [-1]),
        tf.reshape(tf.transpose(t([30, 40], 26, 'float64')), [-1]),
      ]);
    });
  });

  describe('reduce', () => {
    const ops = ['sum', 'prod', 'max', 'min', 'argMax', 'argMin'] as const;
    for (const op of ops) {
      it(`${op} over each axis, all axes, transposed views and NaN`, async () => {
        const f = (tf as unknown as Record<string, (x: Tensor, axis?: number | number[]) => Tensor>)[op]!;
        const many = op === 'argMax' || op === 'argMin' ? [0, 1, 2] : [0, 1, 2, [0, 2], [1, 2]];
        await same(() => [
          ...many.map((ax) => f(t([7, 13, 9], 30, 'float32', -1.2, 1.2), ax as number)),
          f(tf.transpose(t([13, 7], 31, 'float32', -1.2, 1.2)), 1),
          f(t([3, 10001], 32, 'float32', -1.2, 1.2), 1),
          f(tf.tensor([1, NaN, 3, 2, 5, 4, 7, 6, 9, 8, 1, 1], [2, 6]), 1),
          f(t([6, 50], 33, 'int32', -5, 5), 1),
          f(t([6, 50], 34, 'float64', -1.2, 1.2), 0),
        ]);
      });
    }
    it('all / any with NaN as false', async () => {
      await same(() => [
        tf.all(tf.tensor([1, NaN, 2, 1, 1, 1], [2, 3], 'float32').notEqual(0), 1),
        tf.all(t([5, 40], 35, 'bool'), 1),
        tf.any(t([5, 40], 36, 'bool'), 0),
      ]);
    });
    it('sum of a [256, 100] batch over axis 0 (column reduction)', async () => {
      await same(() => [tf.sum(t([256, 100], 37), 0), tf.mean(t([256, 100], 38), 0)]);
    });
  });

  describe('matMul', () => {
    const shapes: [number, number, number][] = [[1, 1, 1], [5, 7, 3], [4, 8, 8], [33, 65, 17], [64, 300, 70], [9, 600, 13], [130, 20, 530]];
    for (const [m, k, n] of shapes) {
      it(`[${m},${k}]·[${k},${n}] in all four transpose combinations`, async () => {
        await same(() => [
          tf.matMul(t([m, k], 40), t([k, n], 41)),
          tf.matMul(t([k, m], 42), t([k, n], 43), true, false),
          tf.matMul(t([m, k], 44), t([n, k], 45), false, true),
          tf.matMul(t([k, m], 46), t([n, k], 47), true, true),
        ], 1e-5, 1e-7 * k * 4); // inputs in [-2, 2]: f32 accumulation error ~ K·|a||b|·1e-7
      });
    }
    it('batched with broadcast batch dims', async () => {
      await same(() => [tf.matMul(t([2, 1, 9, 10], 50), t([3, 10, 11], 51)), tf.matMul(t([4, 12, 5], 52), t([5, 6], 53))]);
    });
    it('int32 and float64', async () => {
      await same(() => [tf.matMul(t([9, 10], 54, 'int32', -100, 100), t([10, 11], 55, 'int32', -100, 100)), tf.matMul(t([9, 10], 56, 'float64'), t([10, 11], 57, 'float64'))]);
    });
    const acts = ['linear', 'relu', 'relu6', 'sigmoid', 'tanh', 'elu', 'leakyrelu'] as const;
    for (const activation of acts) {
      it(`fused matMul + bias + ${activation}`, async () => {
        await same(() => [
          tf.fused.matMul({ a: t([17, 23], 60), b: t([23, 19], 61), bias: t([19], 62), activation, leakyreluAlpha: 0.3 }),
          tf.fused.matMul({ a: t([23, 17], 63), b: t([19, 23], 64), transposeA: true, transposeB: true, bias: t([17, 1], 65), activation }),
          tf.fused.matMul({ a: t([2, 5, 6], 66), b: t([2, 6, 7], 67), activation }),
        ]);
      });
    }
  });

  describe('indexing', () => {
    it('gather, unsortedSegmentSum, cumsum, cumprod, topk', async () => {
      const idx = () => tf.tensor([3, 0, 2, 2, 9, 1], [6], 'int32');
      await same(() => [
        tf.gather(t([10, 7], 70), idx()),
        tf.gather(tf.transpose(t([7, 10], 71)), idx(), 0),
        tf.gather(t([4, 10, 3], 72, 'int32'), idx(), 1),
        tf.unsortedSegmentSum(t([6, 5], 73), tf.tensor([1, 0, 1, 3, 3, 1], [6], 'int32'), 4),
        tf.cumsum(t([5, 300], 74), 1),
        tf.cumsum(t([5, 30], 75, 'int32'), 0, true, true),
        tf.cumprod(t([4, 20], 76, 'float32', 0.5, 1.5), 1),
        ...Object.values(tf.topk(t([6, 40], 77), 5)),
        ...Object.values(tf.topk(tf.tensor([1, NaN, 3, 3, -1, 2], [6]), 6, false)),
      ]);
    });
    it('gather rejects an out-of-range index with a RangeError naming it', async () => {
      await tf.setBackend(sut);
      const x = tf.tensor([1, 2, 3]);
      const i = tf.tensor([0, 5], [2], 'int32');
      expect(() => tf.gather(x, i)).toThrow(/5/);
      x.dispose();
      i.dispose();
    });
    it('pad, concat, conv2d and its gradients, pools', async () => {
      await same(() => {
        const x = t([2, 9, 8, 3], 80);
        const f = t([3, 3, 3, 5], 81);
        return [
          tf.pad(x, [[0, 0], [1, 2], [0, 1], [0, 0]], 0.5),
          tf.concat([t([3, 4], 82), t([3, 2], 83)], 1),
          tf.conv2d(x, f, 1, 'same'),
          tf.conv2d(x, f, [2, 2], 'valid', 'NHWC', [1, 1]),
          tf.conv2d(x, f, 1, 'valid', 'NHWC', [2, 2]),
          tf.maxPool(x, 2, 2, 'valid'),
          tf.avgPool(x, 3, 1, 'same'),
        ];
      });
    });
  });
});
