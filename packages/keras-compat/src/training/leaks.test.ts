import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import { fromArrays } from '@tessera/data';
import { cpu } from '@tessera/backend-cpu';
import { EarlyStopping, LambdaCallback, ReduceLROnPlateau } from '../index.js';
import { blobs3, classifier } from '../parity/fixtures.js';

/**
 * The training loop leaks no tensors: during 10 epochs of fit (validation split, metrics, EarlyStopping with
 * restoreBestWeights, ReduceLROnPlateau, class weights) the live tensor count is the same at the end of every
 * epoch, and after dispose() it is back to the baseline. The same for fitDataset on an @tessera/data Dataset,
 * evaluate, predict and trainOnBatch.
 */

let baseline = 0;
beforeAll(async () => {
  await tf.setBackend(cpu());
  baseline = tf.memory().numTensors;
});
afterAll(() => {
  expect(tf.memory().numTensors).toBe(baseline);
});

/** Records the live tensor count at the end of every epoch. */
function counter(): { counts: number[]; cb: LambdaCallback } {
  const counts: number[] = [];
  return { counts, cb: new LambdaCallback({ onEpochEnd: () => void counts.push(tf.memory().numTensors) }) };
}

describe('no tensor leaks', () => {
  it('10 epochs of fit with validationSplit, metrics, EarlyStopping and ReduceLROnPlateau', async () => {
    const { x, y } = blobs3(96, 1);
    const start = tf.memory().numTensors;
    tf.setGlobalSeed(3);
    const m = classifier(0.2);
    tf.setGlobalSeed(null);
    m.compile({ optimizer: 'adam', loss: 'categorical_crossentropy', metrics: ['accuracy', 'mse'] });
    const { counts, cb } = counter();
    // patience high enough that all 10 epochs run; restoreBestWeights keeps copies of the weights meanwhile
    const es = new EarlyStopping({ monitor: 'val_loss', patience: 20, restoreBestWeights: true });
    const rl = new ReduceLROnPlateau({ monitor: 'loss', patience: 1, factor: 0.5, minDelta: 10 });
    const h = await m.fit(x, y, { epochs: 10, batchSize: 16, validationSplit: 0.25, verbose: 0, callbacks: [cb, es, rl], classWeight: { 0: 1, 1: 2, 2: 0.5 }, seed: 1 });
    expect(h.history.loss!.length).toBe(10);
    expect(h.history.learning_rate!.at(-1)).toBeLessThan(0.001); // ReduceLROnPlateau did act
    // Epoch 1 creates the optimizer's slots and EarlyStopping's copy; nothing grows after that.
    expect(new Set(counts.slice(1)).size, `live tensors per epoch: ${counts.join(', ')}`).toBe(1);
    m.dispose(); // also frees the optimizer compile() created from its name
    expect(tf.memory().numTensors).toBe(start);
    tf.dispose([x, y]);
  });

  it('fit with explicit validationData, sampleWeight, stepsPerEpoch and an unseeded shuffle', async () => {
    const { x, y } = blobs3(48, 2);
    const v = blobs3(12, 3);
    const sw = tf.linspace(0.5, 1.5, 48);
    const start = tf.memory().numTensors;
    const m = classifier();
    m.compile({ optimizer: 'sgd', loss: 'categorical_crossentropy', metrics: ['accuracy'] });
    const { counts, cb } = counter();
    await m.fit(x, y, { epochs: 4, batchSize: 10, validationData: [v.x, v.y], sampleWeight: sw, stepsPerEpoch: 3, verbose: 0, callbacks: [cb] });
    expect(new Set(counts).size, `live tensors per epoch: ${counts.join(', ')}`).toBe(1);
    m.dispose();
    expect(tf.memory().numTensors).toBe(start);
    tf.dispose([x, y, v.x, v.y, sw]);
  });

  it('fitDataset and evaluateDataset on an @tessera/data Dataset', async () => {
    const { x, y } = blobs3(64, 4);
    const v = blobs3(16, 5);
    const ds = fromArrays(x, y).shuffle(64, 7).batch(16);
    const vds = fromArrays(v.x, v.y).batch(8);
    const start = tf.memory().numTensors;
    const m = classifier(0.1);
    m.compile({ optimizer: 'rmsprop', loss: 'categorical_crossentropy', metrics: ['accuracy'] });
    const { counts, cb } = counter();
    const h = await m.fitDataset(ds as never, { epochs: 5, validationData: vds as never, verbose: 0, callbacks: [cb, new EarlyStopping({ patience: 10, restoreBestWeights: true })] });
    expect(Object.keys(h.history).sort()).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
    expect(new Set(counts.slice(1)).size, `live tensors per epoch: ${counts.join(', ')}`).toBe(1);
    const ev = (await m.evaluateDataset(vds as never)) as tf.Tensor[];
    expect(ev.length).toBe(2);
    tf.dispose(ev);
    // a pass left unfinished (batches < the dataset's length) still frees the shuffle buffer
    tf.dispose(await m.evaluateDataset(ds as never, { batches: 1 }));
    // batchesPerEpoch: the iterator is kept across epochs and reopened when it runs out
    await m.fitDataset(ds as never, { epochs: 3, batchesPerEpoch: 3, verbose: 0 });
    m.dispose();
    expect(tf.memory().numTensors).toBe(start);
    tf.dispose([x, y, v.x, v.y]);
  });

  it('evaluate, predict, predictOnBatch and trainOnBatch, called repeatedly', async () => {
    const { x, y } = blobs3(40, 6);
    const m = classifier();
    m.compile({ optimizer: 'adam', loss: 'categorical_crossentropy', metrics: ['accuracy'] });
    const sw = tf.linspace(1, 2, 40);
    await m.trainOnBatch(x, y, { sampleWeight: sw }); // creates the optimizer's slots
    const start = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const ev = (await m.evaluate(x, y, { batchSize: 16, sampleWeight: sw })) as tf.Tensor[];
      tf.dispose(ev);
      tf.dispose(m.predict(x, { batchSize: 16 }));
      tf.dispose(m.predictOnBatch(x));
      await m.trainOnBatch(x, y);
    }
    expect(tf.memory().numTensors).toBe(start);
    m.dispose();
    tf.dispose([x, y, sw]);
  });
});
