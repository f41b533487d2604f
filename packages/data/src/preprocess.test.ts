import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { meanStd, minMaxScale, normalize, oneHot, trainTestSplit } from './index.js';

beforeAll(async () => {
  if (tf.listBackends().includes('cpu')) await tf.setBackend(tf.getBackend('cpu'));
  else await tf.setBackend(cpu());
});
let baseline = 0;
beforeEach(() => {
  baseline = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(baseline);
});

const take = (t: tf.Tensor): number[] => {
  const v = Array.from(t.dataSync());
  t.dispose();
  return v;
};
const close = (got: number[], want: number[]) => {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(g).toBeCloseTo(want[i]!, 5));
};

describe('oneHot', () => {
  it('encodes arrays and tensors as float32 [n, k]', () => {
    const a = oneHot([2, 0, 1], 3);
    expect(a.dtype).toBe('float32');
    expect(a.shape).toEqual([3, 3]);
    expect(take(a)).toEqual([0, 0, 1, 1, 0, 0, 0, 1, 0]);
    const labels = tf.tensor([[1], [0]], [2, 1], 'int32');
    const b = oneHot(labels, 2);
    expect(b.shape).toEqual([2, 2]);
    expect(take(b)).toEqual([0, 1, 1, 0]);
    labels.dispose();
  });

  it('rejects labels out of range and bad class counts', () => {
    expect(() => oneHot([0, 3], 3)).toThrow('oneHot: labels[1] is 3; expected a whole number in [0, 3).');
    expect(() => oneHot([0.5], 3)).toThrow(/labels\[0\] is 0.5/);
    expect(() => oneHot([0], 0)).toThrow(/numClasses/);
    const t = tf.tensor1d([0, 5]);
    expect(() => oneHot(t, 3)).toThrow(/labels\[1\] is 5/);
    t.dispose();
  });
});

describe('normalize / meanStd / minMaxScale', () => {
  const data = [[1, 10, 5], [3, 30, 5], [5, 50, 5]];

  it('standardises each feature over the samples; constant features become 0', () => {
    const x = tf.tensor2d(data);
    const n = normalize(x);
    const s = Math.sqrt(8 / 3);
    close(take(n), [-2 / s, -20 / (10 * s), 0, 0, 0, 0, 2 / s, 20 / (10 * s), 0]);
    x.dispose();
  });

  it('reuses statistics from meanStd or given numbers', () => {
    const train = tf.tensor2d(data);
    const { mean, std } = meanStd(train);
    expect(mean.shape).toEqual([1, 3]);
    close(take(normalize([[3, 30, 5]], { mean, std })), [0, 0, 0]);
    close(take(normalize([[2, 4]], { mean: [1, 2], std: 2 })), [0.5, 1]);
    tf.dispose([train, mean, std]);
  });

  it('min-max scales into a range', () => {
    close(take(minMaxScale(data)), [0, 0, 0, 0.5, 0.5, 0, 1, 1, 0]);
    close(take(minMaxScale(data, { range: [-1, 1] })), [-1, -1, -1, 0, 0, -1, 1, 1, -1]);
    close(take(minMaxScale([[5]], { min: 0, max: 10 })), [0.5]);
    expect(() => minMaxScale(data, { range: [1, 0] })).toThrow(/range/);
  });
});

describe('trainTestSplit', () => {
  it('splits pairs consistently, disjointly and reproducibly', () => {
    const n = 20;
    const x = tf.tensor2d(Array.from({ length: n }, (_, i) => [i, i]));
    const y = Array.from({ length: n }, (_, i) => i * 10);
    const s = trainTestSplit(x, y, { testSize: 0.25, seed: 5 });
    expect(s.xTrain.shape).toEqual([15, 2]);
    expect(s.xTest.shape).toEqual([5, 2]);
    const trainIds = take(s.xTrain).filter((_, k) => k % 2 === 0);
    const testIds = take(s.xTest).filter((_, k) => k % 2 === 0);
    expect(s.yTrain).toEqual(trainIds.map((i) => i * 10));
    expect(s.yTest).toEqual(testIds.map((i) => i * 10));
    expect([...trainIds, ...testIds].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    const again = trainTestSplit(x, y, { testSize: 0.25, seed: 5 });
    expect(again.yTest).toEqual(s.yTest);
    tf.dispose([again.xTrain, again.xTest]);
    x.dispose();
  });

  it('without shuffling takes the last rows as the test part; testSize may be a count', () => {
    const s = trainTestSplit([1, 2, 3, 4, 5], ['a', 'b', 'c', 'd', 'e'], { testSize: 2, shuffle: false });
    expect(s).toEqual({ xTrain: [1, 2, 3], xTest: [4, 5], yTrain: ['a', 'b', 'c'], yTest: ['d', 'e'] });
    const x = tf.tensor1d([1, 2, 3, 4]);
    const t = trainTestSplit(x, x, { testSize: 0.5, shuffle: false });
    expect(take(t.xTest)).toEqual([3, 4]);
    tf.dispose([t.xTrain, t.yTrain, t.yTest]);
    x.dispose();
  });

  it('validates sizes', () => {
    expect(() => trainTestSplit([1, 2], [1], {})).toThrow(/x has 2 rows but y has 1/);
    expect(() => trainTestSplit([1, 2], [1, 2], { testSize: 2 })).toThrow(/leaves no training rows/);
    expect(() => trainTestSplit([1, 2], [1, 2], { testSize: 1.5 })).toThrow(/testSize/);
  });
});
