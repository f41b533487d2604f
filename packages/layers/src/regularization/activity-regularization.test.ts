import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { valueAndGrads } from '@tessera/autograd';
import { ActivityRegularization } from './activity-regularization.js';
import { input } from '../core/input.js';
import { deserializeLayer, serializeLayer } from '../registry.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
});

describe('ActivityRegularization', () => {
  it('passes inputs through and adds l1·Σ|x| + l2·Σx² to its losses (not divided by the batch, as Keras 3)', async () => {
    const before = tf.memory().numTensors;
    const layer = new ActivityRegularization({ l1: 0.1, l2: 0.01 });
    const x = tf.tensor([1, -2, 3, -4], [2, 2]);
    const y = layer.apply(x);
    expect(Array.from(await y.data())).toEqual([1, -2, 3, -4]);
    const [loss] = layer.losses;
    expect(await loss!.data()).toEqual(new Float32Array([Math.fround(0.1 * 10 + 0.01 * 30)]));
    // The penalty is differentiable with respect to the input: d/dx = l1·sign(x) + 2·l2·x.
    const { value, grads } = valueAndGrads((xi: tf.Tensor) => {
      layer.apply(xi);
      return layer.losses[0]!;
    })([x]);
    const g = await grads[0]!.data();
    [0.12, -0.14, 0.16, -0.18].forEach((e, i) => expect(g[i]).toBeCloseTo(e, 6));
    tf.dispose([x, y, loss!, value, ...grads, ...layer.losses]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('infers shapes, round-trips its config and rejects bad arguments', () => {
    expect(new ActivityRegularization().apply(input({ shape: [3] })).shape).toEqual([null, 3]);
    const { className, config } = serializeLayer(new ActivityRegularization({ l1: 0.5, name: 'act_reg' }));
    expect(config).toMatchObject({ l1: 0.5, l2: 0 });
    expect(deserializeLayer({ className, config }).getConfig()).toEqual(config);
    expect(() => new ActivityRegularization({ l1: -1 })).toThrow('Invalid value for argument `l1`. Expected a non-negative float. Received: l1=-1');
  });
});
