import * as tf from '@tessera/core';
import * as tfjs from '@tensorflow/tfjs';
import type { BenchCase } from '../harness.js';
import { bySize, hostRandom, ours, theirs } from './types.js';
import type { Workload } from './types.js';

/** Workloads 1-3: square matMul (GFLOPS), the MLP's matMul shapes forward and backward, dense + bias + ReLU. */

interface Mm {
  id: string;
  title: string;
  /** Output rows, inner size, output columns. */
  m: number;
  k: number;
  n: number;
  transposeA?: boolean;
  transposeB?: boolean;
}

function matMulCase(workload: number, s: Mm): BenchCase {
  const { m, k, n, transposeA = false, transposeB = false } = s;
  const a = hostRandom(transposeA ? [k, m] : [m, k], 1);
  const b = hostRandom(transposeB ? [n, k] : [k, n], 2);
  return {
    workload,
    id: s.id,
    title: s.title,
    flops: 2 * m * n * k,
    ours: () => {
      const A = ours(a);
      const B = ours(b);
      return {
        step: async () => {
          const c = tf.matMul(A, B, transposeA, transposeB);
          await c.data();
          c.dispose();
        },
        dispose: () => tf.dispose([A, B]),
      };
    },
    theirs: () => {
      const A = theirs(a);
      const B = theirs(b);
      return {
        step: async () => {
          const c = tfjs.matMul(A, B, transposeA, transposeB);
          await c.data();
          c.dispose();
        },
        dispose: () => tfjs.dispose([A, B]),
      };
    },
  };
}

export const squareMatMul: Workload = {
  id: 1,
  name: 'matMul n×n (GFLOPS)',
  cases: ({ size, backend }) =>
    // tfjs's pure-JS matMul takes seconds at 1024²: the quick cpu run leaves it to the full run.
    bySize(size, { tiny: [8, 16], quick: backend === 'cpu' ? [128, 512] : [128, 512, 1024], full: [64, 128, 256, 512, 1024] }).map((n) =>
      matMulCase(1, { id: `n${n}`, title: `${n}×${n} · ${n}×${n}`, m: n, k: n, n }),
    ),
};

/** The three matMuls of each Dense layer of the 784-512-256-10 MLP at batch 128: y = x·W, dx = dy·Wᵀ, dW = xᵀ·dy. */
export const mlpMatMuls: Workload = {
  id: 2,
  name: "the MLP's matMul shapes, forward and backward",
  cases: ({ size }) => {
    const batch = size === 'tiny' ? 4 : 128;
    const dims: [number, number][] = size === 'tiny' ? [[12, 8]] : size === 'quick' ? [[784, 512]] : [[784, 512], [512, 256], [256, 10]];
    return dims.flatMap(([i, o]) => [
      matMulCase(2, { id: `fwd-${i}x${o}`, title: `forward x·W: ${batch}×${i} · ${i}×${o}`, m: batch, k: i, n: o }),
      matMulCase(2, { id: `dx-${i}x${o}`, title: `dx = dy·Wᵀ: ${batch}×${o} · (${i}×${o})ᵀ`, m: batch, k: o, n: i, transposeB: true }),
      matMulCase(2, { id: `dw-${i}x${o}`, title: `dW = xᵀ·dy: (${batch}×${i})ᵀ · ${batch}×${o}`, m: i, k: batch, n: o, transposeA: true }),
    ]);
  },
};

/** fused.matMul with bias and ReLU on both sides (tfjs's fused kernel; ours where the backend has one). */
export const denseBiasRelu: Workload = {
  id: 3,
  name: 'dense + bias + ReLU (fused.matMul)',
  cases: ({ size }) => {
    const shapes: [number, number, number][] = size === 'tiny' ? [[4, 12, 8]] : size === 'quick' ? [[128, 784, 512]] : [[128, 784, 512], [128, 512, 256]];
    return shapes.map(([m, k, n]): BenchCase => {
      const x = hostRandom([m, k], 3);
      const w = hostRandom([k, n], 4);
      const bias = hostRandom([n], 5);
      return {
        workload: 3,
        id: `${m}x${k}x${n}`,
        title: `relu(${m}×${k} · ${k}×${n} + bias)`,
        flops: 2 * m * n * k,
        ours: () => {
          const [X, W, B] = [ours(x), ours(w), ours(bias)];
          return {
            step: async () => {
              const y = tf.fused.matMul({ a: X, b: W, bias: B, activation: 'relu' });
              await y.data();
              y.dispose();
            },
            dispose: () => tf.dispose([X, W, B]),
          };
        },
        theirs: () => {
          const [X, W, B] = [theirs(x), theirs(w), theirs(bias)];
          return {
            step: async () => {
              const y = tfjs.fused.matMul({ a: X as tfjs.Tensor2D, b: W as tfjs.Tensor2D, bias: B, activation: 'relu' });
              await y.data();
              y.dispose();
            },
            dispose: () => tfjs.dispose([X, W, B]),
          };
        },
      };
    });
  },
};
