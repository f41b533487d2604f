// The packed GEMM behind matMul and fusedMatMul, checked against a naive float64 triple loop: shapes around the
// tile (4×4) and block sizes (KC 256, MC 128, NC 512, RB 512; the direct path takes < 4 rows, < 3 columns or
// < 512 multiply-adds),
// every transpose, strided/reversed/broadcast views, dtypes, IEEE specials, and the fused epilogue.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import type { DType, FusedActivation, TypedArray, View } from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { matMul } from './matmul.js';
import { fusedMatMul } from './fused-matmul.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
});

/** A small deterministic generator (mulberry32), so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function arrayOf(dtype: DType, n: number, rand: () => number): TypedArray {
  switch (dtype) {
    case 'float32':
      return Float32Array.from({ length: n }, () => rand() * 2 - 1);
    case 'float64':
      return Float64Array.from({ length: n }, () => rand() * 2 - 1);
    case 'int32':
      return Int32Array.from({ length: n }, () => Math.floor(rand() * 2001) - 1000);
    case 'bool':
      return Uint8Array.from({ length: n }, () => (rand() < 0.5 ? 1 : 0));
  }
}

const at = (v: View<TypedArray>, b: number, i: number, j: number) => v.buffer[v.offset + b * v.strides[0]! + i * v.strides[1]! + j * v.strides[2]!]!;

/** Naive float64 product through the views, plus Σ|a·b| per entry (the scale of its rounding error). */
function reference(a: View<TypedArray>, b: View<TypedArray>): { sum: Float64Array; scale: Float64Array } {
  const [batch, m, k] = a.shape as [number, number, number];
  const n = b.shape[2]!;
  const sum = new Float64Array(batch * m * n);
  const scale = new Float64Array(batch * m * n);
  for (let bi = 0; bi < batch; bi++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        let t = 0;
        for (let p = 0; p < k; p++) {
          const x = at(a, bi, i, p) * at(b, bi, p, j);
          s += x;
          t += Math.abs(x);
        }
        sum[(bi * m + i) * n + j] = s;
        scale[(bi * m + i) * n + j] = t;
      }
    }
  }
  return { sum, scale };
}

/** Entry-wise check: exact for int32, else within a few roundings of the double sum (NaN matches NaN). */
function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, scale: ArrayLike<number>, dtype: DType): void {
  expect(got.length).toBe(want.length);
  const rel = dtype === 'float64' ? 1e-13 : 1e-6;
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    if (dtype === 'int32' || Number.isNaN(w) || !Number.isFinite(w)) {
      if (!Object.is(g, w) && !(g === w)) expect({ index: i, got: g }).toEqual({ index: i, got: w });
      continue;
    }
    const tol = rel * (Math.abs(w) + scale[i]!) + 1e-30;
    if (!(Math.abs(g - w) <= tol)) expect({ index: i, got: g, diff: Math.abs(g - w) }).toEqual({ index: i, got: w, diff: `<= ${tol}` });
  }
}

/**
 * A [batch, rows, cols] view onto a fresh random buffer with the given layout: `order` lists dims from outermost to
 * innermost in memory, `flip` reverses dims (negative strides), `gap` spaces the innermost dim, `pad` shifts the
 * offset, and `broadcast` gives the batch stride 0.
 */
function makeView(
  shape: [number, number, number], dtype: DType, rand: () => number,
  opts: { order?: [number, number, number]; flip?: [boolean, boolean, boolean]; gap?: number; pad?: number; broadcast?: boolean } = {},
): View<TypedArray> {
  const order = opts.order ?? [0, 1, 2];
  const strides = [0, 0, 0];
  let step = opts.gap ?? 1;
  for (let q = 2; q >= 0; q--) {
    const d = order[q]!;
    if (d === 0 && opts.broadcast) continue;
    strides[d] = step;
    step *= Math.max(1, shape[d]!);
  }
  let offset = opts.pad ?? 0;
  for (let d = 0; d < 3; d++) {
    if (opts.flip?.[d] && shape[d]! > 1) {
      offset += (shape[d]! - 1) * strides[d]!;
      strides[d] = -strides[d]!;
    }
  }
  const buffer = arrayOf(dtype, step + (opts.pad ?? 0) + 3, rand);
  return { buffer, dtype, shape, strides, offset };
}

function checkKernel(a: View<TypedArray>, b: View<TypedArray>, dtype: DType): void {
  const { sum, scale } = reference(a, b);
  const out = matMul(a, b, dtype);
  expect(out.length).toBe(sum.length);
  const want = dtype === 'float32' ? Float32Array.from(sum) : dtype === 'int32' ? Int32Array.from(sum) : sum;
  expectClose(out, want, scale, dtype);
}

// [batch, M, K, N]: the tile and every block boundary, the direct path and the packed path.
const SHAPES: [number, number, number, number][] = [
  [1, 1, 1, 1],
  [1, 7, 13, 5],
  [1, 4, 4, 4],
  [1, 5, 3, 7],
  [1, 9, 13, 7],
  [1, 3, 50, 40],
  [1, 40, 30, 2],
  [1, 16, 16, 16],
  [1, 17, 300, 9],
  [1, 9, 513, 4],
  [1, 130, 20, 515],
  [1, 520, 8, 6],
  [1, 64, 64, 64],
  [3, 6, 11, 10],
  [2, 33, 70, 29],
];

describe('matMul kernel (direct calls)', () => {
  it.each(SHAPES)('batch %i, %i×%i · %i: all transposes, float32', (batch, m, k, n) => {
    const rand = rng(batch * 1000003 + m * 1009 + k * 31 + n);
    for (const ta of [false, true]) {
      for (const tb of [false, true]) {
        const a = makeView([batch, m, k], 'float32', rand, { order: ta ? [0, 2, 1] : [0, 1, 2] });
        const b = makeView([batch, k, n], 'float32', rand, { order: tb ? [0, 2, 1] : [0, 1, 2] });
        checkKernel(a, b, 'float32');
      }
    }
  });

  it.each(['float64', 'int32'] as const)('%s: exact dtype handling over block boundaries', (dtype) => {
    const rand = rng(dtype.length);
    for (const [batch, m, k, n] of [[1, 7, 13, 5], [1, 17, 300, 9], [2, 33, 70, 29], [1, 130, 20, 515]] as const) {
      checkKernel(makeView([batch, m, k], dtype, rand), makeView([batch, k, n], dtype, rand, { order: [0, 2, 1] }), dtype);
    }
  });

  it('mixed input dtypes (int32 · float32 → float32)', () => {
    const rand = rng(7);
    checkKernel(makeView([1, 9, 21], 'int32', rand), makeView([1, 21, 11], 'float32', rand), 'float32');
  });

  it('offsets, gaps, negative strides and broadcast batches', () => {
    const rand = rng(11);
    for (const [batch, m, k, n] of [[1, 7, 13, 5], [3, 21, 40, 18], [2, 130, 9, 6], [4, 2, 30, 33]] as const) {
      const layouts = [
        { pad: 5, gap: 2 },
        { flip: [false, true, false] as [boolean, boolean, boolean], pad: 3 },
        { flip: [true, true, true] as [boolean, boolean, boolean], order: [1, 2, 0] as [number, number, number] },
        { broadcast: true, pad: 1 },
        { broadcast: true, flip: [false, false, true] as [boolean, boolean, boolean], order: [0, 2, 1] as [number, number, number] },
      ];
      for (const la of layouts) {
        for (const lb of layouts) {
          checkKernel(makeView([batch, m, k], 'float32', rand, la), makeView([batch, k, n], 'float32', rand, lb), 'float32');
        }
      }
    }
  });

  it('empty dims: M, N or batch 0 give empty results; K = 0 gives zeros', () => {
    const rand = rng(3);
    expect(matMul(makeView([1, 0, 5], 'float32', rand), makeView([1, 5, 7], 'float32', rand), 'float32').length).toBe(0);
    expect(matMul(makeView([1, 6, 5], 'float32', rand), makeView([1, 5, 0], 'float32', rand), 'float32').length).toBe(0);
    expect(matMul(makeView([0, 6, 5], 'float32', rand), makeView([0, 5, 4], 'float32', rand), 'float32').length).toBe(0);
    for (const [m, n] of [[3, 2], [40, 70]]) {
      const out = matMul(makeView([2, m!, 0], 'float32', rand), makeView([2, 0, n!], 'float32', rand), 'float32');
      expect(Array.from(out)).toEqual(new Array(2 * m! * n!).fill(0));
    }
  });

  it('NaN and ±Infinity propagate as IEEE (no zero skipping), on both paths', () => {
    for (const [m, k, n] of [[2, 3, 2], [9, 300, 10]]) {
      const rand = rng(m! + k!);
      const a = makeView([1, m!, k!], 'float32', rand);
      const b = makeView([1, k!, n!], 'float32', rand);
      const A = a.buffer as Float32Array;
      const B = b.buffer as Float32Array;
      A[0 * k! + 1] = NaN; // row 0: NaN everywhere
      A[1 * k! + 2] = Infinity; // row 1: ±Inf, or NaN where b[2, j] is 0
      B[2 * n! + 0] = 0;
      B[0 * n! + 1] = -Infinity; // column 1: ±Inf, NaN where it meets row 1's Inf with the other sign
      const out = matMul(a, b, 'float32');
      const { sum, scale } = reference(a, b);
      expectClose(out, Float32Array.from(sum), scale, 'float32');
      expect(Number.isNaN(out[0]!)).toBe(true);
      expect(Number.isNaN(out[n!]!)).toBe(true); // Inf · 0
    }
  });
});

describe('matMul through the public ops', () => {
  const host = (t: tf.Tensor) => Array.from(t.dataSync());
  /** Reference over host data: a [.., M, K] (or its transpose) times b, batch dims broadcast as tfjs. */
  function refMatMul(a: tf.Tensor, b: tf.Tensor, ta: boolean, tb: boolean) {
    const A = ta ? tf.transpose(a, [...a.shape.keys()].map((i, _, all) => (i < all.length - 2 ? i : all.length * 2 - 3 - i))) : a;
    const B = tb ? tf.transpose(b, [...b.shape.keys()].map((i, _, all) => (i < all.length - 2 ? i : all.length * 2 - 3 - i))) : b;
    const m = A.shape[A.rank - 2]!;
    const k = A.shape[A.rank - 1]!;
    const n = B.shape[B.rank - 1]!;
    const batchA = A.shape.slice(0, -2);
    const batchB = B.shape.slice(0, -2);
    const batch = batchA.length >= batchB.length ? batchA : batchB;
    const nb = batch.reduce((x, y) => x * y, 1);
    const a3 = { buffer: Float64Array.from(host(tf.broadcastTo(A, [...batch, m, k]))), dtype: 'float64' as DType, shape: [nb, m, k], strides: [m * k, k, 1], offset: 0 };
    const b3 = { buffer: Float64Array.from(host(tf.broadcastTo(B, [...batch, k, n]))), dtype: 'float64' as DType, shape: [nb, k, n], strides: [k * n, n, 1], offset: 0 };
    return { ...reference(a3, b3), shape: [...batch, m, n] };
  }

  it('every transpose combination, batched and broadcast, matches the naive product', () => {
    const rand = rng(21);
    const before = tf.memory().numTensors;
    for (const [sa, sb] of [
      [[7, 13], [13, 5]],
      [[2, 3, 33, 70], [70, 29]],
      [[130, 20], [20, 515]],
      [[3, 17, 300], [1, 300, 9]],
    ] as [number[], number[]][]) {
      for (const ta of [false, true]) {
        for (const tb of [false, true]) {
          tf.tidy(() => {
            const shA = ta ? [...sa.slice(0, -2), sa.at(-1)!, sa.at(-2)!] : sa;
            const shB = tb ? [...sb.slice(0, -2), sb.at(-1)!, sb.at(-2)!] : sb;
            const a = tf.tensor(arrayOf('float32', shA.reduce((x, y) => x * y, 1), rand), shA);
            const b = tf.tensor(arrayOf('float32', shB.reduce((x, y) => x * y, 1), rand), shB);
            const got = tf.matMul(a, b, ta, tb);
            const { sum, scale, shape } = refMatMul(a, b, ta, tb);
            expect(got.shape).toEqual(shape);
            expectClose(got.dataSync(), Float32Array.from(sum), scale, 'float32');
          });
        }
      }
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('transposed, reversed and sliced operands (views) give the same result as contiguous copies', () => {
    const rand = rng(5);
    tf.tidy(() => {
      const big = tf.tensor(arrayOf('float32', 40 * 300, rand), [40, 300]);
      const a = tf.slice(big, [3, 7], [21, 260]); // offset + row stride 300
      const b = tf.reverse(tf.transpose(tf.slice(big, [1, 2], [33, 260])), [0, 1]); // [260, 33], negative strides
      const got = tf.matMul(a, b);
      const want = tf.matMul(tf.tensor(a.dataSync(), a.shape), tf.tensor(b.dataSync(), b.shape));
      expect(Array.from(got.dataSync())).toEqual(Array.from(want.dataSync()));
      const gotT = tf.matMul(tf.transpose(a), b, true, false);
      expect(Array.from(gotT.dataSync())).toEqual(Array.from(want.dataSync()));
    });
  });

  it('int32 and float64 tensors', () => {
    const rand = rng(9);
    tf.tidy(() => {
      for (const dtype of ['int32', 'float64'] as const) {
        const a = tf.tensor(arrayOf(dtype, 9 * 270, rand), [9, 270], dtype);
        const b = tf.tensor(arrayOf(dtype, 270 * 6, rand), [6, 270], dtype);
        const got = tf.matMul(a, b, false, true);
        expect(got.dtype).toBe(dtype);
        const { sum, scale } = refMatMul(a, b, false, true);
        expectClose(got.dataSync(), dtype === 'int32' ? Int32Array.from(sum) : sum, scale, dtype);
      }
    });
  });
});

describe('fusedMatMul', () => {
  const ACTS: FusedActivation[] = ['linear', 'relu', 'relu6', 'sigmoid', 'tanh', 'elu', 'leakyrelu'];

  /** Core's composition, written out: matMul, then add, then the activation op. */
  function composed(a: tf.Tensor, b: tf.Tensor, ta: boolean, tb: boolean, bias: tf.Tensor | undefined, act: FusedActivation, alpha: number) {
    const y = tf.matMul(a, b, ta, tb);
    const z = bias ? tf.add(y, bias) : y;
    switch (act) {
      case 'linear':
        return z;
      case 'relu':
        return tf.relu(z);
      case 'relu6':
        return tf.relu6(z);
      case 'sigmoid':
        return tf.sigmoid(z);
      case 'tanh':
        return tf.tanh(z);
      case 'elu':
        return tf.elu(z);
      case 'leakyrelu':
        return tf.leakyRelu(z, alpha);
    }
  }

  it('the CPU backend provides the fused kernel', () => {
    expect(typeof cpu().kernels.fusedMatMul).toBe('function');
  });

  it.each(ACTS)('%s, with and without bias, equals matMul + add + activation exactly', (act) => {
    const rand = rng(act.length * 17);
    const before = tf.memory().numTensors;
    for (const dtype of ['float32', 'float64'] as const) {
      for (const [sa, sb, sbias] of [
        [[7, 13], [13, 5], [5]],
        [[2, 3, 33, 70], [70, 29], [3, 1, 29]],
        [[130, 20], [20, 515], [130, 515]],
        [[17, 300], [300, 9], [1, 9]],
      ] as [number[], number[], number[]][]) {
        for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]]) {
          tf.tidy(() => {
            const shA = ta ? [...sa.slice(0, -2), sa.at(-1)!, sa.at(-2)!] : sa;
            const shB = tb ? [...sb.slice(0, -2), sb.at(-1)!, sb.at(-2)!] : sb;
            // scaled so activations see both sides of 0 and 6, plus NaN/±Inf entries
            const av = arrayOf(dtype, shA.reduce((x, y) => x * y, 1), rand).map((x) => x * 2);
            av[1] = NaN;
            av[av.length - 1] = Infinity;
            const a = tf.tensor(av, shA, dtype);
            const b = tf.tensor(arrayOf(dtype, shB.reduce((x, y) => x * y, 1), rand), shB, dtype);
            const bias = tf.tensor(arrayOf(dtype, sbias.reduce((x, y) => x * y, 1), rand).map((x) => x * 4), sbias, dtype);
            for (const withBias of [false, true]) {
              const args = { a, b, transposeA: ta, transposeB: tb, activation: act, leakyreluAlpha: 0.3, ...(withBias ? { bias } : {}) };
              const got = tf.fused.matMul(args);
              const want = composed(a, b, ta!, tb!, withBias ? bias : undefined, act, 0.3);
              expect(got.shape).toEqual(want.shape);
              expect(got.dtype).toBe(want.dtype);
              expect(Array.from(got.dataSync())).toEqual(Array.from(want.dataSync()));
            }
          });
        }
      }
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('direct kernel call with a broadcast (stride 0) bias view and K = 0', () => {
    const rand = rng(99);
    const a = makeView([2, 9, 0], 'float32', rand);
    const b = makeView([2, 0, 6], 'float32', rand);
    const bias: View<TypedArray> = { buffer: Float32Array.from([-1, 2, -3, 4, 7, NaN]), dtype: 'float32', shape: [2, 9, 6], strides: [0, 0, 1], offset: 0 };
    const out = fusedMatMul(a, b, bias, 'relu6', 0.2, 'float32');
    const row = [0, 2, 0, 4, 6, NaN];
    expect(Array.from(out)).toEqual(new Array(18).fill(row).flat());
    const lin = fusedMatMul(makeView([1, 5, 40], 'float32', rand), makeView([1, 40, 3], 'float32', rand), null, 'linear', 0.2, 'float32');
    expect(lin.length).toBe(15);
  });
});
