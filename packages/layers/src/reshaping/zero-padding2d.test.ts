import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import * as tfjs from '@tensorflow/tfjs';
import { cpu } from '@tessera/backend-cpu';
import { ZeroPadding2D } from './zero-padding2d.js';
import { input } from '../core/input.js';
import { deserializeLayer, serializeLayer } from '../registry.js';
import { compareWeightlessLayerWithTfjs } from '../convolutional/parity-helpers.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
  await tfjs.setBackend('cpu');
});

describe('ZeroPadding2D', () => {
  it('matches tfjs-layers forward and backward for each padding form and data format', async () => {
    const before = tf.memory().numTensors;
    const forms: (number | [number, number] | [[number, number], [number, number]])[] = [1, [2, 0], [[1, 2], [0, 3]]];
    for (const padding of forms) {
      for (const first of [false, true]) {
        await compareWeightlessLayerWithTfjs({
          ours: new ZeroPadding2D({ padding, dataFormat: first ? 'channels_first' : 'channels_last' }),
          theirs: tfjs.layers.zeroPadding2d({ padding, dataFormat: first ? 'channelsFirst' : 'channelsLast' }),
          inputShape: [2, 3, 2, 2],
        });
      }
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('infers shapes symbolically, keeps the dtype, and round-trips its config', async () => {
    expect(new ZeroPadding2D().apply(input({ shape: [4, null, 3] })).shape).toEqual([null, 6, null, 3]);
    expect(new ZeroPadding2D({ padding: [[1, 0], [2, 3]], dataFormat: 'channels_first' }).apply(input({ shape: [3, 4, 5] })).shape).toEqual([null, 3, 5, 10]);
    const x = tf.tensor([1, 2], [1, 1, 2, 1], 'int32');
    const y = new ZeroPadding2D({ padding: [0, 1] }).apply(x);
    expect(y.dtype).toBe('int32');
    expect([...(await y.data())]).toEqual([0, 1, 2, 0]);
    [x, y].forEach((t) => t.dispose());
    const layer = new ZeroPadding2D({ padding: [1, 2], name: 'cfg_zp' });
    const { className, config } = serializeLayer(layer);
    expect(config).toMatchObject({ padding: [[1, 1], [2, 2]], dataFormat: 'channels_last' });
    expect({ ...deserializeLayer({ className, config: { ...config, name: 'x' } }).getConfig(), name: 'cfg_zp' }).toEqual(config);
  });

  it('rejects bad arguments and inputs in Keras words', () => {
    expect(() => new ZeroPadding2D({ padding: [1, 2, 3] as never })).toThrow('`padding` should have two elements. Received: padding=[1, 2, 3].');
    expect(() => new ZeroPadding2D({ padding: [[1, -1], [0, 0]] })).toThrow(
      'The `1st entry of padding` argument must be a tuple of 2 integers. Received 1st entry of padding=[1, -1], including values [-1] that do not satisfy `value >= 0`',
    );
    expect(() => new ZeroPadding2D({ padding: 'same' as never })).toThrow(/`padding` should be either an int, a tuple of 2 ints/);
    const x = tf.zeros([2, 3, 3]);
    expect(() => new ZeroPadding2D({ name: 'zero_padding2d' }).apply(x)).toThrow(
      'Input 0 of layer "zero_padding2d" is incompatible with the layer: expected ndim=4, found ndim=3. Full shape received: (2, 3, 3)',
    );
    x.dispose();
  });
});
