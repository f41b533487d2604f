import * as tf from '@tessera/core';
import * as tfjs from '@tensorflow/tfjs';
import { bySize, hostRandom, ours, theirs } from './types.js';
import type { Workload } from './types.js';

/** Workload 4 (an elementwise chain over 1M floats) and 10 (per-op overhead: 1,000 adds on [16] tensors). */

/** relu((tanh(x·y + 0.5)·x − 0.1)): six elementwise ops, each a new tensor on both sides. */
export const elementwiseChain: Workload = {
  id: 4,
  name: 'elementwise chain on 1M floats',
  cases: ({ size }) => {
    const n = bySize(size, { tiny: 1024, quick: 1 << 20, full: 1 << 20 });
    const x = hostRandom([n], 6);
    const y = hostRandom([n], 7);
    return [
      {
        workload: 4,
        id: `n${n}`,
        title: `relu(tanh(x·y + 0.5)·x − 0.1), ${n.toLocaleString('en-US')} floats (6 ops)`,
        ours: () => {
          const [X, Y] = [ours(x), ours(y)];
          return {
            step: async () => {
              const z = tf.tidy(() => tf.relu(tf.sub(tf.mul(tf.tanh(tf.add(tf.mul(X, Y), 0.5)), X), 0.1)));
              await z.data();
              z.dispose();
            },
            dispose: () => tf.dispose([X, Y]),
          };
        },
        theirs: () => {
          const [X, Y] = [theirs(x), theirs(y)];
          return {
            step: async () => {
              const z = tfjs.tidy(() => tfjs.relu(tfjs.sub(tfjs.mul(tfjs.tanh(tfjs.add(tfjs.mul(X, Y), 0.5)), X), 0.1)));
              await z.data();
              z.dispose();
            },
            dispose: () => tfjs.dispose([X, Y]),
          };
        },
      },
    ];
  },
};

/** 1,000 dependent adds (each disposes the previous result), then one read: the dispatch cost per op. */
export const perOpOverhead: Workload = {
  id: 10,
  name: 'per-op overhead: 1,000 adds on [16]',
  cases: ({ size }) => {
    const ops = size === 'tiny' ? 50 : 1000;
    const a = hostRandom([16], 8);
    const b = hostRandom([16], 9, -1e-3, 1e-3);
    return [
      {
        workload: 10,
        id: `adds${ops}`,
        title: `${ops.toLocaleString('en-US')} × add([16], [16]) (time per 1,000 ops = µs per op)`,
        ours: () => {
          const [A, B] = [ours(a), ours(b)];
          return {
            step: async () => {
              let c = tf.add(A, B);
              for (let i = 1; i < ops; i++) {
                const next = tf.add(c, B);
                c.dispose();
                c = next;
              }
              await c.data();
              c.dispose();
            },
            dispose: () => tf.dispose([A, B]),
          };
        },
        theirs: () => {
          const [A, B] = [theirs(a), theirs(b)];
          return {
            step: async () => {
              let c = tfjs.add(A, B);
              for (let i = 1; i < ops; i++) {
                const next = tfjs.add(c, B);
                c.dispose();
                c = next;
              }
              await c.data();
              c.dispose();
            },
            dispose: () => tfjs.dispose([A, B]),
          };
        },
      },
    ];
  },
};
