import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import * as tfjs from '@tensorflow/tfjs';
import { cpu } from '@tessera/backend-cpu';
import { DepthwiseConv2D } from './depthwise-conv2d.js';
import { input } from '../core/input.js';
import { deserializeLayer, serializeLayer } from '../registry.js';
import { compareLayerWithTfjs, expectClose } from '../testing/layer-parity.js';
import { gradcheckLayerInput } from './parity-helpers.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
  await tfjs.setBackend('cpu');
});

describe('DepthwiseConv2D', () => {
  it('matches tfjs-layers forward and backward across multipliers, padding, strides, dilation and data formats', async () => {
    const variants = [
      { kernelSize: 3, shape: [2, 5, 5, 3] },
      { kernelSize: 2, depthMultiplier: 2, padding: 'same' as const, activation: 'relu', shape: [2, 4, 5, 2] },
      { kernelSize: [3, 2] as [number, number], strides: 2, padding: 'same' as const, useBias: false, shape: [1, 5, 6, 2] },
      { kernelSize: 2, depthMultiplier: 2, strides: [1, 2] as [number, number], channelsFirst: true, shape: [2, 3, 4, 5] },
    ];
    for (const v of variants) {
      const before = tf.memory().numTensors;
      const { shape, activation, channelsFirst, ...common } = v;
      const ours = new DepthwiseConv2D({ activation, biasInitializer: 'random_uniform', ...common, dataFormat: channelsFirst ? 'channels_first' : 'channels_last' });
      const theirs = tfjs.layers.depthwiseConv2d({ activation: activation as 'relu', ...common, dataFormat: channelsFirst ? 'channelsFirst' : 'channelsLast' });
      await compareLayerWithTfjs({ ours, theirs, inputShapes: [shape] });
      ours.dispose();
      theirs.dispose();
      expect(tf.memory().numTensors, JSON.stringify(v)).toBe(before);
    }
  });

  it('dilates as the tfjs op does (tfjs-layers DepthwiseConv2D ignores dilationRate; tfjs has no gradient for it)', async () => {
    const layer = new DepthwiseConv2D({ kernelSize: 2, dilationRate: [2, 1], depthMultiplier: 3, padding: 'same', biasInitializer: 'random_uniform' });
    const shape = [2, 5, 4, 2];
    const values = Array.from({ length: 2 * 5 * 4 * 2 }, (_, i) => Math.sin(i * 0.7));
    const x = tf.tensor(values, shape);
    const y = layer.apply(x);
    const [k, b] = layer.getWeights() as [tf.Tensor, tf.Tensor];
    const ref = tfjs.tidy(() =>
      tfjs.add(tfjs.depthwiseConv2d(tfjs.tensor4d(values, shape as [number, number, number, number]), tfjs.tensor4d(Float32Array.from(k.dataSync()), [2, 2, 2, 3]), 1, 'same', 'NHWC', [2, 1]), tfjs.tensor1d(Float32Array.from(b.dataSync()))),
    );
    expect(y.shape).toEqual(ref.shape);
    expectClose(await y.data(), await ref.data(), 1e-5, 1e-6, 'dilated depthwise');
    await gradcheckLayerInput(layer, [1, 4, 4, 2]);
    [x, y, k, b].forEach((t) => t.dispose());
    ref.dispose();
    layer.dispose();
  });

  it('names its kernel as Keras 3 and infers shapes symbolically', () => {
    const a = new DepthwiseConv2D({ kernelSize: 3, depthMultiplier: 2, padding: 'same', name: 'dw' });
    expect(a.apply(input({ shape: [6, 7, 3] })).shape).toEqual([null, 6, 7, 6]);
    expect(a.weightEntries.map((w) => [w.name, [...w.variable.shape]])).toEqual([
      ['dw/kernel', [3, 3, 3, 2]],
      ['dw/bias', [6]],
    ]);
    const b = new DepthwiseConv2D({ kernelSize: 2, strides: 2, dataFormat: 'channels_first' });
    expect(b.apply(input({ shape: [4, 7, null] })).shape).toEqual([null, 4, 3, null]);
    a.dispose();
    b.dispose();
  });

  it('round-trips through its config', () => {
    const a = new DepthwiseConv2D({ kernelSize: 3, depthMultiplier: 2, depthwiseInitializer: 'he_normal', depthwiseRegularizer: 'l1', depthwiseConstraint: 'maxNorm', name: 'cfg_dw' });
    const { className, config } = serializeLayer(a);
    expect(config).toMatchObject({
      depthMultiplier: 2,
      kernelSize: [3, 3],
      depthwiseInitializer: { className: 'HeNormal' },
      depthwiseRegularizer: { className: 'L1' },
      depthwiseConstraint: { className: 'MaxNorm' },
    });
    const a2 = deserializeLayer({ className, config: { ...config, name: 'cfg_dw_2' } });
    expect({ ...a2.getConfig(), name: 'cfg_dw' }).toEqual(config);
  });

  it('rejects bad arguments and inputs in Keras words', () => {
    expect(() => new DepthwiseConv2D({ kernelSize: 3, depthMultiplier: 0 })).toThrow(
      'Invalid value for argument `depth_multiplier`. Expected a strictly positive integer. Received: depth_multiplier=0',
    );
    expect(() => new DepthwiseConv2D({ kernelSize: 3, strides: [2, 1], dilationRate: [1, 2] })).toThrow('`strides > 1` not supported');
    const layer = new DepthwiseConv2D({ kernelSize: 3, name: 'depthwise_conv2d' });
    const x = tf.zeros([2, 5, 5]);
    expect(() => layer.apply(x)).toThrow('Input 0 of layer "depthwise_conv2d" is incompatible with the layer: expected ndim=4, found ndim=3. Full shape received: (2, 5, 5)');
    x.dispose();
  });
});
