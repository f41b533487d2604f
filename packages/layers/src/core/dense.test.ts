import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import * as tfjs from '@tensorflow/tfjs';
import { cpu } from '@tessera/backend-cpu';
import { Dense } from './dense.js';
import { input } from './input.js';
import { resetLayerNames } from '../engine/layer.js';
import { deserializeLayer, serializeLayer } from '../registry.js';
import { compareLayerWithTfjs } from '../testing/layer-parity.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
  await tfjs.setBackend('cpu');
});

describe('Dense', () => {
  it('matches tfjs-layers forward and backward, for each fusable and non-fusable activation', async () => {
    for (const activation of ['linear', 'relu', 'sigmoid', 'tanh', 'softmax', 'elu'] as const) {
      const before = tf.memory().numTensors;
      const ours = new Dense({ units: 5, activation });
      const theirs = tfjs.layers.dense({ units: 5, activation });
      await compareLayerWithTfjs({ ours, theirs, inputShapes: [[4, 3]] });
      ours.dispose();
      theirs.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('applies to the last axis of rank-3 inputs and without bias', async () => {
    const ours = new Dense({ units: 2, useBias: false });
    const theirs = tfjs.layers.dense({ units: 2, useBias: false });
    await compareLayerWithTfjs({ ours, theirs, inputShapes: [[2, 3, 4]] });
    ours.dispose();
    theirs.dispose();
  });

  it('names weights readably, counts parameters, infers shapes symbolically', () => {
    resetLayerNames();
    const a = new Dense({ units: 3 });
    const b = new Dense({ units: 4 });
    expect([a.name, b.name]).toEqual(['dense', 'dense_1']);
    const x = input({ shape: [7] });
    const y = b.apply(a.apply(x));
    expect(y.shape).toEqual([null, 4]);
    expect(a.weightEntries.map((w) => w.name)).toEqual(['dense/kernel', 'dense/bias']);
    expect(a.countParams()).toBe(7 * 3 + 3);
    a.dispose();
    b.dispose();
  });

  it('round-trips through its config', () => {
    const d = new Dense({ units: 3, activation: 'relu', kernelRegularizer: 'l2', name: 'cfg_dense' });
    const c = serializeLayer(d);
    expect(c.className).toBe('Dense');
    expect(c.config.activation).toBe('relu');
    const d2 = deserializeLayer({ className: 'Dense', config: { ...c.config, name: 'cfg_dense_2' } }) as Dense;
    expect(d2.units).toBe(3);
    expect(d2.getConfig().kernelRegularizer).toEqual({ className: 'L2', config: { l2: 0.01 } });
  });

  it('rejects bad arguments and incompatible inputs in Keras words', () => {
    expect(() => new Dense({ units: 0 })).toThrow('Invalid value for argument `units`. Expected a positive integer. Received: units=0');
    expect(() => new Dense({ units: 2, activation: 'nope' })).toThrow(/Invalid value for argument `activation`/);
    const d = new Dense({ units: 2, name: 'shape_check' });
    const x = tf.zeros([2, 3]);
    d.apply(x).dispose();
    const bad = tf.zeros([2, 4]);
    expect(() => d.apply(bad)).toThrow(
      'Input 0 of layer "shape_check" is incompatible with the layer: expected axis -1 of input shape to have value 3, but received input with shape (2, 4)',
    );
    expect(() => d.apply(tf.zeros([3]))).toThrow(/expected min_ndim=2, found ndim=1/);
    [x, bad].forEach((t) => t.dispose());
    d.dispose();
  });
});
