import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import * as tfjs from '@tensorflow/tfjs';
import { cpu } from '@tessera/backend-cpu';
import { RepeatVector } from './repeat-vector.js';
import { input } from '../core/input.js';
import { deserializeLayer, serializeLayer } from '../registry.js';
import { compareWeightlessLayerWithTfjs } from '../convolutional/parity-helpers.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
  await tfjs.setBackend('cpu');
});

describe('RepeatVector', () => {
  it('matches tfjs-layers forward and backward', async () => {
    const before = tf.memory().numTensors;
    for (const n of [1, 3]) {
      await compareWeightlessLayerWithTfjs({ ours: new RepeatVector({ n }), theirs: tfjs.layers.repeatVector({ n }), inputShape: [2, 4] });
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('infers shapes symbolically and round-trips its config', async () => {
    expect(new RepeatVector({ n: 5 }).apply(input({ shape: [3] })).shape).toEqual([null, 5, 3]);
    const x = tf.tensor([[1, 2]]);
    const y = new RepeatVector({ n: 2 }).apply(x);
    expect(await y.array()).toEqual([
      [
        [1, 2],
        [1, 2],
      ],
    ]);
    [x, y].forEach((t) => t.dispose());
    const layer = new RepeatVector({ n: 4, name: 'cfg_rv' });
    const { className, config } = serializeLayer(layer);
    expect(config.n).toBe(4);
    expect({ ...deserializeLayer({ className, config: { ...config, name: 'x' } }).getConfig(), name: 'cfg_rv' }).toEqual(config);
  });

  it('rejects bad arguments and inputs in Keras words', () => {
    expect(() => new RepeatVector({ n: 1.5 })).toThrow('Invalid value for argument `n`. Expected a non-negative integer. Received: n=1.5');
    const x = tf.zeros([2, 3, 4]);
    expect(() => new RepeatVector({ n: 2, name: 'repeat_vector' }).apply(x)).toThrow(
      'Input 0 of layer "repeat_vector" is incompatible with the layer: expected ndim=2, found ndim=3. Full shape received: (2, 3, 4)',
    );
    x.dispose();
  });
});
