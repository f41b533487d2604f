import * as tf from '@tessera/core';
import { Dense } from '@tessera/layers';
import { EarlyStopping, Sequential } from '@tessera/keras-compat';
import { twoClassBlobs } from '@tessera/data';
import { adam } from '@tessera/optimizers';
import { isMain, parseCli, runMain, scalarOf, useBackend } from './cli.js';

/**
 * Callbacks in action: a network far too big for 200 noisy points (two overlapping blobs) starts to memorise
 * them, so its validation loss turns up after a few epochs. EarlyStopping watches `val_loss` on a validation
 * split, stops after `patience` epochs without improvement, and with `restoreBestWeights` puts back the weights of
 * the best epoch — so the model we keep is the one with the lowest validation loss, not the last one.
 */
export function overfittingMlp(): Sequential {
  return new Sequential({
    name: 'overfitting_mlp',
    layers: [
      new Dense({ units: 256, activation: 'relu', inputShape: [2] }),
      new Dense({ units: 256, activation: 'relu' }),
      new Dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
}

export interface EarlyStoppingOptions {
  /** Upper bound on epochs; EarlyStopping normally ends training long before. */
  epochs?: number;
  patience?: number;
  validationSplit?: number;
  n?: number;
  noise?: number;
  learningRate?: number;
  seed?: number;
  verbose?: 0 | 1 | 2;
  /** Default true; false keeps the last epoch's weights (to see the difference). */
  restoreBestWeights?: boolean;
}

export interface EarlyStoppingResult {
  /** Epochs actually run. */
  epochsRun: number;
  /** 0-based epoch with the lowest val_loss, and the epoch at which training stopped. */
  bestEpoch: number;
  stoppedEpoch: number;
  history: Record<string, number[]>;
  /** The validation loss of the weights the model ends with (the best epoch's when they are restored). */
  finalValLoss: number;
}

export async function trainWithEarlyStopping(opts: EarlyStoppingOptions = {}): Promise<EarlyStoppingResult> {
  const { epochs = 200, patience = 5, validationSplit = 0.3, n = 200, noise = 1.2, learningRate = 0.01, seed = 1, verbose = 1 } = opts;
  tf.setGlobalSeed(seed);
  const data = twoClassBlobs(n, { seed, noise });
  const model = overfittingMlp();
  const optimizer = adam({ learningRate });
  const restoreBestWeights = opts.restoreBestWeights ?? true;
  const earlyStopping = new EarlyStopping({ monitor: 'val_loss', patience, restoreBestWeights, verbose });
  try {
    model.compile({ optimizer, loss: 'binary_crossentropy', metrics: ['accuracy'] });
    const history = await model.fit(data.xs, data.ys, { epochs, batchSize: 32, validationSplit, callbacks: [earlyStopping], verbose, seed });
    // fit's validation split is the last `validationSplit` of the rows, taken before shuffling: evaluate on it again
    const nTrain = Math.floor(n * (1 - validationSplit));
    const [vx, vy] = [data.xs.slice([nTrain, 0], [n - nTrain, 2]), data.ys.slice([nTrain, 0], [n - nTrain, 1])];
    const [loss, acc] = (await model.evaluate(vx, vy, { batchSize: 256 })) as tf.Tensor[];
    const finalValLoss = await scalarOf(loss!);
    tf.dispose([vx, vy, loss!, acc!]);
    return {
      epochsRun: history.history.loss!.length,
      bestEpoch: earlyStopping.bestEpoch,
      stoppedEpoch: earlyStopping.stoppedEpoch,
      history: history.history,
      finalValLoss,
    };
  } finally {
    tf.dispose([data.xs, data.ys]);
    model.dispose();
    optimizer.dispose();
    tf.setGlobalSeed(null);
  }
}

const ABOUT = 'EarlyStopping(monitor val_loss, restoreBestWeights) on a validation split, with a network that overfits.';
const OPTIONS = {
  epochs: { kind: 'int', default: 200, min: 1, help: 'most epochs to run' },
  patience: { kind: 'int', default: 5, min: 0, help: 'epochs without improvement before stopping' },
  'validation-split': { kind: 'float', default: 0.3, help: 'fraction of the points held out for validation' },
  n: { kind: 'int', default: 200, min: 4, help: 'number of points' },
  seed: { kind: 'int', default: 1, help: 'seed of the data, the weights and the shuffling' },
  'keep-last': { kind: 'flag', help: 'do not restore the best weights (restoreBestWeights false)' },
} as const;

export async function main(argv: string[]): Promise<EarlyStoppingResult> {
  const args = parseCli(argv, OPTIONS, 'early-stopping', ABOUT);
  await useBackend(args.backend);
  const r = await trainWithEarlyStopping({ epochs: args.epochs, patience: args.patience, validationSplit: args['validation-split'], n: args.n, seed: args.seed, verbose: 2, restoreBestWeights: !args['keep-last'] });
  const val = r.history.val_loss!;
  console.log(`\nran ${r.epochsRun} of at most ${args.epochs} epochs; best val_loss ${val[r.bestEpoch]!.toFixed(4)} at epoch ${r.bestEpoch + 1}, last ${val.at(-1)!.toFixed(4)}`);
  console.log(`validation loss of the weights kept: ${r.finalValLoss.toFixed(4)} (${args['keep-last'] ? 'the last epoch\'s' : 'the best epoch\'s, restored'})`);
  return r;
}

if (isMain(import.meta.url)) await runMain(main);
