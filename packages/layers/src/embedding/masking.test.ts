import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import * as tfjs from '@tensorflow/tfjs';
import { cpu } from '@tessera/backend-cpu';
import { Masking } from './masking.js';
import { input } from '../core/input.js';
import { getMask } from '../engine/layer.js';
import { deserializeLayer, serializeLayer } from '../registry.js';
import { compareWeightlessWithTfjs } from '../merging/test-utils.js';
import { gradcheck, valueAndGrads } from '@tessera/autograd';

beforeAll(async () => {
  await tf.setBackend(cpu());
  await tfjs.setBackend('cpu');
});

describe('Masking', () => {
  it('matches tfjs-layers forward; its gradient passes finite differences', async () => {
    const before = tf.memory().numTensors;
    // tfjs cannot differentiate Masking ("gradient function not found for Any"): forward only there.
    await compareWeightlessWithTfjs({ ours: new Masking(), theirs: tfjs.layers.masking({}), inputShapes: [[2, 3, 4]], single: true, forwardOnly: true });
    await compareWeightlessWithTfjs({ ours: new Masking({ maskValue: 0.5 }), theirs: tfjs.layers.masking({ maskValue: 0.5 }), inputShapes: [[2, 3]], single: true, forwardOnly: true });
    const layer = new Masking({ maskValue: 0.25 });
    // Finite differences away from masked steps (a perturbation would unmask them); at masked steps the
    // gradient is 0, checked directly.
    const x = tf.tensor([0.3, 0.25, 1, -2, 0.5, 0.2, 0.75, 0.45, 3, 0.1, -1, 2], [2, 3, 2]);
    const masks: tf.Tensor[] = [];
    const apply = (xi: tf.Tensor) => {
      const y = layer.apply(xi);
      masks.push(getMask(y)!);
      return y;
    };
    const res = await gradcheck((xi) => apply(xi!), [x]);
    expect(res.ok).toBe(true);
    const xm = tf.tensor([0.25, 0.25, 1, -2, 0.25, 0.25], [1, 3, 2]);
    const { value, grads } = valueAndGrads((xi: tf.Tensor) => apply(xi).sum())([xm]);
    expect(Array.from(await grads[0]!.data())).toEqual([0, 0, 1, 1, 0, 0]);
    tf.dispose([x, xm, value, ...grads, ...masks]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('zeroes the steps whose features all equal maskValue and masks them', async () => {
    const before = tf.memory().numTensors;
    const x = tf.tensor([1, 2, -1, -1, -1, 3, -1, -1], [2, 2, 2]);
    const y = new Masking({ maskValue: -1 }).apply(x);
    expect(Array.from(await y.data(), (v) => v + 0)).toEqual([1, 2, 0, 0, -1, 3, 0, 0]);
    const m = getMask(y)!;
    expect(m.shape).toEqual([2, 2]);
    expect(Array.from(await m.data())).toEqual([1, 0, 1, 0]);
    tf.dispose([x, y, m]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('infers shapes, round-trips its config and rejects bad arguments', () => {
    expect(new Masking().apply(input({ shape: [5, 3] })).shape).toEqual([null, 5, 3]);
    const { className, config } = serializeLayer(new Masking({ maskValue: -1, name: 'mask_cfg' }));
    expect(config.maskValue).toBe(-1);
    expect(deserializeLayer({ className, config }).getConfig()).toEqual(config);
    expect(() => new Masking({ maskValue: 'x' as never })).toThrow('Invalid value for argument `mask_value`. Expected a number. Received: mask_value="x"');
  });
});
