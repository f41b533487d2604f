import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import * as tfjs from '@tensorflow/tfjs';
import { cpu } from '@tessera/backend-cpu';
import { Cropping2D } from './cropping2d.js';
import { input } from '../core/input.js';
import { deserializeLayer, serializeLayer } from '../registry.js';
import { compareWeightlessLayerWithTfjs } from '../convolutional/parity-helpers.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
  await tfjs.setBackend('cpu');
});

describe('Cropping2D', () => {
  it('matches tfjs-layers forward and backward for each cropping form and data format', async () => {
    const before = tf.memory().numTensors;
    const forms: (number | [number, number] | [[number, number], [number, number]])[] = [1, [0, 2], [[1, 0], [2, 1]]];
    for (const cropping of forms) {
      for (const first of [false, true]) {
        await compareWeightlessLayerWithTfjs({
          ours: new Cropping2D({ cropping, dataFormat: first ? 'channels_first' : 'channels_last' }),
          theirs: tfjs.layers.cropping2D({ cropping, dataFormat: first ? 'channelsFirst' : 'channelsLast' }),
          inputShape: [2, 5, 6, 5],
        });
      }
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('infers shapes symbolically and round-trips its config', () => {
    expect(new Cropping2D({ cropping: [[1, 2], [0, 1]] }).apply(input({ shape: [6, null, 3] })).shape).toEqual([null, 3, null, 3]);
    expect(new Cropping2D({ cropping: 1, dataFormat: 'channels_first' }).apply(input({ shape: [3, 4, 5] })).shape).toEqual([null, 3, 2, 3]);
    const layer = new Cropping2D({ cropping: 2, name: 'cfg_crop' });
    const { className, config } = serializeLayer(layer);
    expect(config).toMatchObject({ cropping: [[2, 2], [2, 2]], dataFormat: 'channels_last' });
    expect({ ...deserializeLayer({ className, config: { ...config, name: 'x' } }).getConfig(), name: 'cfg_crop' }).toEqual(config);
    expect(serializeLayer(new Cropping2D()).config.cropping).toEqual([[0, 0], [0, 0]]);
  });

  it('rejects bad arguments and inputs in Keras words', () => {
    expect(() => new Cropping2D({ cropping: -1 })).toThrow('`cropping` cannot be negative. Received: cropping=-1.');
    expect(() => new Cropping2D({ cropping: [1] as never })).toThrow('`cropping` should have two elements. Received: cropping=[1].');
    expect(() => new Cropping2D({ cropping: [1, 3] }).apply(input({ shape: [5, 6, 2] }))).toThrow(
      'Values in `cropping` argument should be smaller than the corresponding spatial dimension of the input. Received: input_shape=(None, 5, 6, 2), cropping=[[1, 1], [3, 3]]',
    );
    const x = tf.zeros([1, 2, 2, 1]);
    expect(() => new Cropping2D({ cropping: 1 }).apply(x)).toThrow(/Values in `cropping` argument should be smaller/);
    x.dispose();
  });
});
