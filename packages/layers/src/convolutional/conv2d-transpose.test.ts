import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import * as tfjs from '@tensorflow/tfjs';
import { cpu } from '@tessera/backend-cpu';
import { Conv2DTranspose } from './conv2d-transpose.js';
import { input } from '../core/input.js';
import { deserializeLayer, serializeLayer } from '../registry.js';
import { compareLayerWithTfjs, expectClose } from '../testing/layer-parity.js';
import { gradcheckLayerInput } from './parity-helpers.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
  await tfjs.setBackend('cpu');
});

describe('Conv2DTranspose', () => {
  it('matches tfjs-layers forward and backward across padding, strides and data formats', async () => {
    const variants = [
      { kernelSize: 3, shape: [2, 3, 4, 2] },
      { kernelSize: 3, strides: 2, padding: 'same' as const, shape: [2, 3, 3, 2] },
      { kernelSize: 2, strides: 2, shape: [1, 3, 2, 3] },
      { kernelSize: [2, 3] as [number, number], strides: [1, 3] as [number, number], padding: 'valid' as const, activation: 'relu', shape: [2, 2, 3, 2] },
      { kernelSize: 4, strides: 2, padding: 'same' as const, useBias: false, shape: [1, 3, 2, 2] },
      { kernelSize: 3, strides: 2, padding: 'same' as const, channelsFirst: true, shape: [2, 2, 3, 3] },
    ];
    for (const v of variants) {
      const before = tf.memory().numTensors;
      const { shape, activation, channelsFirst, ...common } = v;
      const ours = new Conv2DTranspose({ filters: 3, activation, biasInitializer: 'random_uniform', ...common, dataFormat: channelsFirst ? 'channels_first' : 'channels_last' });
      const theirs = tfjs.layers.conv2dTranspose({ filters: 3, activation: activation as 'relu', ...common, dataFormat: channelsFirst ? 'channelsFirst' : 'channelsLast' });
      await compareLayerWithTfjs({ ours, theirs, inputShapes: [shape] });
      ours.dispose();
      theirs.dispose();
      expect(tf.memory().numTensors, JSON.stringify(v)).toBe(before);
    }
  });

  it('outputPadding adds rows/cols as Keras (valid: zero taps, bias only, at the end)', async () => {
    const plain = new Conv2DTranspose({ filters: 2, kernelSize: 3, strides: 2, biasInitializer: 'ones' });
    const padded = new Conv2DTranspose({ filters: 2, kernelSize: 3, strides: 2, outputPadding: [1, 0], biasInitializer: 'ones' });
    const x = tf.tensor(Array.from({ length: 1 * 2 * 3 * 2 }, (_, i) => Math.sin(i + 1)), [1, 2, 3, 2]);
    const y0 = plain.apply(x);
    padded.apply(x).dispose();
    padded.setWeights(plain.getWeights());
    const y1 = padded.apply(x);
    expect(y0.shape).toEqual([1, 5, 7, 2]);
    expect(y1.shape).toEqual([1, 6, 7, 2]);
    const top = tf.slice(y1, [0, 0, 0, 0], [1, 5, 7, 2]);
    const last = tf.slice(y1, [0, 5, 0, 0], [1, 1, 7, 2]);
    expectClose(await top.data(), await y0.data(), 1e-6, 1e-6, 'outputPadding body');
    expect([...(await last.data())].every((v) => v === 1)).toBe(true);
    // 'same' with outputPadding: (in − 1)·stride + kernel % 2 + outputPadding
    const same = new Conv2DTranspose({ filters: 1, kernelSize: 3, strides: 2, padding: 'same', outputPadding: 0 });
    expect(same.computeOutputShape([null, 4, 5, 2])).toEqual([null, 7, 9, 1]);
    const y2 = same.apply(x);
    expect(y2.shape).toEqual([1, 3, 5, 1]);
    [x, y0, y1, y2, top, last].forEach((t) => t.dispose());
    [plain, padded, same].forEach((l) => l.dispose());
  });

  it('dilation runs on a zero-dilated kernel (tfjs-layers has no dilated Conv2DTranspose)', async () => {
    const dilated = new Conv2DTranspose({ filters: 2, kernelSize: 2, dilationRate: 2 });
    const x = tf.tensor(Array.from({ length: 2 * 3 * 3 * 2 }, (_, i) => Math.cos(i)), [2, 3, 3, 2]);
    const y = dilated.apply(x);
    expect(y.shape).toEqual([2, 5, 5, 2]); // (3 − 1) + (2 − 1)·2 + 1
    const [k, b] = dilated.getWeights() as [tf.Tensor, tf.Tensor];
    const kd = tf.tidy(() => {
      const host = k.arraySync() as number[][][][];
      const z = Array.from({ length: 3 }, (_, i) => Array.from({ length: 3 }, (_, j) => (i % 2 === 0 && j % 2 === 0 ? host[i / 2]![j / 2]! : [[0, 0], [0, 0]])));
      return tf.tensor(z);
    });
    const ref = tf.tidy(() => tf.add(tf.conv2dTranspose(x, kd, [2, 5, 5, 2], 1, 'valid'), b));
    expectClose(await y.data(), await ref.data(), 1e-6, 1e-6, 'dilated transpose');
    await gradcheckLayerInput(dilated, [1, 2, 3, 2]);
    [x, y, k, b, kd, ref].forEach((t) => t.dispose());
    dilated.dispose();
  });

  it('infers shapes symbolically and round-trips its config', () => {
    const a = new Conv2DTranspose({ filters: 4, kernelSize: 3, strides: 2, name: 'cfg_deconv' });
    expect(a.apply(input({ shape: [5, null, 3] })).shape).toEqual([null, 11, null, 4]);
    expect(a.kernel!.shape).toEqual([3, 3, 4, 3]);
    const b = new Conv2DTranspose({ filters: 2, kernelSize: 2, strides: 2, padding: 'same', dataFormat: 'channels_first' });
    expect(b.apply(input({ shape: [3, 4, 5] })).shape).toEqual([null, 2, 8, 10]);
    const { className, config } = serializeLayer(a);
    expect(config).toMatchObject({ filters: 4, kernelSize: [3, 3], strides: [2, 2], padding: 'valid', outputPadding: null, dilationRate: [1, 1] });
    const a2 = deserializeLayer({ className, config: { ...config, name: 'cfg_deconv_2' } });
    expect({ ...a2.getConfig(), name: 'cfg_deconv' }).toEqual(config);
    a.dispose();
    b.dispose();
  });

  it('rejects bad arguments and inputs in Keras words', () => {
    expect(() => new Conv2DTranspose({ filters: 2, kernelSize: 3, strides: 2, outputPadding: 2 })).toThrow(
      '`output_padding` must be < `strides`. output_padding=[2, 2], strides=[2, 2]',
    );
    expect(() => new Conv2DTranspose({ filters: 2, kernelSize: 3, outputPadding: -1 })).toThrow(/The `output_padding` argument must be a tuple of 2 integers/);
    expect(() => new Conv2DTranspose({ filters: -1, kernelSize: 3 })).toThrow('Invalid value for argument `filters`');
    expect(() => new Conv2DTranspose({ filters: 1, kernelSize: 3, strides: 2, dilationRate: 2 })).toThrow('`strides > 1` not supported in conjunction with `dilation_rate > 1`');
    const layer = new Conv2DTranspose({ filters: 2, kernelSize: 3, name: 'conv2d_transpose' });
    const x = tf.zeros([2, 5, 5]);
    expect(() => layer.apply(x)).toThrow('Input 0 of layer "conv2d_transpose" is incompatible with the layer: expected ndim=4, found ndim=3. Full shape received: (2, 5, 5)');
    x.dispose();
  });
});
