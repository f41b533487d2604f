import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import * as tfjs from '@tensorflow/tfjs';
import { cpu } from '@tessera/backend-cpu';
import { gradcheck } from '@tessera/autograd';
import { Dot } from './dot.js';
import { dot } from './functional.js';
import { input } from '../core/input.js';
import { deserializeLayer, serializeLayer } from '../registry.js';
import { compareWeightlessWithTfjs } from './test-utils.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
  await tfjs.setBackend('cpu');
});

describe('Dot', () => {
  it('matches tfjs-layers forward and backward for 2-D and 3-D inputs, with and without normalize', async () => {
    const before = tf.memory().numTensors;
    const cases: [number | [number, number], number[][]][] = [
      [-1, [[4, 3], [4, 3]]],
      [1, [[4, 3], [4, 3]]],
      [[2, 2], [[2, 3, 4], [2, 5, 4]]],
      [[1, 2], [[2, 3, 4], [2, 5, 3]]],
      [1, [[2, 3, 4], [2, 3, 5]]],
      [[1, 1], [[2, 3], [2, 3, 5]]],
    ];
    for (const [axes, inputShapes] of cases) {
      for (const normalize of [false, true]) {
        await compareWeightlessWithTfjs({ ours: new Dot({ axes, normalize }), theirs: tfjs.layers.dot({ axes, normalize }), inputShapes, rtol: 1e-5, atol: 1e-5 });
      }
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('handles rank-4 inputs (beyond tfjs) and passes finite differences', async () => {
    const before = tf.memory().numTensors;
    const a = tf.randomUniform([2, 3, 2, 4], -1, 1, 'float32', 1);
    const b = tf.randomUniform([2, 4, 5], -1, 1, 'float32', 2);
    const layer = new Dot({ axes: [3, 1] });
    const y = layer.apply([a, b]) as tf.Tensor;
    expect(y.shape).toEqual([2, 3, 2, 5]);
    const ref = tf.tidy(() => tf.reshape(tf.matMul(tf.reshape(a, [2, 6, 4]), b), [2, 3, 2, 5]));
    expect(Array.from(await y.data())).toEqual(Array.from(await ref.data()));
    const res = await gradcheck((x, z) => new Dot({ axes: [3, 1], normalize: true }).apply([x!, z!]) as tf.Tensor, [a, b]);
    expect(res.ok).toBe(true);
    tf.dispose([a, b, y, ref]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('infers shapes symbolically', () => {
    expect(new Dot({ axes: 1 }).apply([input({ shape: [3] }), input({ shape: [3] })]).shape).toEqual([null, 1]);
    expect(new Dot({ axes: [2, 2] }).apply([input({ shape: [2, 4] }), input({ shape: [5, 4] })]).shape).toEqual([null, 2, 5]);
    expect(new Dot({ axes: [1, 2] }).apply([input({ shape: [3, 4] }), input({ shape: [5, 3] })]).shape).toEqual([null, 4, 5]);
  });

  it('rejects bad axes and inputs in Keras words', () => {
    expect(() => new Dot({ axes: 'x' as never })).toThrow('Invalid type for argument `axes`: it should be a list or an int. Received: axes="x"');
    expect(() => new Dot({ axes: [1, 2, 3] as never })).toThrow('Invalid format for argument `axes`: it should contain two elements. Received: axes=[1, 2, 3]');
    expect(() => new Dot({ axes: [1, 0.5] })).toThrow('Invalid format for argument `axes`: list elements should be integers');
    expect(() => new Dot({ axes: 1 }).apply([input({ shape: [3] }), input({ shape: [4] })])).toThrow(
      'Incompatible input shapes: axis values 3 (at axis 1) != 4 (at axis 1). Full input shapes: (None, 3), (None, 4)',
    );
    expect(() => new Dot({ axes: 0 }).apply([input({ shape: [3] }), input({ shape: [3] })])).toThrow('Cannot perform batch_dot over axis 0.');
    expect(() => new Dot({ axes: 1 }).apply([input({ shape: [3] }), input({ shape: [3] }), input({ shape: [3] })])).toThrow(
      'A `Dot` layer should be called on a list of 2 inputs. Received: input_shape=[(None, 3), (None, 3), (None, 3)]',
    );
  });

  it('has a functional form (axes default -1) and round-trips its config', async () => {
    const x = tf.tensor([1, 2, 3, 4], [2, 2]);
    const y = tf.tensor([5, 6, 7, 8], [2, 2]);
    const z = dot([x, y]);
    expect(Array.from(await z.data())).toEqual([17, 53]);
    const n = dot([x, x], 1, { normalize: true });
    const nd = await n.data();
    expect(nd[0]).toBeCloseTo(1, 6);
    expect(dot({ axes: 1 })).toBeInstanceOf(Dot);
    tf.dispose([x, y, z, n]);
    const { className, config } = serializeLayer(new Dot({ axes: [1, 2], normalize: true, name: 'dot_cfg' }));
    expect(config).toMatchObject({ axes: [1, 2], normalize: true });
    expect(deserializeLayer({ className, config }).getConfig()).toEqual(config);
  });
});
