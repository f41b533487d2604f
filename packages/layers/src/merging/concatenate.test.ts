import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import * as tfjs from '@tensorflow/tfjs';
import { cpu } from '@tessera/backend-cpu';
import { Concatenate } from './concatenate.js';
import { concatenate } from './functional.js';
import { input } from '../core/input.js';
import { getMask, setMask } from '../engine/layer.js';
import { deserializeLayer, serializeLayer } from '../registry.js';
import { compareWeightlessWithTfjs } from './test-utils.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
  await tfjs.setBackend('cpu');
});

describe('Concatenate', () => {
  it('matches tfjs-layers forward and backward along several axes', async () => {
    const before = tf.memory().numTensors;
    await compareWeightlessWithTfjs({ ours: new Concatenate(), theirs: tfjs.layers.concatenate({}), inputShapes: [[2, 3, 4], [2, 3, 2]] });
    await compareWeightlessWithTfjs({ ours: new Concatenate({ axis: 1 }), theirs: tfjs.layers.concatenate({ axis: 1 }), inputShapes: [[2, 1, 4], [2, 3, 4], [2, 2, 4]] });
    // tfjs-layers treats every negative axis as the last one: its side gets the equivalent positive axis.
    await compareWeightlessWithTfjs({ ours: new Concatenate({ axis: -2 }), theirs: tfjs.layers.concatenate({ axis: 1 }), inputShapes: [[2, 3, 4], [2, 1, 4]] });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('infers shapes symbolically (unknown sizes on the axis give unknown)', () => {
    expect(new Concatenate({ axis: 1 }).apply([input({ shape: [2, 3] }), input({ shape: [4, 3] })]).shape).toEqual([null, 6, 3]);
    expect(new Concatenate().apply([input({ shape: [2, 3] }), input({ shape: [2, null] })]).shape).toEqual([null, 2, null]);
    expect(new Concatenate().apply([input({ shape: [null, 3] }), input({ shape: [5, 1] })]).shape).toEqual([null, 5, 4]);
  });

  it('rejects mismatched shapes in Keras words', () => {
    expect(() => new Concatenate().apply([input({ shape: [2, 3] }), input({ shape: [4, 5] })])).toThrow(
      'A `Concatenate` layer requires inputs with matching shapes except for the concatenation axis. Received: input_shape=[(None, 2, 3), (None, 4, 5)]',
    );
    expect(() => new Concatenate().apply([input({ shape: [2, 3] }), input({ shape: [3] })])).toThrow('requires inputs with matching shapes');
    const x = tf.zeros([2, 3]);
    expect(() => new Concatenate({ axis: 2 }).apply([x, x])).toThrow('`axis` 2 is out of bounds for inputs of rank 2');
    expect(() => new Concatenate().apply(x)).toThrow('A `Concatenate` layer should be called on a list of at least 1 input. Received: input_shape=(2, 3)');
    expect(() => new Concatenate({ axis: 1.5 })).toThrow('Invalid value for argument `axis`. Expected an integer. Received: axis=1.5');
    x.dispose();
  });

  it('concatenates masks as Keras (unmasked inputs count as all true)', async () => {
    const before = tf.memory().numTensors;
    const a = tf.zeros([1, 2, 1]);
    const b = tf.zeros([1, 3, 1]);
    const c = tf.zeros([1, 2, 2]);
    const ma = tf.tensor([true, false], [1, 2], 'bool');
    const mb = tf.tensor([false, false, true], [1, 3], 'bool');
    setMask(a, ma);
    setMask(b, mb);
    const time = new Concatenate({ axis: 1 }).apply([a, b]) as tf.Tensor;
    expect(Array.from(await getMask(time)!.data())).toEqual([1, 0, 0, 0, 1]);
    const feat = new Concatenate().apply([a, c]) as tf.Tensor;
    expect(Array.from(await getMask(feat)!.data())).toEqual([1, 1]);
    tf.dispose([a, b, c, ma, mb, time, getMask(time)!, feat, getMask(feat)!]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('has a functional form and round-trips its config', async () => {
    const x = tf.tensor([1, 2], [1, 2]);
    const y = tf.tensor([3], [1, 1]);
    const z = concatenate([x, y]);
    expect(Array.from(await z.data())).toEqual([1, 2, 3]);
    const w = concatenate([x, x], 0);
    expect(w.shape).toEqual([2, 2]);
    expect(concatenate([input({ shape: [2] }), input({ shape: [3] })], { axis: -1, name: 'cat_fn' }).shape).toEqual([null, 5]);
    expect(concatenate({ axis: 1 })).toBeInstanceOf(Concatenate);
    tf.dispose([x, y, z, w]);
    const { className, config } = serializeLayer(new Concatenate({ axis: 1, name: 'cat_cfg' }));
    expect(config.axis).toBe(1);
    expect(deserializeLayer({ className, config }).getConfig()).toEqual(config);
  });
});
