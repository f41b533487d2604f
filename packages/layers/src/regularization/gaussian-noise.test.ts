import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import * as tfjs from '@tensorflow/tfjs';
import { cpu } from '@tessera/backend-cpu';
import { GaussianDropout, GaussianNoise } from './gaussian-noise.js';
import { input } from '../core/input.js';
import { deserializeLayer, serializeLayer } from '../registry.js';
import { compareWeightlessWithTfjs } from '../merging/test-utils.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
  await tfjs.setBackend('cpu');
});

function stats(v: ArrayLike<number>): { mean: number; std: number } {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]!;
  const mean = s / v.length;
  let q = 0;
  for (let i = 0; i < v.length; i++) q += (v[i]! - mean) ** 2;
  return { mean, std: Math.sqrt(q / v.length) };
}

describe('GaussianNoise / GaussianDropout', () => {
  it('match tfjs-layers at inference (identity)', async () => {
    const before = tf.memory().numTensors;
    await compareWeightlessWithTfjs({ ours: new GaussianNoise({ stddev: 0.5 }), theirs: tfjs.layers.gaussianNoise({ stddev: 0.5 }), inputShapes: [[2, 3, 4]], single: true });
    await compareWeightlessWithTfjs({ ours: new GaussianDropout({ rate: 0.3 }), theirs: tfjs.layers.gaussianDropout({ rate: 0.3 }), inputShapes: [[2, 5]], single: true });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('add N(0, stddev²) noise / multiply by N(1, rate/(1-rate)) noise while training', async () => {
    const before = tf.memory().numTensors;
    const x = tf.ones([100, 100]);
    const noisy = new GaussianNoise({ stddev: 0.3, seed: 1 }).apply(x, { training: true });
    const n = stats(Array.from(await noisy.data(), (v) => v - 1));
    expect(Math.abs(n.mean)).toBeLessThan(0.01);
    expect(n.std).toBeCloseTo(0.3, 1);
    const rate = 0.2;
    const dropped = new GaussianDropout({ rate, seed: 2 }).apply(x, { training: true });
    const d = stats(await dropped.data());
    expect(Math.abs(d.mean - 1)).toBeLessThan(0.01);
    expect(d.std).toBeCloseTo(Math.sqrt(rate / (1 - rate)), 1);
    tf.dispose([x, noisy, dropped]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('give a reproducible sequence with a seed, new noise each call', async () => {
    for (const make of [() => new GaussianNoise({ stddev: 0.5, seed: 9 }), () => new GaussianDropout({ rate: 0.5, seed: 9 })]) {
      const x = tf.ones([3, 4]);
      const a = make();
      const b = make();
      const [a1, a2, b1, b2] = [a.apply(x, { training: true }), a.apply(x, { training: true }), b.apply(x, { training: true }), b.apply(x, { training: true })];
      expect(Array.from(await a1.data())).toEqual(Array.from(await b1.data()));
      expect(Array.from(await a2.data())).toEqual(Array.from(await b2.data()));
      expect(Array.from(await a1.data())).not.toEqual(Array.from(await a2.data()));
      tf.dispose([x, a1, a2, b1, b2]);
    }
  });

  it('infer shapes, round-trip configs and reject bad arguments', () => {
    expect(new GaussianNoise({ stddev: 0.1 }).apply(input({ shape: [5, 3] })).shape).toEqual([null, 5, 3]);
    for (const l of [new GaussianNoise({ stddev: 0.2, seed: 3 }), new GaussianDropout({ rate: 0.4 })]) {
      const { className, config } = serializeLayer(l);
      expect(deserializeLayer({ className, config }).getConfig()).toEqual(config);
    }
    expect(serializeLayer(new GaussianNoise({ stddev: 0.2, seed: 3 })).config).toMatchObject({ stddev: 0.2, seed: 3 });
    expect(() => new GaussianNoise({ stddev: 2 })).toThrow('Invalid value for argument `stddev`. Expected a float between 0 and 1. Received: stddev=2');
    expect(() => new GaussianDropout({ rate: 1 })).toThrow('Invalid value for argument `rate`. Expected a float between 0 (inclusive) and 1 (exclusive). Received: rate=1');
    expect(() => new GaussianDropout({ rate: -0.1 })).toThrow('Invalid value for argument `rate`');
  });
});
