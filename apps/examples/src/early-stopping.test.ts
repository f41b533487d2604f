import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { main, trainWithEarlyStopping } from './early-stopping.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
});

const argmin = (xs: number[]) => xs.indexOf(Math.min(...xs));

describe('EarlyStopping with restoreBestWeights on a validation split', () => {
  it('stops `patience` epochs after the best val_loss and restores that epoch\'s weights', async () => {
    const before = tf.memory().numTensors;
    const r = await trainWithEarlyStopping({ epochs: 200, patience: 4, verbose: 0 });
    const val = r.history.val_loss!;
    expect(Object.keys(r.history).sort()).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
    expect(r.epochsRun).toBeLessThan(200);
    expect(r.stoppedEpoch).toBe(r.epochsRun - 1);
    expect(r.bestEpoch).toBe(argmin(val));
    expect(r.stoppedEpoch - r.bestEpoch).toBe(4);
    // the weights kept are the best epoch's: evaluating them again gives its val_loss, below the last epoch's
    expect(r.finalValLoss).toBeCloseTo(val[r.bestEpoch]!, 5);
    expect(r.finalValLoss).toBeLessThan(val.at(-1)!);
    // and they are a good classifier: 60 balanced validation points, chance 50%, 80% is 4.6 standard errors above
    expect(r.history.val_accuracy![r.bestEpoch]!).toBeGreaterThan(0.8);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('without restoreBestWeights the last epoch\'s weights stay', async () => {
    const r = await trainWithEarlyStopping({ epochs: 200, patience: 4, verbose: 0, restoreBestWeights: false });
    const val = r.history.val_loss!;
    expect(r.epochsRun).toBeLessThan(200);
    expect(r.finalValLoss).toBeCloseTo(val.at(-1)!, 5);
    expect(r.finalValLoss).toBeGreaterThan(val[r.bestEpoch]!);
  });

  it('main reports the restored loss', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const r = await main(['--patience', '2', '--n', '120']);
      expect(log.mock.calls.flat().join('\n')).toMatch(/validation loss of the weights kept: \d\.\d{4} \(the best epoch's, restored\)/);
      expect(r.stoppedEpoch - r.bestEpoch).toBe(2);
    } finally {
      vi.restoreAllMocks();
    }
  });
});
