import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import * as L from './index.js';

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

const read = (t: tf.Tensor): number[] => {
  const v = Array.from(t.dataSync());
  t.dispose();
  return v;
};
const close = (got: number[], want: number[], digits = 5) => {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(g).toBeCloseTo(want[i]!, digits));
};

// Per-sample MSE of this pair is [0.5, 0.5] (Keras's MeanSquaredError docstring).
const yTrue = [[0, 1], [0, 0]];
const yPred = [[1, 1], [1, 0]];

describe('Loss objects: reductions and sample weights', () => {
  it('reduces with sum_over_batch_size by default, or sum, mean, none', () => {
    expect(read(new L.MeanSquaredError().apply(yTrue, yPred))).toEqual([0.5]);
    expect(read(new L.MeanSquaredError({ reduction: 'sum' }).apply(yTrue, yPred))).toEqual([1]);
    expect(read(new L.MeanSquaredError({ reduction: 'mean' }).apply(yTrue, yPred))).toEqual([0.5]);
    expect(read(new L.MeanSquaredError({ reduction: 'none' }).apply(yTrue, yPred))).toEqual([0.5, 0.5]);
    expect(read(new L.MeanSquaredError({ reduction: null }).apply(yTrue, yPred))).toEqual([0.5, 0.5]);
  });

  it('a reduced loss is a scalar', () => {
    const l = new L.MeanSquaredError().apply(yTrue, yPred);
    expect(l.shape).toEqual([]);
    l.dispose();
  });

  it('weights per sample (Keras docstring: sample_weight [0.7, 0.3] → 0.25)', () => {
    const mse = new L.MeanSquaredError();
    close(read(mse.apply(yTrue, yPred, [0.7, 0.3])), [0.25]);
    close(read(mse.apply(yTrue, yPred, [1, 3])), [1]);
    close(read(mse.apply(yTrue, yPred, 2)), [1]);
    close(read(new L.MeanSquaredError({ reduction: 'sum' }).apply(yTrue, yPred, [1, 3])), [2]);
    close(read(new L.MeanSquaredError({ reduction: 'mean_with_sample_weight' }).apply(yTrue, yPred, [1, 3])), [0.5]);
    close(read(new L.MeanSquaredError({ reduction: 'none' }).apply(yTrue, yPred, [1, 3])), [0.5, 1.5]);
  });

  it('aligns [batch, 1] sample weights with [batch] losses and rejects weights that do not fit', () => {
    const mse = new L.MeanSquaredError({ reduction: 'none' });
    close(read(mse.apply(yTrue, yPred, [[1], [3]])), [0.5, 1.5]);
    expect(() => mse.apply(yTrue, yPred, [1, 2, 3])).toThrow(
      'MeanSquaredError.apply: sampleWeight of shape [3] does not broadcast against the per-sample losses of shape [2].',
    );
  });

  it('weights per time step', () => {
    // [batch, time, features] → losses [batch, time]; weights [batch, time].
    const yt = [[[1], [2]], [[3], [4]]];
    const yp = [[[1], [3]], [[3], [6]]];
    close(read(new L.MeanSquaredError({ reduction: 'none' }).apply(yt, yp, [[1, 2], [0, 1]])), [0, 2, 0, 4]);
  });

  it('Loss objects align [batch] labels with [batch, 1] predictions', () => {
    close(read(new L.BinaryCrossentropy().apply([1, 0], [[0.5], [0.5]])), [Math.LN2]);
  });

  it('SparseCategoricalCrossentropy with ignoreClass averages over the entries that count', () => {
    const yp = [[0.5, 0.5], [0.25, 0.75], [0.9, 0.1]];
    const sce = new L.SparseCategoricalCrossentropy({ ignoreClass: -1 });
    close(read(sce.apply([0, 1, -1], yp)), [(Math.LN2 - Math.log(0.75)) / 2]);
    close(read(new L.SparseCategoricalCrossentropy({ ignoreClass: -1, reduction: 'sum' }).apply([0, 1, -1], yp)), [
      Math.LN2 - Math.log(0.75),
    ]);
    // with weights: sum(w·loss·mask·total/valid)/total
    close(read(sce.apply([0, 1, -1], yp, [2, 0, 5])), [(2 * Math.LN2) / 2]);
  });

  it('passes options to the function', () => {
    close(read(new L.CategoricalCrossentropy({ fromLogits: true }).apply([[0, 0, 1]], [[-1, 0.5, 2]])), [0.24131129665715711]);
    close(read(new L.SparseCategoricalCrossentropy({ fromLogits: true }).apply([2], [[-1, 0.5, 2]])), [0.24131129665715711]);
    close(read(new L.Huber({ delta: 2 }).apply([[0]], [[3]])), [4]);
    close(read(new L.CosineSimilarity({ axis: 0 }).apply([[1, 0], [0, 1]], [[1, 0], [0, 1]])), [-1]);
    close(read(new L.BinaryCrossentropy({ fromLogits: true, labelSmoothing: 1 }).apply([[1]], [[0]])), [Math.LN2]);
  });

  it('every class computes its function', () => {
    const t = [[0.2, 0.8], [0.6, 0.4]];
    const p = [[0.3, 0.7], [0.5, 0.5]];
    const pairs: [L.Loss, (a: tf.TensorLike, b: tf.TensorLike) => tf.Tensor][] = [
      [new L.MeanSquaredError(), L.meanSquaredError],
      [new L.MeanAbsoluteError(), L.meanAbsoluteError],
      [new L.MeanAbsolutePercentageError(), L.meanAbsolutePercentageError],
      [new L.MeanSquaredLogarithmicError(), L.meanSquaredLogarithmicError],
      [new L.Huber(), L.huber],
      [new L.LogCosh(), L.logCosh],
      [new L.CosineSimilarity(), L.cosineSimilarity],
      [new L.Poisson(), L.poisson],
      [new L.KLDivergence(), L.kullbackLeiblerDivergence],
      [new L.Hinge(), L.hinge],
      [new L.SquaredHinge(), L.squaredHinge],
      [new L.CategoricalHinge(), L.categoricalHinge],
      [new L.BinaryCrossentropy(), L.binaryCrossentropy],
      [new L.CategoricalCrossentropy(), L.categoricalCrossentropy],
    ];
    for (const [loss, fn] of pairs) {
      const perSample = read(fn(t, p));
      close(read(loss.apply(t, p)), [(perSample[0]! + perSample[1]!) / 2]);
    }
  });

  it('getConfig in camelCase, with Keras default names', () => {
    expect(new L.MeanSquaredError().getConfig()).toEqual({ name: 'mean_squared_error', reduction: 'sum_over_batch_size' });
    expect(new L.BinaryCrossentropy({ fromLogits: true, name: 'bce' }).getConfig()).toEqual({
      name: 'bce',
      reduction: 'sum_over_batch_size',
      fromLogits: true,
      labelSmoothing: 0,
      axis: -1,
    });
    expect(new L.Huber().getConfig()).toEqual({ name: 'huber_loss', reduction: 'sum_over_batch_size', delta: 1 });
    expect(new L.SparseCategoricalCrossentropy().getConfig()).toMatchObject({ fromLogits: false, ignoreClass: null, axis: -1 });
  });

  it('rejects unknown reductions and options', () => {
    expect(() => new L.MeanSquaredError({ reduction: 'avg' as never })).toThrow(
      /MeanSquaredError: invalid value for argument `reduction`. Expected one of 'sum_over_batch_size', 'sum', 'none'.*Received: reduction="avg"/,
    );
    expect(() => new L.BinaryCrossentropy({ from_logits: true } as never)).toThrow(
      'BinaryCrossentropy: unknown option(s) `from_logits`. Valid options: reduction, name, fromLogits, labelSmoothing, axis.',
    );
    expect(() => new L.CategoricalCrossentropy({ labelSmoothing: -0.1 })).toThrow(/labelSmoothing/);
  });

  it('a custom Loss subclass overrides call', () => {
    class Cubic extends L.Loss {
      call(t: tf.Tensor, p: tf.Tensor): tf.Tensor {
        return tf.tidy(() => tf.mean(tf.abs(tf.sub(t, p)).pow(3), -1));
      }
    }
    close(read(new Cubic({ reduction: 'sum' }).apply([[0, 0]], [[1, 2]])), [4.5]);
  });

  it('LossFunctionWrapper wraps any per-sample function', () => {
    const w = new L.LossFunctionWrapper((t, p, o: { scale: number }) => tf.mul(L.meanAbsoluteError(t, p), o.scale), { scale: 10 }, 'scaled_mae');
    close(read(w.apply([[0, 0]], [[1, 3]])), [20]);
    expect(w.getConfig()).toEqual({ name: 'scaled_mae', reduction: 'sum_over_batch_size', scale: 10 });
  });
});

describe('get', () => {
  it('looks up Keras function names, legacy aliases and tfjs spellings', () => {
    for (const name of ['mse', 'MSE', 'mean_squared_error', 'meanSquaredError']) {
      expect(L.get(name)).toBe(L.meanSquaredError);
    }
    expect(L.get('mae')).toBe(L.meanAbsoluteError);
    expect(L.get('kld')).toBe(L.kullbackLeiblerDivergence);
    expect(L.get('logcosh')).toBe(L.logCosh);
    for (const name of ['categorical_crossentropy', 'categoricalCrossentropy', 'binary_crossentropy', 'binaryCrossentropy', 'cosineProximity']) {
      const fn = L.get(name) as L.LossFn;
      expect(typeof fn).toBe('function');
    }
    close(read((L.get('sparse_categorical_crossentropy') as L.LossFn)([1], [[0.25, 0.75]])), [-Math.log(0.75)]);
  });

  it('a class name gives a Loss with default options; functions and Losses pass through', () => {
    const l = L.get('CategoricalCrossentropy');
    expect(l).toBeInstanceOf(L.CategoricalCrossentropy);
    const mine = new L.Hinge();
    expect(L.get(mine)).toBe(mine);
    expect(L.get(L.poisson)).toBe(L.poisson);
  });

  it('an unknown name lists the valid ones', () => {
    expect(() => L.get('mean_square_error')).toThrow(/losses.get: unknown loss 'mean_square_error'. Valid names: mean_squared_error, mse, .*categorical_crossentropy.*MeanSquaredError/);
    expect(() => L.get(3 as never)).toThrow(/could not interpret loss identifier/);
  });
});
