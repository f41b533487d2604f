import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import * as tfjs from '@tensorflow/tfjs';
import { cpu } from '@tessera/backend-cpu';
import { UpSampling2D } from './up-sampling2d.js';
import { input } from '../core/input.js';
import { deserializeLayer, serializeLayer } from '../registry.js';
import { expectClose, seededValues } from '../testing/layer-parity.js';
import { compareChannelsFirst, compareWeightlessLayerWithTfjs, gradcheckLayerInput } from '../convolutional/parity-helpers.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
  await tfjs.setBackend('cpu');
});

describe('UpSampling2D', () => {
  it("'nearest' matches tfjs-layers forward and backward in both data formats", async () => {
    const before = tf.memory().numTensors;
    for (const size of [2, [3, 1] as [number, number], [1, 2] as [number, number]]) {
      for (const first of [false, true]) {
        // tfjs's resizeNearestNeighbor gradient reads the wrong batch entries when batch > 1 (every entry gets
        // batch 0's offsets): compare gradients on a batch of one, and only outputs (plus finite differences) on two.
        for (const batch of [1, 2]) {
          await compareWeightlessLayerWithTfjs({
            ours: new UpSampling2D({ size, dataFormat: first ? 'channels_first' : 'channels_last' }),
            theirs: tfjs.layers.upSampling2d({ size: typeof size === 'number' ? [size, size] : size, dataFormat: first ? 'channelsFirst' : 'channelsLast' }),
            inputShape: [batch, 3, 2, 2],
            forwardOnly: batch > 1,
          });
        }
      }
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it("'bilinear' uses half-pixel centers as Keras 3: matches tfjs's resizeBilinear(x, size, false, true)", async () => {
    const before = tf.memory().numTensors;
    for (const [size, shape] of [
      [[2, 2], [2, 3, 4, 2]],
      [[3, 2], [1, 2, 3, 1]],
      [[1, 4], [1, 3, 2, 2]],
    ] as [[number, number], number[]][]) {
      const layer = new UpSampling2D({ size, interpolation: 'bilinear' });
      const values = seededValues(shape.reduce((a, b) => a * b, 1), 7);
      const x = tf.tensor(values, shape);
      const y = layer.apply(x);
      const ref = tfjs.tidy(() => tfjs.image.resizeBilinear(tfjs.tensor4d(values, shape as [number, number, number, number]), [shape[1]! * size[0], shape[2]! * size[1]], false, true));
      expect([...y.shape]).toEqual(ref.shape);
      expectClose(await y.data(), await ref.data(), 1e-6, 1e-6, `bilinear ${size}`);
      // tfjs's resizeBilinear gradient ignores halfPixelCenters: check ours by finite differences instead.
      await gradcheckLayerInput(layer, shape);
      [x, y].forEach((t) => t.dispose());
      ref.dispose();
    }
    // by hand: a row [0, 1] doubled samples at −0.25 (clamped), 0.25, 0.75, 1.25 (clamped)
    const x = tf.tensor([0, 1], [1, 1, 2, 1]);
    const y = new UpSampling2D({ size: [1, 2], interpolation: 'bilinear' }).apply(x);
    expect([...(await y.data())]).toEqual([0, 0.25, 0.75, 1]);
    [x, y].forEach((t) => t.dispose());
    await compareChannelsFirst({
      last: new UpSampling2D({ size: [2, 3], interpolation: 'bilinear' }),
      first: new UpSampling2D({ size: [2, 3], interpolation: 'bilinear', dataFormat: 'channels_first' }),
      inputShape: [1, 2, 3, 2],
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('infers shapes symbolically, keeps integer dtypes for nearest, and round-trips its config', async () => {
    expect(new UpSampling2D().apply(input({ shape: [3, null, 2] })).shape).toEqual([null, 6, null, 2]);
    expect(new UpSampling2D({ size: [1, 3], dataFormat: 'channels_first' }).apply(input({ shape: [2, 3, 4] })).shape).toEqual([null, 2, 3, 12]);
    const x = tf.tensor([1, 2], [1, 1, 2, 1], 'int32');
    const y = new UpSampling2D({ size: [2, 1] }).apply(x);
    expect(y.dtype).toBe('int32');
    expect([...(await y.data())]).toEqual([1, 2, 1, 2]);
    [x, y].forEach((t) => t.dispose());
    const layer = new UpSampling2D({ size: 3, interpolation: 'BILINEAR' as 'bilinear', name: 'cfg_up' });
    const { className, config } = serializeLayer(layer);
    expect(config).toMatchObject({ size: [3, 3], dataFormat: 'channels_last', interpolation: 'bilinear' });
    expect({ ...deserializeLayer({ className, config: { ...config, name: 'x' } }).getConfig(), name: 'cfg_up' }).toEqual(config);
  });

  it('rejects bad arguments and inputs in Keras words', () => {
    expect(() => new UpSampling2D({ size: 0 })).toThrow('The `size` argument must be a tuple of 2 integers. Received size=0, including values [0] that do not satisfy `value > 0`');
    expect(() => new UpSampling2D({ interpolation: 'bicubic' as never })).toThrow(
      'Invalid value for argument `interpolation`. Expected one of "nearest", "bilinear" (Keras\'s "bicubic" is not supported yet). Received: interpolation="bicubic"',
    );
    const x = tf.zeros([2, 3]);
    expect(() => new UpSampling2D({ name: 'up_sampling2d' }).apply(x)).toThrow(
      'Input 0 of layer "up_sampling2d" is incompatible with the layer: expected ndim=4, found ndim=2. Full shape received: (2, 3)',
    );
    x.dispose();
  });
});
