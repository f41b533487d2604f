import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import * as tfjs from '@tensorflow/tfjs';
import { cpu } from '@tessera/backend-cpu';
import { SeparableConv2D } from './separable-conv2d.js';
import { input } from '../core/input.js';
import { deserializeLayer, serializeLayer } from '../registry.js';
import { compareLayerWithTfjs } from '../testing/layer-parity.js';
import { compareChannelsFirst, gradcheckLayerInput } from './parity-helpers.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
  await tfjs.setBackend('cpu');
});

describe('SeparableConv2D', () => {
  it('matches tfjs-layers forward and backward across multipliers, padding, strides and dilation', async () => {
    const variants = [
      { kernelSize: 3, shape: [2, 5, 5, 3] },
      { kernelSize: 2, depthMultiplier: 2, padding: 'same' as const, activation: 'relu', shape: [2, 4, 5, 2] },
      { kernelSize: 3, strides: 2, padding: 'same' as const, useBias: false, shape: [1, 5, 6, 2] },
      { kernelSize: 2, dilationRate: 2, shape: [1, 5, 5, 2] },
    ];
    for (const v of variants) {
      const before = tf.memory().numTensors;
      const { shape, activation, ...common } = v;
      const ours = new SeparableConv2D({ filters: 4, activation, biasInitializer: 'random_uniform', ...common });
      const theirs = tfjs.layers.separableConv2d({ filters: 4, activation: activation as 'relu', ...common });
      // tfjs has no gradient for dilated depthwise convolutions: forward only there, ours checked numerically.
      const dilated = v.dilationRate !== undefined;
      await compareLayerWithTfjs({ ours, theirs, inputShapes: [shape], forwardOnly: dilated });
      if (dilated) await gradcheckLayerInput(ours, shape);
      ours.dispose();
      theirs.dispose();
      expect(tf.memory().numTensors, JSON.stringify(v)).toBe(before);
    }
  });

  it('channels_first matches the transposed channels_last result (tfjs-layers adds the bias on the wrong axis there)', async () => {
    const before = tf.memory().numTensors;
    for (const v of [{ kernelSize: 2, depthMultiplier: 2, padding: 'same' as const }, { kernelSize: 3, strides: 2 }]) {
      const common = { filters: 3, biasInitializer: 'random_uniform', ...v };
      const last = new SeparableConv2D(common);
      const first = new SeparableConv2D({ ...common, dataFormat: 'channels_first' });
      await compareChannelsFirst({ last, first, inputShape: [2, 5, 4, 3] });
      last.dispose();
      first.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('creates Keras-shaped weights and infers shapes symbolically', () => {
    const a = new SeparableConv2D({ filters: 5, kernelSize: 3, depthMultiplier: 2, strides: 2, name: 'sep' });
    expect(a.apply(input({ shape: [7, 8, 3] })).shape).toEqual([null, 3, 3, 5]);
    expect(a.weightEntries.map((w) => [w.name, [...w.variable.shape]])).toEqual([
      ['sep/depthwise_kernel', [3, 3, 3, 2]],
      ['sep/pointwise_kernel', [1, 1, 6, 5]],
      ['sep/bias', [5]],
    ]);
    a.dispose();
  });

  it('round-trips through its config', () => {
    const a = new SeparableConv2D({ filters: 2, kernelSize: 3, pointwiseInitializer: 'ones', pointwiseRegularizer: 'l2', name: 'cfg_sep' });
    const { className, config } = serializeLayer(a);
    expect(config).toMatchObject({ filters: 2, depthMultiplier: 1, pointwiseInitializer: { className: 'Ones' }, pointwiseRegularizer: { className: 'L2' }, depthwiseInitializer: { className: 'GlorotUniform' } });
    const a2 = deserializeLayer({ className, config: { ...config, name: 'cfg_sep_2' } });
    expect({ ...a2.getConfig(), name: 'cfg_sep' }).toEqual(config);
  });

  it('rejects bad arguments and inputs in Keras words', () => {
    expect(() => new SeparableConv2D({ filters: 0, kernelSize: 3 })).toThrow('Invalid value for argument `filters`');
    expect(() => new SeparableConv2D({ filters: 2, kernelSize: 3, pointwiseConstraint: 'nope' })).toThrow(/Invalid value for argument `pointwise_constraint`/);
    const layer = new SeparableConv2D({ filters: 2, kernelSize: 3, name: 'separable_conv2d' });
    const x = tf.zeros([2, 5, 5, 2]);
    layer.apply(x).dispose();
    const bad = tf.zeros([2, 5, 5, 3]);
    expect(() => layer.apply(bad)).toThrow(
      'Input 0 of layer "separable_conv2d" is incompatible with the layer: expected axis 3 of input shape to have value 2, but received input with shape (2, 5, 5, 3)',
    );
    [x, bad].forEach((t) => t.dispose());
    layer.dispose();
  });
});
