import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { blobs3, classifier, weightValues } from '../parity/fixtures.js';

/**
 * Determinism: with setGlobalSeed (initial weights, dropout masks) and fit's `seed` (shuffling), two training runs
 * on the same backend are bit-identical, shuffling and dropout included.
 */

let baseline = 0;
beforeAll(async () => {
  await tf.setBackend(cpu());
  baseline = tf.memory().numTensors;
});
afterAll(() => {
  tf.setGlobalSeed(null);
  expect(tf.memory().numTensors).toBe(baseline);
});

async function run(globalSeed: number, fitSeed: number): Promise<{ weights: number[]; history: Record<string, number[]> }> {
  tf.setGlobalSeed(globalSeed);
  const { x, y } = blobs3(60, 9);
  const m = classifier(0.3);
  m.compile({ optimizer: 'adam', loss: 'categorical_crossentropy', metrics: ['accuracy'] });
  const h = await m.fit(x, y, { epochs: 4, batchSize: 8, shuffle: true, seed: fitSeed, validationSplit: 0.2, verbose: 0 });
  const weights = await weightValues(m);
  m.dispose();
  tf.dispose([x, y]);
  tf.setGlobalSeed(null);
  return { weights, history: h.history };
}

describe('seeded training is bit-identical', () => {
  it('two runs with the same seeds give the same weights and logs, bit for bit', async () => {
    const a = await run(21, 5);
    const b = await run(21, 5);
    expect(a.weights.length).toBe(4 * 8 + 8 + 8 * 3 + 3);
    // toEqual on plain numbers compares with Object.is: bit-identical (not merely close)
    expect(b.weights).toEqual(a.weights);
    expect(b.history).toEqual(a.history);
  });

  it('the seeds matter: another shuffle seed, or another global seed, gives other weights', async () => {
    const a = await run(21, 5);
    const otherShuffle = await run(21, 6);
    const otherGlobal = await run(22, 5);
    expect(otherShuffle.weights).not.toEqual(a.weights);
    expect(otherGlobal.weights).not.toEqual(a.weights);
  });

  it('without shuffling and dropout, an unseeded fit is still reproducible from the same initial weights', async () => {
    const { x, y } = blobs3(30, 10);
    const results: number[][] = [];
    for (let k = 0; k < 2; k++) {
      tf.setGlobalSeed(4);
      const m = classifier();
      tf.setGlobalSeed(null);
      m.compile({ optimizer: 'sgd', loss: 'categorical_crossentropy' });
      await m.fit(x, y, { epochs: 3, batchSize: 7, shuffle: false, verbose: 0 });
      results.push(await weightValues(m));
      m.dispose();
    }
    expect(results[1]).toEqual(results[0]);
    tf.dispose([x, y]);
  });
});
