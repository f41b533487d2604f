import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { Dense, input } from '@tessera/layers';
import { sgd } from '@tessera/optimizers';
import { Callback, LambdaCallback, ProgbarLogger, model as functionalModel } from '../index.js';
import type { CallbackParams, Logs } from '../index.js';
import { blobs3, classifier } from '../parity/fixtures.js';

/**
 * fit's options and what it reports, against hand-computed values. A learning rate of 0 keeps the weights fixed,
 * so the logged losses can be compared with per-sample losses computed from predict().
 */

let baseline = 0;
beforeAll(async () => {
  await tf.setBackend(cpu());
  baseline = tf.memory().numTensors;
});
afterAll(() => {
  expect(tf.memory().numTensors).toBe(baseline);
});

/** |a − b| ≤ 1e-5·|b|. */
function expectRel(a: number | undefined, b: number, what = ''): void {
  expect(a, what).toBeDefined();
  expect(Math.abs(a! - b), `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-5 * Math.abs(b));
}

/** A fixed classifier (seeded weights, SGD at lr 0) and the per-sample crossentropies and hits, in float64. */
async function frozen(x: tf.Tensor, labels: number[], metrics: string[] = ['accuracy']) {
  tf.setGlobalSeed(8);
  const m = classifier();
  tf.setGlobalSeed(null);
  const opt = sgd(0);
  m.compile({ optimizer: opt, loss: 'categorical_crossentropy', metrics });
  const pred = m.predict(x) as tf.Tensor;
  const p = await pred.data();
  pred.dispose();
  const losses = labels.map((c, i) => {
    const row = [p[3 * i]!, p[3 * i + 1]!, p[3 * i + 2]!];
    const s = row[0]! + row[1]! + row[2]!;
    return -Math.log(Math.min(Math.max(row[c]! / s, 1e-7), 1 - 1e-7));
  });
  const hits = labels.map((c, i) => {
    const row = [p[3 * i]!, p[3 * i + 1]!, p[3 * i + 2]!];
    return row.indexOf(Math.max(...row)) === c ? 1 : 0;
  });
  const done = () => {
    m.dispose();
    opt.dispose();
  };
  return { m, losses, hits, done };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('callbacks', () => {
  it('hooks run in Keras order, each callback in the order given, with params and logs', async () => {
    const { x, y } = blobs3(20, 1);
    const m = classifier();
    m.compile({ optimizer: 'sgd', loss: 'categorical_crossentropy', metrics: ['accuracy'] });
    const calls: string[] = [];
    const record = (tag: string) =>
      new LambdaCallback({
        onTrainBegin: () => void calls.push(`${tag} trainBegin`),
        onEpochBegin: (e) => void calls.push(`${tag} epochBegin ${e}`),
        onBatchBegin: (b) => void calls.push(`${tag} batchBegin ${b}`),
        onBatchEnd: (b, logs) => void calls.push(`${tag} batchEnd ${b} ${Object.keys(logs!).join(',')}`),
        onEpochEnd: (e, logs) => void calls.push(`${tag} epochEnd ${e} ${Object.keys(logs!).join(',')}`),
        onTrainEnd: () => void calls.push(`${tag} trainEnd`),
      });
    let params: CallbackParams = {};
    const paramsSeen = new LambdaCallback({ onTrainBegin: () => void (params = paramsSeen.params) });
    await m.fit(x, y, { epochs: 2, batchSize: 10, verbose: 0, shuffle: false, callbacks: [record('A'), record('B'), paramsSeen] });
    const expected: string[] = [];
    const both = (s: string) => expected.push(`A ${s}`, `B ${s}`);
    both('trainBegin');
    for (const e of [0, 1]) {
      both(`epochBegin ${e}`);
      for (const b of [0, 1]) {
        both(`batchBegin ${b}`);
        both(`batchEnd ${b} loss,accuracy`);
      }
      both(`epochEnd ${e} loss,accuracy`);
    }
    both('trainEnd');
    expect(calls).toEqual(expected);
    expect(params).toEqual({ epochs: 2, steps: 2, samples: 20, verbose: 0, batchSize: 10, metrics: ['loss', 'accuracy'] });
    m.dispose();
    tf.dispose([x, y]);
  });

  it('evaluate calls the test hooks: onTestBegin, onTestBatchEnd per batch (lazy logs), onTestEnd with the results', async () => {
    const { x, y } = blobs3(20, 2);
    const m = classifier();
    m.compile({ optimizer: 'sgd', loss: 'categorical_crossentropy', metrics: ['accuracy'] });
    const calls: string[] = [];
    class Recorder extends Callback {
      override onTestBegin() {
        calls.push('testBegin');
      }
      override async onTestBatchEnd(b: number, readLogs: () => Promise<Logs>) {
        calls.push(`testBatchEnd ${b} ${Object.keys(await readLogs()).join(',')}`);
      }
      override onTestEnd(logs?: Logs) {
        calls.push(`testEnd ${Object.keys(logs!).join(',')}`);
      }
    }
    const ev = (await m.evaluate(x, y, { batchSize: 8, callbacks: [new Recorder()] })) as tf.Tensor[];
    expect(calls).toEqual(['testBegin', 'testBatchEnd 0 loss,accuracy', 'testBatchEnd 1 loss,accuracy', 'testBatchEnd 2 loss,accuracy', 'testEnd loss,accuracy']);
    tf.dispose(ev);
    m.dispose();
    tf.dispose([x, y]);
  });

  it('what a callback adds to the epoch logs (ReduceLROnPlateau-style) reaches History', async () => {
    const { x, y } = blobs3(12, 3);
    const m = classifier();
    m.compile({ optimizer: 'sgd', loss: 'categorical_crossentropy' });
    const h = await m.fit(x, y, { epochs: 2, verbose: 0, callbacks: [new LambdaCallback({ onEpochEnd: (e, logs) => void (logs!.extra = e * 10) })] });
    expect(h.history.extra).toEqual([0, 10]);
    m.dispose();
    tf.dispose([x, y]);
  });
});

describe('sample and class weights', () => {
  it('sampleWeight: fit, evaluate and trainOnBatch log sum(w·loss)/n, and accuracy sum(w·hit)/sum(w)', async () => {
    const { x, y, labels } = blobs3(24, 4);
    const w = labels.map((_, i) => 0.25 + (i % 5) * 0.5);
    const sw = tf.tensor(w);
    const f = await frozen(x, labels);
    const want = sum(f.losses.map((l, i) => l * w[i]!)) / 24;
    const wantAcc = sum(f.hits.map((h, i) => h * w[i]!)) / sum(w);
    const h = await f.m.fit(x, y, { epochs: 1, batchSize: 8, shuffle: false, verbose: 0, sampleWeight: sw });
    expectRel(h.history.loss![0], want, 'fit loss');
    expectRel(h.history.accuracy![0], wantAcc, 'fit accuracy');
    const ev = (await f.m.evaluate(x, y, { batchSize: 5, sampleWeight: sw })) as tf.Tensor[];
    expectRel((await ev[0]!.data())[0], want, 'evaluate loss');
    expectRel((await ev[1]!.data())[0], wantAcc, 'evaluate accuracy');
    const tb = (await f.m.trainOnBatch(x, y, { sampleWeight: sw })) as number[];
    expectRel(tb[0], want, 'trainOnBatch loss');
    // unweighted, for contrast
    const plain = (await f.m.evaluate(x, y)) as tf.Tensor[];
    expectRel((await plain[0]!.data())[0], sum(f.losses) / 24, 'unweighted loss');
    tf.dispose([...ev, ...plain, sw, x, y]);
    f.done();
  });

  it('classWeight: each sample weighs its class; classes without an entry (even above the largest key) weigh 1', async () => {
    const { x, y, labels } = blobs3(24, 5);
    const classWeight = { 0: 2, 1: 0.5 }; // class 2 has no entry
    const f = await frozen(x, labels);
    const w = labels.map((c) => (c === 0 ? 2 : c === 1 ? 0.5 : 1));
    const h = await f.m.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0, classWeight, seed: 1 });
    expectRel(h.history.loss![0], sum(f.losses.map((l, i) => l * w[i]!)) / 24, 'class-weighted loss');
    expectRel(h.history.accuracy![0], sum(f.hits.map((hit, i) => hit * w[i]!)) / sum(w), 'class-weighted accuracy');
    tf.dispose([x, y]);
    f.done();
  });

  it('classWeight weighs the training samples only: the validation split is unweighted (as Keras)', async () => {
    const { x, y, labels } = blobs3(30, 6);
    const f = await frozen(x, labels);
    const h = await f.m.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0, classWeight: { 0: 5, 1: 0.1, 2: 1 }, validationSplit: 0.2, seed: 2 });
    expectRel(h.history.val_loss![0], sum(f.losses.slice(24)) / 6, 'val_loss');
    const sw = tf.ones([30]);
    await expect(f.m.fit(x, y, { classWeight: { 0: 2 }, sampleWeight: sw, verbose: 0 })).rejects.toThrow('You cannot use `classWeight` and `sampleWeight` at the same time.');
    tf.dispose([x, y, sw]);
    f.done();
  });
});

describe('validation, initialEpoch, stepsPerEpoch', () => {
  it('validationData: val_ logs equal evaluate() on the same data after the epoch; weighted with a third element', async () => {
    const { x, y } = blobs3(32, 7);
    const v = blobs3(12, 8);
    const m = classifier();
    m.compile({ optimizer: sgd(0.1), loss: 'categorical_crossentropy', metrics: ['accuracy'] });
    const h = await m.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, validationData: [v.x, v.y], seed: 3 });
    expect(Object.keys(h.history)).toEqual(['loss', 'accuracy', 'val_loss', 'val_accuracy']);
    const ev = (await m.evaluate(v.x, v.y, { batchSize: 8 })) as tf.Tensor[];
    expect(h.history.val_loss![1]).toBe((await ev[0]!.data())[0]);
    expect(h.history.val_accuracy![1]).toBe((await ev[1]!.data())[0]);
    tf.dispose(ev);
    m.dispose();

    const f = await frozen(v.x, v.labels);
    const vw = tf.linspace(0, 2, 12);
    const wv = await vw.data();
    const hw = await f.m.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0, validationData: [v.x, v.y, vw] });
    expectRel(hw.history.val_loss![0], sum(f.losses.map((l, i) => l * wv[i]!)) / 12, 'weighted val_loss');
    tf.dispose([x, y, v.x, v.y, vw]);
    f.done();
  });

  it('initialEpoch: training resumes at that epoch (history.epoch, hooks, and "Epoch 4/5")', async () => {
    const { x, y } = blobs3(16, 9);
    const m = classifier();
    m.compile({ optimizer: 'sgd', loss: 'categorical_crossentropy' });
    const epochs: number[] = [];
    const out: string[] = [];
    const h = await m.fit(x, y, {
      epochs: 5,
      initialEpoch: 3,
      verbose: 0,
      callbacks: [new LambdaCallback({ onEpochBegin: (e) => void epochs.push(e) }), new ProgbarLogger(1, { write: (s) => void out.push(s), isTTY: false })],
    });
    expect(h.epoch).toEqual([3, 4]);
    expect(h.history.loss!.length).toBe(2);
    expect(epochs).toEqual([3, 4]);
    expect(out.filter((s) => s.startsWith('Epoch'))).toEqual(['Epoch 4/5\n', 'Epoch 5/5\n']);
    m.dispose();
    tf.dispose([x, y]);
  });

  it('stepsPerEpoch: that many batches per epoch, each epoch going on where the last stopped (as Keras)', async () => {
    const { x, y, labels } = blobs3(40, 10);
    const f = await frozen(x, labels);
    const batches: number[][] = [];
    const h = await f.m.fit(x, y, {
      epochs: 3,
      batchSize: 8,
      stepsPerEpoch: 2,
      shuffle: false,
      verbose: 0,
      callbacks: [new LambdaCallback({ onEpochBegin: () => void batches.push([]), onBatchEnd: (b) => void batches.at(-1)!.push(b) })],
    });
    expect(batches).toEqual([
      [0, 1],
      [0, 1],
      [0, 1],
    ]);
    // 5 batches of 8: epoch 1 uses batches 0-1, epoch 2 batches 2-3, epoch 3 batch 4 then a new pass from batch 0
    const mean = (from: number, to: number) => sum(f.losses.slice(from, to)) / (to - from);
    expectRel(h.history.loss![0], mean(0, 16), 'epoch 1');
    expectRel(h.history.loss![1], mean(16, 32), 'epoch 2');
    expectRel(h.history.loss![2], (sum(f.losses.slice(32, 40)) + sum(f.losses.slice(0, 8))) / 16, 'epoch 3');
    tf.dispose([x, y]);
    f.done();
  });
});

describe('logged names', () => {
  it("metrics are logged under the names given: 'accuracy' (tfjs says 'acc'), 'acc', 'mse', and val_ versions", async () => {
    const { x, y } = blobs3(20, 11);
    const m = classifier();
    m.compile({ optimizer: 'sgd', loss: 'categorical_crossentropy', metrics: ['accuracy', 'acc', 'mse', 'categorical_accuracy'] });
    const h = await m.fit(x, y, { epochs: 1, verbose: 0, validationSplit: 0.25 });
    expect(Object.keys(h.history)).toEqual([
      'loss',
      'accuracy',
      'acc',
      'mse',
      'categorical_accuracy',
      'val_loss',
      'val_accuracy',
      'val_acc',
      'val_mse',
      'val_categorical_accuracy',
    ]);
    // 'accuracy' on one-hot labels under categorical crossentropy is categorical accuracy
    expect(h.history.accuracy).toEqual(h.history.categorical_accuracy);
    m.dispose();
    tf.dispose([x, y]);
  });

  it('multi-output: <output>_loss per output, <output>_<metric>, and loss = Σ lossWeight·output loss', async () => {
    const { x, y } = blobs3(24, 12);
    const target = tf.sum(x, 1, true);
    const inp = input({ shape: [4] });
    const hidden = new Dense({ units: 6, activation: 'tanh' }).apply(inp);
    const a = new Dense({ units: 3, activation: 'softmax', name: 'class_head' }).apply(hidden);
    const b = new Dense({ units: 1, name: 'value_head' }).apply(hidden);
    const m = functionalModel({ inputs: inp, outputs: [a, b] });
    m.compile({
      optimizer: sgd(0),
      loss: { class_head: 'categorical_crossentropy', value_head: 'mse' },
      lossWeights: { class_head: 1, value_head: 0.5 },
      metrics: { class_head: ['accuracy'], value_head: ['mae'] },
    });
    const h = await m.fit(x, [y, target], { epochs: 1, batchSize: 8, verbose: 0, validationSplit: 0.25 });
    expect(Object.keys(h.history)).toEqual([
      'loss',
      'class_head_loss',
      'value_head_loss',
      'class_head_accuracy',
      'value_head_mae',
      'val_loss',
      'val_class_head_loss',
      'val_value_head_loss',
      'val_class_head_accuracy',
      'val_value_head_mae',
    ]);
    expectRel(h.history.loss![0], h.history.class_head_loss![0]! + 0.5 * h.history.value_head_loss![0]!, 'total loss');
    expectRel(h.history.val_loss![0], h.history.val_class_head_loss![0]! + 0.5 * h.history.val_value_head_loss![0]!, 'total val_loss');
    const ev = (await m.evaluate(x, [y, target])) as tf.Tensor[];
    expect(ev.length).toBe(5); // loss, two output losses, two metrics
    tf.dispose([...ev, x, y, target]);
    m.dispose();
  });
});
