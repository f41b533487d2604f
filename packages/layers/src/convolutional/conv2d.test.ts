import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import * as tfjs from '@tensorflow/tfjs';
import { cpu } from '@tessera/backend-cpu';
import { Conv2D } from './conv2d.js';
import { input } from '../core/input.js';
import { deserializeLayer, serializeLayer } from '../registry.js';
import { compareLayerWithTfjs } from '../testing/layer-parity.js';
import { gradcheckLayerInput } from './parity-helpers.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
  await tfjs.setBackend('cpu');
});

type Variant = { kernelSize: number | [number, number]; strides?: number | [number, number]; padding?: 'valid' | 'same'; dilationRate?: number | [number, number]; activation?: string; useBias?: boolean; shape: number[]; channelsFirst?: boolean };

const VARIANTS: Variant[] = [
  { kernelSize: 3, shape: [2, 5, 6, 3] },
  { kernelSize: [2, 3], padding: 'same', activation: 'relu', shape: [2, 5, 5, 2] },
  { kernelSize: 3, strides: 2, padding: 'same', shape: [1, 6, 7, 2] },
  { kernelSize: 2, strides: [2, 1], padding: 'valid', useBias: false, shape: [2, 5, 4, 3] },
  { kernelSize: 2, dilationRate: 2, padding: 'same', activation: 'tanh', shape: [1, 6, 6, 2] },
  { kernelSize: [3, 2], dilationRate: [1, 2], shape: [2, 5, 6, 2] },
  { kernelSize: 2, strides: 2, padding: 'same', shape: [2, 3, 5, 5], channelsFirst: true },
  { kernelSize: 3, padding: 'valid', activation: 'sigmoid', shape: [1, 2, 5, 4], channelsFirst: true },
];

describe('Conv2D', () => {
  it('matches tfjs-layers forward and backward across padding, strides, dilation and data formats', async () => {
    for (const v of VARIANTS) {
      const before = tf.memory().numTensors;
      const common = { filters: 3, kernelSize: v.kernelSize, strides: v.strides, padding: v.padding, dilationRate: v.dilationRate, useBias: v.useBias };
      const ours = new Conv2D({ ...common, biasInitializer: 'random_uniform', activation: v.activation, dataFormat: v.channelsFirst ? 'channels_first' : 'channels_last' });
      const theirs = tfjs.layers.conv2d({ ...common, activation: v.activation as 'relu', dataFormat: v.channelsFirst ? 'channelsFirst' : 'channelsLast' });
      // tfjs has no gradient for dilated conv2d: compare the forward pass, check our gradients numerically.
      const dilated = v.dilationRate !== undefined;
      await compareLayerWithTfjs({ ours, theirs, inputShapes: [v.shape], forwardOnly: dilated });
      if (dilated) await gradcheckLayerInput(ours, v.shape);
      ours.dispose();
      theirs.dispose();
      expect(tf.memory().numTensors, JSON.stringify(v)).toBe(before);
    }
  });

  it('splits channels into groups as Keras (each group is its own convolution)', async () => {
    const layer = new Conv2D({ filters: 4, kernelSize: 2, groups: 2, name: 'grouped' });
    const x = tf.tensor(Array.from({ length: 2 * 3 * 3 * 4 }, (_, i) => Math.sin(i)), [2, 3, 3, 4]);
    const y = layer.apply(x);
    expect(layer.kernel!.shape).toEqual([2, 2, 2, 4]);
    expect(y.shape).toEqual([2, 2, 2, 4]);
    const [xa, xb] = tf.split(x, 2, 3);
    const [ka, kb] = tf.split(layer.kernel!, 2, 3);
    const expected = tf.concat([tf.conv2d(xa!, ka!, 1, 'valid'), tf.conv2d(xb!, kb!, 1, 'valid')], 3);
    const got = await y.data();
    const want = await expected.data();
    want.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 5));
    expect(() => new Conv2D({ filters: 3, kernelSize: 2, groups: 2 })).toThrow(
      'The number of filters must be evenly divisible by the number of groups. Received: groups=2, filters=3.',
    );
    const odd = new Conv2D({ filters: 4, kernelSize: 2, groups: 2, name: 'odd_groups' });
    expect(() => odd.apply(input({ shape: [4, 4, 3] }))).toThrow(
      'The number of input channels must be evenly divisible by the number of groups. Received groups=2, but the input has 3 channels (full input shape is (None, 4, 4, 3)).',
    );
    [x, y, xa!, xb!, ka!, kb!, expected].forEach((t) => t.dispose());
    layer.dispose();
  });

  it('infers shapes symbolically, with unknown spatial dims too', () => {
    const a = new Conv2D({ filters: 8, kernelSize: 3, strides: 2, padding: 'same' });
    expect(a.apply(input({ shape: [9, 10, 3] })).shape).toEqual([null, 5, 5, 8]);
    expect(a.kernel!.shape).toEqual([3, 3, 3, 8]);
    expect(a.countParams()).toBe(3 * 3 * 3 * 8 + 8);
    const b = new Conv2D({ filters: 4, kernelSize: [3, 2], dilationRate: 2, dataFormat: 'channels_first' });
    expect(b.apply(input({ shape: [2, null, 9] })).shape).toEqual([null, 4, null, 7]);
    expect(b.weightEntries.map((w) => w.name)).toEqual([`${b.name}/kernel`, `${b.name}/bias`]);
    a.dispose();
    b.dispose();
  });

  it('round-trips through its config', () => {
    const c = new Conv2D({
      filters: 4,
      kernelSize: [3, 2],
      strides: 2,
      padding: 'SAME' as 'same',
      activation: 'relu',
      kernelRegularizer: 'l2',
      biasConstraint: 'nonNeg',
      groups: 2,
      name: 'cfg_conv2d',
    });
    const { className, config } = serializeLayer(c);
    expect(className).toBe('Conv2D');
    expect(config).toMatchObject({
      filters: 4,
      kernelSize: [3, 2],
      strides: [2, 2],
      padding: 'same',
      dataFormat: 'channels_last',
      dilationRate: [1, 1],
      groups: 2,
      activation: 'relu',
      useBias: true,
      kernelInitializer: { className: 'GlorotUniform' },
      biasInitializer: { className: 'Zeros' },
      kernelRegularizer: { className: 'L2', config: { l2: 0.01 } },
      biasConstraint: { className: 'NonNeg' },
      activityRegularizer: null,
    });
    const c2 = deserializeLayer({ className, config: { ...config, name: 'cfg_conv2d_2' } }) as Conv2D;
    expect({ ...c2.getConfig(), name: 'cfg_conv2d' }).toEqual(config);
  });

  it('rejects bad arguments and inputs in Keras words', () => {
    expect(() => new Conv2D({ filters: 0, kernelSize: 3 })).toThrow('Invalid value for argument `filters`. Expected a strictly positive integer. Received: filters=0');
    expect(() => new Conv2D({ filters: 2, kernelSize: [3, 0] })).toThrow(
      'The `kernel_size` argument must be a tuple of 2 integers. Received kernel_size=[3, 0], including values [0] that do not satisfy `value > 0`',
    );
    expect(() => new Conv2D({ filters: 2, kernelSize: [3, 3, 3] as never })).toThrow('The `kernel_size` argument must be a tuple of 2 integers.');
    expect(() => new Conv2D({ filters: 2, kernelSize: 3, padding: 'causal' })).toThrow('Invalid value for argument `padding`. Expected one of "valid", "same". Received: padding="causal"');
    expect(() => new Conv2D({ filters: 2, kernelSize: 3, dataFormat: 'NHWC' as never })).toThrow('Invalid value for argument `data_format`.');
    expect(() => new Conv2D({ filters: 2, kernelSize: 3, strides: 2, dilationRate: 2 })).toThrow(
      '`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: strides=[2, 2] and dilation_rate=[2, 2]',
    );
    expect(() => new Conv2D({ filters: 2, kernelSize: 3, activation: 'nope' })).toThrow(/Invalid value for argument `activation`/);
    expect(() => new Conv2D({ filters: 2, kernelSize: 3, kernelInitializer: 'nope' })).toThrow(/Invalid value for argument `kernel_initializer`/);

    const layer = new Conv2D({ filters: 2, kernelSize: 3, name: 'conv2d' });
    const x3 = tf.zeros([2, 5, 5]);
    expect(() => layer.apply(x3)).toThrow('Input 0 of layer "conv2d" is incompatible with the layer: expected ndim=4, found ndim=3. Full shape received: (2, 5, 5)');
    const x = tf.zeros([1, 4, 4, 2]);
    layer.apply(x).dispose();
    const wrongChannels = tf.zeros([1, 4, 4, 3]);
    expect(() => layer.apply(wrongChannels)).toThrow(
      'Input 0 of layer "conv2d" is incompatible with the layer: expected axis 3 of input shape to have value 2, but received input with shape (1, 4, 4, 3)',
    );
    expect(() => new Conv2D({ filters: 2, kernelSize: 5 }).apply(input({ shape: [2, 2, 1] }))).toThrow(
      'Computed output size would be negative. Received `inputs shape=(None, 2, 2, 1)`, `kernel shape=(5, 5, 1, 2)`, `dilation_rate=(1, 1)`.',
    );
    expect(() => new Conv2D({ filters: 2, kernelSize: 2 }).apply(input({ shape: [4, 4, null] }))).toThrow(/the channel dimension of the inputs should be defined/);
    [x3, x, wrongChannels].forEach((t) => t.dispose());
    layer.dispose();
  });

  it('adds its regularization penalties and activity loss', async () => {
    const layer = new Conv2D({ filters: 2, kernelSize: 1, kernelInitializer: 'ones', kernelRegularizer: { className: 'L1', config: { l1: 0.5 } }, activityRegularizer: 'l2' });
    const x = tf.ones([2, 2, 2, 3]);
    const y = layer.apply(x);
    const [kernelPenalty, activity] = layer.losses;
    expect(await kernelPenalty!.data()).toEqual(new Float32Array([0.5 * 6]));
    // every output is 3; the activity penalty is 0.01 · Σ y² divided by the batch size, as Dense does
    expect((await activity!.data())[0]).toBeCloseTo((0.01 * 16 * 9) / 2, 5);
    [x, y, kernelPenalty!].forEach((t) => t.dispose());
    layer.dispose();
  });
});
