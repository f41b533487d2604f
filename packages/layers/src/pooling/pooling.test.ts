import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import * as tfjs from '@tensorflow/tfjs';
import { cpu } from '@tessera/backend-cpu';
import { MaxPooling1D, MaxPooling2D } from './max-pooling.js';
import { AveragePooling1D, AveragePooling2D } from './average-pooling.js';
import { input } from '../core/input.js';
import { deserializeLayer, serializeLayer } from '../registry.js';
import { compareChannelsFirst, compareWeightlessLayerWithTfjs } from '../convolutional/parity-helpers.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
  await tfjs.setBackend('cpu');
});

type P2 = { poolSize?: number | [number, number]; strides?: number | [number, number]; padding?: 'valid' | 'same'; channelsFirst?: boolean; shape: number[] };
const VARIANTS_2D: P2[] = [
  { shape: [2, 4, 6, 3] },
  { poolSize: 3, strides: 2, padding: 'same', shape: [2, 5, 6, 2] },
  { poolSize: [2, 3], strides: 1, shape: [1, 4, 5, 2] },
  { poolSize: 2, strides: [1, 2], padding: 'same', shape: [2, 3, 5, 2] },
  { poolSize: 3, padding: 'same', shape: [1, 4, 4, 3] },
  { poolSize: 2, padding: 'same', channelsFirst: true, shape: [2, 3, 5, 4] },
];

type P1 = { poolSize?: number; strides?: number; padding?: 'valid' | 'same'; shape: number[] };
const VARIANTS_1D: P1[] = [
  { shape: [2, 6, 3] },
  { poolSize: 3, strides: 2, padding: 'same', shape: [2, 7, 2] },
  { poolSize: 2, strides: 1, shape: [1, 5, 2] },
  { poolSize: 4, padding: 'same', shape: [2, 5, 3] },
];

describe('MaxPooling2D and AveragePooling2D', () => {
  it('match tfjs-layers forward and backward across pool sizes, strides, padding and data formats', async () => {
    for (const mode of ['max', 'avg'] as const) {
      for (const v of VARIANTS_2D) {
        const before = tf.memory().numTensors;
        const { shape, channelsFirst, ...args } = v;
        const ours = mode === 'max' ? new MaxPooling2D({ ...args, dataFormat: channelsFirst ? 'channels_first' : 'channels_last' }) : new AveragePooling2D({ ...args, dataFormat: channelsFirst ? 'channels_first' : 'channels_last' });
        const tfArgs = { ...args, dataFormat: channelsFirst ? ('channelsFirst' as const) : ('channelsLast' as const) };
        const theirs = mode === 'max' ? tfjs.layers.maxPooling2d(tfArgs) : tfjs.layers.averagePooling2d(tfArgs);
        // tfjs's avgPool gradient divides edge windows of 'same' padding by the full window size, unlike its forward
        // pass (and TensorFlow): compare the forward pass there and check our gradient numerically.
        await compareWeightlessLayerWithTfjs({ ours, theirs, inputShape: shape, forwardOnly: mode === 'avg' && args.padding === 'same' });
        expect(tf.memory().numTensors, `${mode} ${JSON.stringify(v)}`).toBe(before);
      }
    }
  });

  it('infer shapes symbolically (strides default to the pool size)', () => {
    expect(new MaxPooling2D().apply(input({ shape: [5, 7, 3] })).shape).toEqual([null, 2, 3, 3]);
    expect(new AveragePooling2D({ poolSize: 3, strides: 2, padding: 'same' }).apply(input({ shape: [5, null, 3] })).shape).toEqual([null, 3, null, 3]);
    expect(new MaxPooling2D({ poolSize: [1, 2], dataFormat: 'channels_first' }).apply(input({ shape: [4, 3, 6] })).shape).toEqual([null, 4, 3, 3]);
  });
});

describe('MaxPooling1D and AveragePooling1D', () => {
  it('match tfjs-layers forward and backward across pool sizes, strides and padding', async () => {
    for (const mode of ['max', 'avg'] as const) {
      for (const v of VARIANTS_1D) {
        const before = tf.memory().numTensors;
        const { shape, ...args } = v;
        const ours = mode === 'max' ? new MaxPooling1D(args) : new AveragePooling1D(args);
        const theirs = mode === 'max' ? tfjs.layers.maxPooling1d(args) : tfjs.layers.averagePooling1d(args);
        // tfjs's avgPool gradient divides edge windows of 'same' padding by the full window size, unlike its forward
        // pass (and TensorFlow): compare the forward pass there and check our gradient numerically.
        await compareWeightlessLayerWithTfjs({ ours, theirs, inputShape: shape, forwardOnly: mode === 'avg' && args.padding === 'same' });
        expect(tf.memory().numTensors, `${mode} ${JSON.stringify(v)}`).toBe(before);
      }
    }
  });

  it('channels_first matches the transposed channels_last result (tfjs-layers ignores dataFormat here)', async () => {
    const before = tf.memory().numTensors;
    for (const Cls of [MaxPooling1D, AveragePooling1D]) {
      for (const args of [{}, { poolSize: 3, strides: 2, padding: 'same' as const }]) {
        await compareChannelsFirst({ last: new Cls(args), first: new Cls({ ...args, dataFormat: 'channels_first' }), inputShape: [2, 7, 3] });
      }
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('infer shapes symbolically', () => {
    expect(new MaxPooling1D().apply(input({ shape: [7, 3] })).shape).toEqual([null, 3, 3]);
    expect(new AveragePooling1D({ poolSize: 3, strides: 2, padding: 'same' }).apply(input({ shape: [null, 3] })).shape).toEqual([null, null, 3]);
    expect(new AveragePooling1D({ dataFormat: 'channels_first' }).apply(input({ shape: [3, 9] })).shape).toEqual([null, 3, 4]);
  });
});

describe('pooling layers', () => {
  it('round-trip through their configs', () => {
    for (const layer of [
      new MaxPooling2D({ poolSize: [2, 3], padding: 'same', name: 'cfg_mp2' }),
      new AveragePooling2D({ strides: 1, dataFormat: 'channels_first', name: 'cfg_ap2' }),
      new MaxPooling1D({ poolSize: 3, name: 'cfg_mp1' }),
      new AveragePooling1D({ strides: 1, name: 'cfg_ap1' }),
    ]) {
      const { className, config } = serializeLayer(layer);
      const copy = deserializeLayer({ className, config: { ...config, name: `${layer.name}_2` } });
      expect(copy.className).toBe(className);
      expect({ ...copy.getConfig(), name: layer.name }).toEqual(config);
    }
    expect(serializeLayer(new MaxPooling2D({ poolSize: 3 })).config).toMatchObject({ poolSize: [3, 3], strides: [3, 3], padding: 'valid', dataFormat: 'channels_last' });
  });

  it('keep integer dtypes for max pooling and compute averages in float', async () => {
    const x = tf.tensor([1, 5, 2, 4, 3, 8], [1, 6, 1], 'int32');
    const mp = new MaxPooling1D().apply(x);
    const ap = new AveragePooling1D().apply(x);
    expect(mp.dtype).toBe('int32');
    expect([...(await mp.data())]).toEqual([5, 4, 8]);
    expect(ap.dtype).toBe('float32');
    expect([...(await ap.data())]).toEqual([3, 3, 5.5]);
    expect(new AveragePooling1D().apply(input({ shape: [6, 1], dtype: 'int32' })).dtype).toBe('float32');
    expect(new MaxPooling1D().apply(input({ shape: [6, 1], dtype: 'int32' })).dtype).toBe('int32');
    [x, mp, ap].forEach((t) => t.dispose());
  });

  it('reject bad arguments and inputs in Keras words', () => {
    expect(() => new MaxPooling2D({ poolSize: 0 })).toThrow('The `pool_size` argument must be a tuple of 2 integers. Received pool_size=0, including values [0] that do not satisfy `value > 0`');
    expect(() => new MaxPooling1D({ poolSize: [2, 2] as never })).toThrow('The `pool_size` argument must be a tuple of 1 integers. Received pool_size=[2, 2]');
    expect(() => new AveragePooling2D({ padding: 'causal' as never })).toThrow('Invalid value for argument `padding`. Expected one of "valid", "same". Received: padding="causal"');
    expect(() => new AveragePooling2D({ dataFormat: 'NCHW' as never })).toThrow('Invalid value for argument `data_format`.');
    const layer = new MaxPooling2D({ name: 'max_pooling2d' });
    const x3 = tf.zeros([2, 4, 4]);
    expect(() => layer.apply(x3)).toThrow('Input 0 of layer "max_pooling2d" is incompatible with the layer: expected ndim=4, found ndim=3. Full shape received: (2, 4, 4)');
    const small = tf.zeros([1, 1, 4, 1]);
    expect(() => new MaxPooling2D({ poolSize: 3, strides: 1 }).apply(small)).toThrow(
      'Computed output size would be negative. Received: `inputs.shape=(1, 1, 4, 1)` and `pool_size=[3, 3]`.',
    );
    [x3, small].forEach((t) => t.dispose());
  });
});
