import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import * as tfjs from '@tensorflow/tfjs';
import { cpu } from '@tessera/backend-cpu';
import { SpatialDropout1D, SpatialDropout2D } from './spatial-dropout.js';
import { input } from '../core/input.js';
import { deserializeLayer, serializeLayer } from '../registry.js';
import { compareWeightlessWithTfjs } from '../merging/test-utils.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
  await tfjs.setBackend('cpu');
});

/** Values of a [B, ...spatial, C] (channels-last) tensor grouped per (batch, channel). */
function perChannel(v: Float32Array, shape: number[], channelAxis: number): Map<string, Set<number>> {
  const groups = new Map<string, Set<number>>();
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  v.forEach((x, i) => {
    const b = Math.floor(i / strides[0]!) % shape[0]!;
    const c = Math.floor(i / strides[channelAxis]!) % shape[channelAxis]!;
    const key = `${b}/${c}`;
    if (!groups.has(key)) groups.set(key, new Set());
    groups.get(key)!.add(x);
  });
  return groups;
}

describe('SpatialDropout1D / SpatialDropout2D', () => {
  it('match tfjs-layers at inference and at rate 0 (identity, gradient 1)', async () => {
    const before = tf.memory().numTensors;
    await compareWeightlessWithTfjs({ ours: new SpatialDropout1D({ rate: 0.5 }), theirs: tfjs.layers.spatialDropout1d({ rate: 0.5 }), inputShapes: [[2, 3, 4]], single: true });
    await compareWeightlessWithTfjs({ ours: new SpatialDropout1D({ rate: 0 }), theirs: tfjs.layers.spatialDropout1d({ rate: 0 }), inputShapes: [[2, 3, 4]], single: true, training: true });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('drop whole channels while training, scaling the rest by 1/(1 - rate)', async () => {
    const before = tf.memory().numTensors;
    const cases: [tf.Tensor, SpatialDropout1D | SpatialDropout2D, number][] = [
      [tf.ones([4, 6, 8]), new SpatialDropout1D({ rate: 0.5, seed: 1 }), 2],
      [tf.ones([3, 4, 5, 8]), new SpatialDropout2D({ rate: 0.5, seed: 2 }), 3],
      [tf.ones([3, 8, 4, 5]), new SpatialDropout2D({ rate: 0.5, seed: 3, dataFormat: 'channels_first' }), 1],
    ];
    for (const [x, layer, channelAxis] of cases) {
      const y = layer.apply(x, { training: true });
      const v = (await y.data()) as Float32Array;
      const groups = perChannel(v, [...x.shape], channelAxis);
      for (const g of groups.values()) expect(g.size).toBe(1);
      const kept = [...groups.values()].map((g) => [...g][0]);
      expect(new Set(kept)).toEqual(new Set([0, 2]));
      const same = layer.apply(x, { training: false });
      expect(same).toBe(x);
      tf.dispose([x, y]);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('give a reproducible sequence of masks with a seed, a new mask each call', async () => {
    const x = tf.ones([8, 2, 16]);
    const a = new SpatialDropout1D({ rate: 0.5, seed: 42 });
    const b = new SpatialDropout1D({ rate: 0.5, seed: 42 });
    const a1 = a.apply(x, { training: true });
    const a2 = a.apply(x, { training: true });
    const b1 = b.apply(x, { training: true });
    const b2 = b.apply(x, { training: true });
    expect(Array.from(await a1.data())).toEqual(Array.from(await b1.data()));
    expect(Array.from(await a2.data())).toEqual(Array.from(await b2.data()));
    expect(Array.from(await a1.data())).not.toEqual(Array.from(await a2.data()));
    tf.dispose([x, a1, a2, b1, b2]);
  });

  it('infer shapes, round-trip configs and reject bad arguments and inputs', () => {
    expect(new SpatialDropout1D({ rate: 0.2 }).apply(input({ shape: [5, 3] })).shape).toEqual([null, 5, 3]);
    const l = new SpatialDropout2D({ rate: 0.3, seed: 7, dataFormat: 'channels_first', name: 'sd2' });
    const { className, config } = serializeLayer(l);
    expect(config).toMatchObject({ rate: 0.3, seed: 7, dataFormat: 'channels_first' });
    expect(deserializeLayer({ className, config }).getConfig()).toEqual(config);
    expect(() => new SpatialDropout1D({ rate: 1.5 })).toThrow('Invalid value for argument `rate`. Expected a float between 0 and 1. Received: rate=1.5');
    expect(() => new SpatialDropout2D({ rate: 0.1, dataFormat: 'nchw' as never })).toThrow('Invalid value for argument `data_format`');
    const x = tf.zeros([2, 3]);
    expect(() => new SpatialDropout1D({ rate: 0.1, name: 'sd1' }).apply(x)).toThrow(
      'Input 0 of layer "sd1" is incompatible with the layer: expected ndim=3, found ndim=2. Full shape received: (2, 3)',
    );
    x.dispose();
  });
});
