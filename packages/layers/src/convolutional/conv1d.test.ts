import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import * as tfjs from '@tensorflow/tfjs';
import { cpu } from '@tessera/backend-cpu';
import { Conv1D } from './conv1d.js';
import { input } from '../core/input.js';
import { deserializeLayer, serializeLayer } from '../registry.js';
import { compareLayerWithTfjs, expectClose } from '../testing/layer-parity.js';
import { compareChannelsFirst, gradcheckLayerInput } from './parity-helpers.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
  await tfjs.setBackend('cpu');
});

describe('Conv1D', () => {
  it('matches tfjs-layers forward and backward across padding, strides and dilation', async () => {
    const variants = [
      { kernelSize: 3, shape: [2, 7, 3] },
      { kernelSize: 2, padding: 'same' as const, activation: 'relu', shape: [2, 6, 2] },
      { kernelSize: 3, strides: 2, padding: 'same' as const, useBias: false, shape: [1, 8, 3] },
      { kernelSize: 2, strides: 3, shape: [2, 9, 2] },
      { kernelSize: 3, dilationRate: 2, padding: 'same' as const, shape: [2, 8, 2] },
    ];
    for (const v of variants) {
      const before = tf.memory().numTensors;
      const { shape, activation, ...common } = v;
      const ours = new Conv1D({ filters: 3, activation, biasInitializer: 'random_uniform', ...common });
      const theirs = tfjs.layers.conv1d({ filters: 3, activation: activation as 'relu', ...common });
      // tfjs has no gradient for dilated convolutions: compare the forward pass, check ours numerically.
      const dilated = v.dilationRate !== undefined;
      await compareLayerWithTfjs({ ours, theirs, inputShapes: [shape], forwardOnly: dilated });
      if (dilated) await gradcheckLayerInput(ours, shape);
      ours.dispose();
      theirs.dispose();
      expect(tf.memory().numTensors, JSON.stringify(v)).toBe(before);
    }
  });

  it('channels_first matches the transposed channels_last result (tfjs-layers returns NWC there)', async () => {
    for (const v of [{ kernelSize: 3 }, { kernelSize: 2, strides: 2, padding: 'same' as const }, { kernelSize: 2, padding: 'causal' as const, dilationRate: 2 }]) {
      const before = tf.memory().numTensors;
      const last = new Conv1D({ filters: 4, biasInitializer: 'random_uniform', ...v });
      const first = new Conv1D({ filters: 4, ...v, dataFormat: 'channels_first' });
      await compareChannelsFirst({ last, first, inputShape: [2, 7, 3] });
      last.dispose();
      first.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it("'causal' padding left-pads the steps (tfjs-layers does not implement it): equals 'valid' on a padded input", async () => {
    for (const dilationRate of [1, 2]) {
      const causal = new Conv1D({ filters: 2, kernelSize: 3, padding: 'causal', dilationRate });
      const valid = new Conv1D({ filters: 2, kernelSize: 3, dilationRate });
      const x = tf.tensor(Array.from({ length: 2 * 6 * 2 }, (_, i) => Math.cos(i)), [2, 6, 2]);
      const y = causal.apply(x);
      expect(y.shape).toEqual([2, 6, 2]);
      const xp = tf.pad(x, [[0, 0], [2 * dilationRate, 0], [0, 0]]);
      valid.apply(xp).dispose();
      valid.setWeights(causal.getWeights());
      const ref = valid.apply(xp);
      expectClose(await y.data(), await ref.data(), 1e-6, 1e-6, 'causal');
      // output step t depends on inputs ≤ t only
      const g = tf.tidy(() => {
        const probe = (xi: tf.Tensor) => tf.slice(causal.apply(xi), [0, 2, 0], [1, 1, 1]).sum();
        const bumped = tf.add(x, tf.pad(tf.ones([1, 1, 2]), [[0, 1], [3, 2], [0, 0]]));
        return tf.sub(probe(bumped), probe(x));
      });
      expect((await g.data())[0]).toBe(0);
      await gradcheckLayerInput(causal, [1, 5, 2]);
      [x, y, xp, ref, g].forEach((t) => t.dispose());
      causal.dispose();
      valid.dispose();
    }
  });

  it('infers shapes symbolically', () => {
    const a = new Conv1D({ filters: 5, kernelSize: 3, strides: 2 });
    expect(a.apply(input({ shape: [10, 4] })).shape).toEqual([null, 4, 5]);
    expect(a.kernel!.shape).toEqual([3, 4, 5]);
    const b = new Conv1D({ filters: 2, kernelSize: 4, padding: 'causal', dilationRate: 3 });
    expect(b.apply(input({ shape: [null, 3] })).shape).toEqual([null, null, 2]);
    const c = new Conv1D({ filters: 6, kernelSize: 2, groups: 3, dataFormat: 'channels_first' });
    expect(c.apply(input({ shape: [3, 8] })).shape).toEqual([null, 6, 7]);
    expect(c.kernel!.shape).toEqual([2, 1, 6]);
    [a, b, c].forEach((l) => l.dispose());
  });

  it('round-trips through its config', () => {
    const c = new Conv1D({ filters: 4, kernelSize: 3, padding: 'causal', dilationRate: 2, activation: 'tanh', name: 'cfg_conv1d' });
    const { className, config } = serializeLayer(c);
    expect(className).toBe('Conv1D');
    expect(config).toMatchObject({ filters: 4, kernelSize: [3], strides: [1], padding: 'causal', dilationRate: [2], groups: 1, activation: 'tanh' });
    const c2 = deserializeLayer({ className, config: { ...config, name: 'cfg_conv1d_2' } });
    expect({ ...c2.getConfig(), name: 'cfg_conv1d' }).toEqual(config);
  });

  it('rejects bad arguments and inputs in Keras words', () => {
    expect(() => new Conv1D({ filters: 2.5, kernelSize: 3 })).toThrow('Invalid value for argument `filters`. Expected a strictly positive integer. Received: filters=2.5');
    expect(() => new Conv1D({ filters: 2, kernelSize: 3, padding: 'full' as never })).toThrow(
      'Invalid value for argument `padding`. Expected one of "valid", "same", "causal". Received: padding="full"',
    );
    expect(() => new Conv1D({ filters: 2, kernelSize: 3, groups: 0 })).toThrow('The number of groups must be a positive integer. Received: groups=0.');
    const layer = new Conv1D({ filters: 2, kernelSize: 2, name: 'conv1d' });
    const x = tf.zeros([2, 5, 5, 1]);
    expect(() => layer.apply(x)).toThrow('Input 0 of layer "conv1d" is incompatible with the layer: expected ndim=3, found ndim=4. Full shape received: (2, 5, 5, 1)');
    x.dispose();
  });
});
