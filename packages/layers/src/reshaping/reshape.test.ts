import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import * as tfjs from '@tensorflow/tfjs';
import { cpu } from '@tessera/backend-cpu';
import { Reshape } from './reshape.js';
import { input } from '../core/input.js';
import { deserializeLayer, serializeLayer } from '../registry.js';
import { compareWeightlessLayerWithTfjs } from '../convolutional/parity-helpers.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
  await tfjs.setBackend('cpu');
});

describe('Reshape', () => {
  it('matches tfjs-layers forward and backward, with and without a -1', async () => {
    const before = tf.memory().numTensors;
    for (const targetShape of [[6, 2], [-1, 3], [2, -1, 2], [12]]) {
      await compareWeightlessLayerWithTfjs({ ours: new Reshape({ targetShape }), theirs: tfjs.layers.reshape({ targetShape }), inputShape: [2, 3, 4] });
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('infers shapes symbolically (the -1 stays unknown when the input size is) and round-trips its config', () => {
    expect(new Reshape({ targetShape: [-1, 4] }).apply(input({ shape: [3, 8] })).shape).toEqual([null, 6, 4]);
    expect(new Reshape({ targetShape: [-1, 4] }).apply(input({ shape: [null, 8] })).shape).toEqual([null, null, 4]);
    expect(new Reshape({ targetShape: [2, 12] }).apply(input({ shape: [null, 8] })).shape).toEqual([null, 2, 12]);
    const layer = new Reshape({ targetShape: [3, -1], name: 'cfg_reshape' });
    const { className, config } = serializeLayer(layer);
    expect(config.targetShape).toEqual([3, -1]);
    expect({ ...deserializeLayer({ className, config: { ...config, name: 'x' } }).getConfig(), name: 'cfg_reshape' }).toEqual(config);
  });

  it('keeps the dtype and leaves the batch dim alone', async () => {
    const x = tf.tensor([1, 2, 3, 4, 5, 6], [3, 2], 'int32');
    const y = new Reshape({ targetShape: [1, 2] }).apply(x);
    expect(y.shape).toEqual([3, 1, 2]);
    expect(y.dtype).toBe('int32');
    expect([...(await y.data())]).toEqual([1, 2, 3, 4, 5, 6]);
    [x, y].forEach((t) => t.dispose());
  });

  it('rejects bad target shapes in Keras words', () => {
    expect(() => new Reshape({ targetShape: [-1, -1] })).toThrow('There must be at most one unknown dimension (-1) in target_shape. Received: target_shape=(-1, -1).');
    expect(() => new Reshape({ targetShape: [2, -3] })).toThrow('Invalid value for argument `target_shape`. Expected a list of non-negative integers, with at most one -1. Received: target_shape=[2, -3]');
    expect(() => new Reshape({ targetShape: 4 as never })).toThrow('Invalid value for argument `target_shape`');
    expect(() => new Reshape({ targetShape: [5] }).apply(input({ shape: [2, 3] }))).toThrow(
      'The total size of the tensor must be unchanged. Received: input_shape=(2, 3), target_shape=(5,)',
    );
    const x = tf.zeros([2, 7]);
    expect(() => new Reshape({ targetShape: [-1, 2] }).apply(x)).toThrow(
      'The total size of the tensor must be unchanged, however, the input size cannot by divided by the specified dimensions in target_shape. Received: input_shape=(7,), target_shape=(-1, 2)',
    );
    x.dispose();
  });
});
