import * as tf from '@tessera/core';
import { grads, valueAndGrad } from '@tessera/autograd';
import { categoricalCrossentropy } from '@tessera/losses';
import * as tfjs from '@tensorflow/tfjs';
import type { BenchCase } from '../harness.js';
import { hostOneHot, hostRandom, ours, theirs } from './types.js';
import type { Workload } from './types.js';

/** Workloads 6 (softmax cross-entropy forward + backward) and 7 (conv2d forward and backward). */

export const softmaxCrossEntropy: Workload = {
  id: 6,
  name: 'softmax cross-entropy, forward + backward',
  cases: ({ size }) => {
    const shapes: [number, number][] = size === 'tiny' ? [[8, 10]] : size === 'quick' ? [[128, 10]] : [[128, 10], [512, 1000]];
    return shapes.map(([n, c]): BenchCase => {
      const logits = hostRandom([n, c], 10, -3, 3);
      const labels = hostOneHot(n, c, 11);
      return {
        workload: 6,
        id: `${n}x${c}`,
        title: `mean CE(softmax(logits ${n}×${c})) and d/dlogits`,
        note: 'Tessera: mean(categoricalCrossentropy(fromLogits)); tfjs: losses.softmaxCrossEntropy (its fused gradient)',
        ours: () => {
          const [L, Y] = [ours(logits), ours(labels)];
          const f = valueAndGrad((l) => tf.mean(categoricalCrossentropy(Y, l, { fromLogits: true })));
          return {
            step: async () => {
              const { value, grad } = f(L);
              await Promise.all([value.data(), grad.data()]);
              tf.dispose([value, grad]);
            },
            dispose: () => tf.dispose([L, Y]),
          };
        },
        theirs: () => {
          const [L, Y] = [theirs(logits), theirs(labels)];
          const f = tfjs.valueAndGrad((l: tfjs.Tensor) => tfjs.losses.softmaxCrossEntropy(Y, l));
          return {
            step: async () => {
              const { value, grad } = f(L);
              await Promise.all([value.data(), grad.data()]);
              tfjs.dispose([value, grad]);
            },
            dispose: () => tfjs.dispose([L, Y]),
          };
        },
      };
    });
  },
};

export const conv2d: Workload = {
  id: 7,
  name: 'conv2d forward and backward',
  cases: ({ size }) => {
    // tfjs's CPU filter gradient is a plain loop nest (about a minute at batch 32 here): the quick run uses batch 2.
    const [n, h, w, c, oc] = size === 'tiny' ? [2, 6, 6, 3, 4] : size === 'quick' ? [2, 28, 28, 16, 32] : [32, 28, 28, 16, 32];
    const x = hostRandom([n, h, w, c], 12);
    const f = hostRandom([3, 3, c, oc], 13, -0.2, 0.2);
    const dy = hostRandom([n, h, w, oc], 14);
    const macs = n * h * w * oc * 9 * c;
    const shape = `[${n},${h},${w},${c}] ⊛ [3,3,${c},${oc}], stride 1, same`;
    const oursCase = (run: (X: tf.Tensor, F: tf.Tensor, DY: tf.Tensor) => tf.Tensor[]) => () => {
      const [X, F, DY] = [ours(x), ours(f), ours(dy)];
      return {
        step: async () => {
          const outs = run(X, F, DY);
          await Promise.all(outs.map((o) => o.data()));
          tf.dispose(outs);
        },
        dispose: () => tf.dispose([X, F, DY]),
      };
    };
    const theirsCase = (run: (X: tfjs.Tensor4D, F: tfjs.Tensor4D, DY: tfjs.Tensor4D) => tfjs.Tensor[]) => () => {
      const [X, F, DY] = [theirs(x), theirs(f), theirs(dy)] as tfjs.Tensor4D[];
      return {
        step: async () => {
          const outs = run(X!, F!, DY!);
          await Promise.all(outs.map((o) => o.data()));
          tfjs.dispose(outs);
        },
        dispose: () => tfjs.dispose([X!, F!, DY!]),
      };
    };
    const oursGrads = grads((X, F) => tf.conv2d(X, F, 1, 'same'));
    const theirsGrads = tfjs.grads((X: tfjs.Tensor, F: tfjs.Tensor) => tfjs.conv2d(X as tfjs.Tensor4D, F as tfjs.Tensor4D, 1, 'same'));
    return [
      {
        workload: 7,
        id: 'forward',
        title: `forward ${shape}`,
        flops: 2 * macs,
        ours: oursCase((X, F) => [tf.conv2d(X, F, 1, 'same')]),
        theirs: theirsCase((X, F) => [tfjs.conv2d(X, F, 1, 'same')]),
      },
      {
        workload: 7,
        id: 'backprop-input',
        title: `dx = conv2dTranspose(dy, filter), ${shape}`,
        flops: 2 * macs,
        note: "the input gradient on its own: both libraries' conv2dTranspose is the conv2d input gradient",
        ours: oursCase((_X, F, DY) => [tf.conv2dTranspose(DY, F, [n, h, w, c], 1, 'same')]),
        theirs: theirsCase((_X, F, DY) => [tfjs.conv2dTranspose(DY, F, [n, h, w, c], 1, 'same')]),
      },
      {
        workload: 7,
        id: 'forward-backward',
        title: `forward + dx + dfilter (grads), ${shape}`,
        flops: 6 * macs,
        note: 'neither library exposes the filter gradient alone, so this times grads() of the conv: forward and both backward passes',
        ours: oursCase((X, F, DY) => oursGrads([X, F], DY)),
        theirs: theirsCase((X, F, DY) => theirsGrads([X, F], DY)),
      },
    ];
  },
};
