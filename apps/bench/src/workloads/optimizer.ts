import * as tf from '@tessera/core';
import { Adam } from '@tessera/optimizers';
import * as tfjs from '@tensorflow/tfjs';
import { hostRandom, ours, theirs } from './types.js';
import type { HostTensor } from './models.js';
import type { Workload } from './types.js';
import { LEARNING_RATE, theirsAdam } from './models.js';

/** Workload 5: one Adam update over the MLP's 535,818 parameters (gradients fixed, state carried across steps). */

const MLP_SHAPES = [[784, 512], [512], [512, 256], [256], [256, 10], [10]];

let uniq = 0;

export const adamUpdate: Workload = {
  id: 5,
  name: 'Adam update over 535,818 parameters',
  cases: ({ size }) => {
    const shapes = size === 'tiny' ? [[12, 8], [8], [8, 4], [4]] : MLP_SHAPES;
    const params = shapes.reduce((s, sh) => s + sh.reduce((a, b) => a * b, 1), 0);
    const values: HostTensor[] = shapes.map((s, i) => hostRandom(s, 100 + i, -0.1, 0.1));
    const grads: HostTensor[] = shapes.map((s, i) => hostRandom(s, 200 + i, -0.01, 0.01));
    return [
      {
        workload: 5,
        id: `p${params}`,
        title: `Adam(1e-3).applyGradients, ${params.toLocaleString('en-US')} parameters in ${shapes.length} variables`,
        ours: () => {
          const vars = values.map((v, i) => {
            const init = ours(v);
            const x = tf.variable(init, true, `bench_adam_${uniq++}_${i}`);
            init.dispose(); // the variable aliases its storage
            return x;
          });
          const gs = grads.map(ours);
          const opt = new Adam({ learningRate: LEARNING_RATE });
          const pairs = gs.map((g, i) => [g, vars[i]!] as const);
          const last = vars[vars.length - 1]!;
          return {
            step: async () => {
              opt.applyGradients(pairs);
              await last.data(); // queued backends finish every update before the last one's
            },
            dispose: () => {
              opt.dispose();
              tf.dispose([...vars, ...gs]);
            },
          };
        },
        theirs: () => {
          const names = values.map((_, i) => `bench_adam_${uniq++}_${i}`);
          const vars = values.map((v, i) => {
            const init = theirs(v);
            const x = tfjs.variable(init, true, names[i]);
            init.dispose();
            return x;
          });
          const gs = grads.map(theirs);
          const opt = theirsAdam();
          const named: Extract<Parameters<tfjs.Optimizer['applyGradients']>[0], unknown[]> = names.map((name, i) => ({ name, tensor: gs[i]! }));
          const last = vars[vars.length - 1]!;
          return {
            step: async () => {
              opt.applyGradients(named);
              await last.data();
            },
            dispose: () => {
              opt.dispose();
              tfjs.dispose([...vars, ...gs]);
            },
          };
        },
      },
    ];
  },
};
