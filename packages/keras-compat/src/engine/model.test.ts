import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { Dense, Dropout, Flatten, BatchNormalization, Activation, input, Layer, resetLayerNames } from '@tessera/layers';
import type { CallArgs } from '@tessera/layers';
import { Model, Sequential, model as functionalModel } from '../index.js';
import { adam } from '@tessera/optimizers';
import { EarlyStopping, LambdaCallback } from '../index.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
});

/** Two separable blobs: class 1 when x0 + x1 > 0. */
function blobs(n: number, seed: number) {
  const rng = new tf.SeededRandom(seed);
  const x = new Float32Array(n * 2);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    x[2 * i] = (c ? 1.5 : -1.5) + rng.normal() * 0.5;
    x[2 * i + 1] = (c ? 1.5 : -1.5) + rng.normal() * 0.5;
    y[i] = c;
  }
  return { x: tf.tensor(x, [n, 2]), y: tf.tensor(y, [n, 1]) };
}

class TwoLayer extends Model {
  d1 = new Dense({ units: 8, activation: 'relu' });
  d2 = new Dense({ units: 1, activation: 'sigmoid' });
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: CallArgs): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return this.d2.apply(this.d1.apply(x, kwargs), kwargs) as tf.Tensor;
  }
}

describe('the three model styles train', () => {
  const styles: Record<string, () => Model> = {
    sequential: () => new Sequential({ layers: [new Dense({ units: 8, activation: 'relu', inputShape: [2] }), new Dense({ units: 1, activation: 'sigmoid' })] }),
    functional: () => {
      const x = input({ shape: [2] });
      const h = new Dense({ units: 8, activation: 'relu' }).apply(x);
      return functionalModel({ inputs: x, outputs: new Dense({ units: 1, activation: 'sigmoid' }).apply(h) });
    },
    subclassed: () => new TwoLayer(),
  };
  for (const [style, make] of Object.entries(styles)) {
    it(`${style}: fit lowers the loss, evaluate and predict agree, nothing leaks`, async () => {
      tf.setGlobalSeed(42);
      const { x, y } = blobs(64, 1);
      const before = tf.memory().numTensors;
      const m = make();
      const opt = adam({ learningRate: 0.05 });
      m.compile({ optimizer: opt, loss: 'binary_crossentropy', metrics: ['accuracy'] });
      const h = await m.fit(x, y, { epochs: 8, batchSize: 16, verbose: 0, seed: 3 });
      expect(h.history.loss!.length).toBe(8);
      expect(h.history.loss![7]!).toBeLessThan(h.history.loss![0]!);
      expect(h.history.accuracy![7]!).toBeGreaterThan(0.9);
      const ev = (await m.evaluate(x, y, { batchSize: 64 })) as tf.Tensor[];
      expect(ev.length).toBe(2);
      const pred = m.predict(x) as tf.Tensor;
      expect(pred.shape).toEqual([64, 1]);
      const acc = (await ev[1]!.data())[0]!;
      expect(acc).toBeGreaterThan(0.9);
      tf.dispose([...ev, pred]);
      m.dispose();
      opt.dispose(); // the caller made it, so the caller frees its state
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([x, y]);
      tf.setGlobalSeed(null);
    });
  }
});

describe('fit options', () => {
  it('validationSplit logs val_ metrics; a seeded run is bit-identical', async () => {
    const run = async () => {
      tf.setGlobalSeed(7);
      resetLayerNames();
      const { x, y } = blobs(40, 2);
      const m = new Sequential({ layers: [new Dense({ units: 4, activation: 'tanh', inputShape: [2] }), new Dropout({ rate: 0.2 }), new Dense({ units: 1, activation: 'sigmoid' })] });
      m.compile({ optimizer: 'sgd', loss: 'binary_crossentropy', metrics: ['accuracy'] });
      const h = await m.fit(x, y, { epochs: 3, batchSize: 8, validationSplit: 0.25, verbose: 0, seed: 11 });
      const w = await m.getWeights()[0]!.data();
      m.dispose();
      tf.dispose([x, y]);
      tf.setGlobalSeed(null);
      return { h, w: Array.from(w) };
    };
    const a = await run();
    const b = await run();
    expect(Object.keys(a.h.history).sort()).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
    expect(a.h.history).toEqual(b.h.history);
    expect(a.w).toEqual(b.w);
  });

  it('validation metrics equal a separate evaluate (they do not mix with the epoch training metrics)', async () => {
    const { x, y } = blobs(48, 5);
    const m = new Sequential({ layers: [new Dense({ units: 4, activation: 'relu', inputShape: [2] }), new Dense({ units: 1, activation: 'sigmoid' })] });
    m.compile({ optimizer: 'sgd', loss: 'binary_crossentropy', metrics: ['accuracy', 'mse'] });
    const h = await m.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, validationData: [x, y] });
    const [loss, acc, mse] = (await m.evaluate(x, y, { batchSize: 48 })) as tf.Tensor[];
    expect(h.history.val_loss![1]).toBeCloseTo((await loss!.data())[0]!, 5);
    expect(h.history.val_accuracy![1]).toBeCloseTo((await acc!.data())[0]!, 6);
    expect(h.history.val_mse![1]).toBeCloseTo((await mse!.data())[0]!, 6);
    tf.dispose([loss!, acc!, mse!, x, y]);
    m.dispose();
  });

  it('EarlyStopping with restoreBestWeights stops and restores (tfjs cannot)', async () => {
    const { x, y } = blobs(32, 3);
    const m = new Sequential({ layers: [new Dense({ units: 1, activation: 'sigmoid', inputShape: [2] })] });
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    const seen: number[] = [];
    // monitor a quantity that gets worse after epoch 1, so training stops at patience
    let epochCount = 0;
    const fake = new LambdaCallback({
      onEpochEnd: (_e, logs) => {
        logs!.fake = [5, 1, 2, 3, 4, 5, 6][epochCount++]!;
        seen.push(logs!.fake);
      },
    });
    const es = new EarlyStopping({ monitor: 'fake', patience: 2, restoreBestWeights: true });
    await m.fit(x, y, { epochs: 7, verbose: 0, callbacks: [fake, es] });
    expect(seen).toEqual([5, 1, 2, 3]);
    expect(es.bestEpoch).toBe(1);
    m.dispose();
    tf.dispose([x, y]);
  });

  it('errors: not compiled, cardinality, bad batch size', async () => {
    const m = new Sequential({ layers: [new Dense({ units: 1, inputShape: [2] })] });
    const x = tf.zeros([4, 2]);
    const y = tf.zeros([3, 1]);
    await expect(m.fit(x, y)).rejects.toThrow(/You must call compile\(\) before using the model/);
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    await expect(m.fit(x, y)).rejects.toThrow(/Data cardinality is ambiguous/);
    await expect(m.fit(x, tf.zeros([4, 1]), { batchSize: 0 })).rejects.toThrow('Invalid value for argument `batchSize`. Expected a positive integer. Received: batchSize=0');
    expect(() => m.compile({ optimizer: 'nope', loss: 'mse' })).toThrow(/argument `optimizer`/);
    expect(() => m.compile({ optimizer: 'sgd', loss: 'nope' })).toThrow(/argument `loss`/);
    m.dispose();
  });
});

describe('structure', () => {
  it('summary prints the Keras table without data', () => {
    resetLayerNames();
    const m = new Sequential({
      layers: [new Flatten({ inputShape: [4, 4] }), new Dense({ units: 5 }), new BatchNormalization({}), new Activation({ activation: 'relu' }), new Dense({ units: 2 })],
    });
    const lines: string[] = [];
    m.summary(undefined, undefined, (l) => lines.push(l));
    const text = lines.join('\n');
    expect(text).toContain('Model: "sequential"');
    expect(text).toMatch(/dense \(Dense\)\s+\(None, 5\)\s+85/);
    expect(text).toMatch(/batch_normalization \(BatchNormalization\)\s+\(None, 5\)\s+20/);
    expect(text).toContain('Total params: 117 (468.00 B)');
    expect(text).toContain('Trainable params: 107 (428.00 B)');
    expect(text).toContain('Non-trainable params: 10 (40.00 B)');
    m.dispose();
  });

  it('functional: multi-input, multi-output, shared layers, nested models', async () => {
    const a = input({ shape: [3], name: 'a' });
    const b = input({ shape: [3], name: 'b' });
    const shared = new Dense({ units: 2, name: 'shared' });
    const inner = functionalModel({ inputs: a, outputs: shared.apply(a) });
    const ya = inner.apply(a);
    const yb = shared.apply(b);
    const m = functionalModel({ inputs: [a, b], outputs: [ya, yb] });
    expect(m.weights.length).toBe(2);
    const xa = tf.ones([1, 3]);
    const xb = tf.ones([1, 3]);
    const [pa, pb] = m.predict([xa, xb]) as tf.Tensor[];
    expect(Array.from(await pa!.data())).toEqual(Array.from(await pb!.data()));
    m.compile({ optimizer: 'sgd', loss: ['mse', 'mae'], lossWeights: [1, 0.5] });
    const h = await m.fit([xa, xb], [tf.zeros([1, 2]), tf.zeros([1, 2])], { epochs: 1, verbose: 0 });
    const keys = Object.keys(h.history);
    expect(keys).toContain('loss');
    expect(keys).toContain('shared_loss');
    expect(keys.filter((k) => k.endsWith('_loss')).length).toBe(2);
    expect(h.history.loss!.length).toBe(1);
    tf.dispose([xa, xb, pa!, pb!]);
    m.dispose();
  });

  it('a subclassed layer inside a model trains', async () => {
    class Scale extends Layer {
      static override className = 'Scale';
      w: tf.Variable | null = null;
      override build(): void {
        this.w = this.addWeight('w', [1], { initializer: 'ones' });
      }
      call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
        return (Array.isArray(inputs) ? inputs[0]! : inputs).mul(this.w!);
      }
    }
    const m = new Sequential({ layers: [new Scale({ inputShape: [1] })] });
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    const x = tf.tensor([[1], [2]]);
    const y = tf.tensor([[3], [6]]);
    await m.fit(x, y, { epochs: 50, verbose: 0, batchSize: 2 });
    expect((await m.weights[0]!.data())[0]).toBeGreaterThan(2);
    tf.dispose([x, y]);
    m.dispose();
  });
});
