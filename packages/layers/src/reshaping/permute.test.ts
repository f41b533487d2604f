import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import * as tfjs from '@tensorflow/tfjs';
import { cpu } from '@tessera/backend-cpu';
import { Permute } from './permute.js';
import { input } from '../core/input.js';
import { deserializeLayer, serializeLayer } from '../registry.js';
import { compareWeightlessLayerWithTfjs } from '../convolutional/parity-helpers.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
  await tfjs.setBackend('cpu');
});

describe('Permute', () => {
  it('matches tfjs-layers forward and backward', async () => {
    const before = tf.memory().numTensors;
    for (const [dims, shape] of [
      [[2, 1], [2, 3, 4]],
      [[3, 1, 2], [2, 3, 4, 2]],
      [[1, 3, 2], [1, 2, 3, 4]],
    ] as [number[], number[]][]) {
      await compareWeightlessLayerWithTfjs({ ours: new Permute({ dims }), theirs: tfjs.layers.permute({ dims }), inputShape: shape });
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('infers shapes symbolically, keeps the dtype and round-trips its config', () => {
    expect(new Permute({ dims: [2, 1] }).apply(input({ shape: [null, 5] })).shape).toEqual([null, 5, null]);
    expect(new Permute({ dims: [3, 1, 2] }).apply(input({ shape: [2, 3, 4], dtype: 'int32' })).dtype).toBe('int32');
    const layer = new Permute({ dims: [3, 1, 2], name: 'cfg_permute' });
    const { className, config } = serializeLayer(layer);
    expect(config.dims).toEqual([3, 1, 2]);
    expect({ ...deserializeLayer({ className, config: { ...config, name: 'x' } }).getConfig(), name: 'cfg_permute' }).toEqual(config);
  });

  it('rejects bad permutations and inputs in Keras words', () => {
    expect(() => new Permute({ dims: [0, 1] })).toThrow(
      'Invalid permutation argument `dims` for Permute Layer. The set of indices in `dims` must be consecutive and start from 1. Received dims=[0, 1]',
    );
    expect(() => new Permute({ dims: [1, 1] })).toThrow('Invalid permutation argument `dims`');
    const x = tf.zeros([2, 3]);
    expect(() => new Permute({ dims: [2, 1], name: 'permute' }).apply(x)).toThrow(
      'Input 0 of layer "permute" is incompatible with the layer: expected ndim=3, found ndim=2. Full shape received: (2, 3)',
    );
    x.dispose();
  });
});
