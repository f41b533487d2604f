import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import * as tfjs from '@tensorflow/tfjs';
import { cpu } from '@tessera/backend-cpu';
import { BatchNormalization } from './batch-normalization.js';
import { LayerNormalization } from './layer-normalization.js';
import { compareLayerWithTfjs } from '../testing/layer-parity.js';
import { input } from '../core/input.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
  await tfjs.setBackend('cpu');
});

describe('BatchNormalization', () => {
  it('matches tfjs in inference and training mode (outputs and gradients)', async () => {
    for (const training of [false, true]) {
      const before = tf.memory().numTensors;
      const ours = new BatchNormalization({});
      const theirs = tfjs.layers.batchNormalization({});
      await compareLayerWithTfjs({ ours, theirs, inputShapes: [[6, 4]], training });
      ours.dispose();
      theirs.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('normalises a channels axis of 4D input and updates moving statistics with momentum', async () => {
    const bn = new BatchNormalization({ axis: -1, momentum: 0.9 });
    const x = tf.tensor([1, 2, 3, 5, 5, 10, 7, 14], [2, 2, 1, 2]);
    const y = bn.apply(x, { training: true });
    // channel 0 values 1,3,5,7: mean 4, var 5; channel 1: 2,5,10,14: mean 7.75, var 21.1875
    expect(Array.from(await bn.movingMean!.data()).map((v) => +v.toFixed(5))).toEqual([0.4, 0.775]);
    expect(Array.from(await bn.movingVariance!.data()).map((v) => +v.toFixed(5))).toEqual([+(0.9 + 0.5).toFixed(5), +(0.9 + 2.11875).toFixed(5)]);
    const yv = await y.data();
    expect(yv[0]).toBeCloseTo((1 - 4) / Math.sqrt(5 + 1e-3), 5);
    expect(bn.nonTrainableWeights.map((v) => v.name)).toEqual([`${bn.name}/moving_mean`, `${bn.name}/moving_variance`]);
    const sym = bn.apply(input({ shape: [2, 1, 2] }));
    expect(sym.shape).toEqual([null, 2, 1, 2]);
    [x, y].forEach((t) => t.dispose());
    bn.dispose();
  });

  it('rejects bad arguments', () => {
    expect(() => new BatchNormalization({ momentum: 1.5 })).toThrow('Invalid value for argument `momentum`. Expected a float between 0 and 1. Received: momentum=1.5');
    expect(() => new BatchNormalization({ epsilon: 0 })).toThrow(/argument `epsilon`/);
  });
});

describe('LayerNormalization', () => {
  it('matches tfjs forward and backward', async () => {
    const ours = new LayerNormalization({});
    const theirs = tfjs.layers.layerNormalization({});
    await compareLayerWithTfjs({ ours, theirs, inputShapes: [[3, 5]] });
    ours.dispose();
    theirs.dispose();
  });
});
