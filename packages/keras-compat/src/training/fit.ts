import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import type { Model } from '../engine/model.js';
import { Callback, CallbackList } from '../callbacks/callback.js';
import type { Logs } from '../callbacks/callback.js';
import { History } from '../callbacks/history.js';
import { ProgbarLogger } from '../callbacks/progbar.js';
import type { Compiled } from './compile.js';
import { batchRanges, cardinality, gatherRows, inputNames, outputNames, sliceRows, standardize } from './data.js';
import type { ModelData } from './data.js';
import { Trackers, testStep, trainStep } from './step.js';

export interface FitArgs {
  batchSize?: number;
  epochs?: number;
  verbose?: 0 | 1 | 2;
  callbacks?: Callback[];
  validationSplit?: number;
  validationData?: [ModelData, ModelData] | [ModelData, ModelData, Tensor];
  shuffle?: boolean;
  classWeight?: Record<number, number>;
  sampleWeight?: Tensor;
  initialEpoch?: number;
  stepsPerEpoch?: number;
  /** Seeds the shuffling, so a seeded run is bit-identical on the same backend. */
  seed?: number;
  /** Validate every n epochs (Keras's validation_freq). */
  validationFreq?: number;
}

export function requireCompiled(model: Model, what: string): Compiled {
  if (!model.compiled) throw new Error(`You must call compile() before using the model. (${what} was called on model "${model.name}".)`);
  return model.compiled as Compiled;
}

function checkPositiveInt(name: string, v: number | undefined, dflt: number): number {
  const x = v ?? dflt;
  if (!Number.isInteger(x) || x <= 0) throw new Error(`Invalid value for argument \`${name}\`. Expected a positive integer. Received: ${name}=${String(v)}`);
  return x;
}

/** Sample weights from class weights: the weight of each sample's class (argmax of one-hot labels, or the label). */
function classSampleWeights(y: Tensor, classWeight: Record<number, number>): Tensor {
  return tf.tidy(() => {
    const classes = y.rank > 1 && y.shape[y.rank - 1]! > 1 ? tf.argMax(y, -1) : tf.cast(tf.round(y.reshape([y.shape[0]!])), 'int32');
    const maxClass = Math.max(...Object.keys(classWeight).map(Number));
    // Classes without an entry weigh 1 (as Keras), those above the largest key included: they index the final 1.
    const table = Array.from({ length: maxClass + 2 }, (_, k) => classWeight[k] ?? 1);
    return tf.gather(tf.tensor(table), tf.clipByValue(classes, 0, maxClass + 1).cast('int32'));
  });
}

/** Runs inference-mode batches and returns the averaged logs (evaluate and validation share it). */
export async function runTestLoop(model: Model, xs: Tensor[], ys: Tensor[], sw: Tensor | null, batchSize: number, callbacks: CallbackList | null, prefix = ''): Promise<Logs> {
  const trackers = new Trackers(requireCompiled(model, 'evaluate'));
  const n = cardinality(xs, ys);
  // The compiled metric objects are shared with training: start from zero (training logs were already read).
  trackers.reset();
  try {
    const ranges = batchRanges(n, batchSize);
    for (let b = 0; b < ranges.length; b++) {
      const [s, size] = ranges[b]!;
      tf.tidy(() => {
        const xb = sliceRows(xs, s, size);
        const yb = sliceRows(ys, s, size);
        const wb = sw ? sliceRows([sw], s, size)[0]! : null;
        testStep(model, xb, yb, wb, trackers);
      });
      if (callbacks) await callbacks.call('onTestBatchEnd', b, () => trackers.read());
    }
    return await trackers.read(prefix);
  } finally {
    trackers.reset();
  }
}

/** The one training loop, for every backend: batches, steps, validation, callbacks, asynchronous reads only. */
export async function fit(model: Model, x: ModelData, y: ModelData, args: FitArgs = {}): Promise<History> {
  const compiled = requireCompiled(model, 'fit');
  const batchSize = checkPositiveInt('batchSize', args.batchSize, 32);
  const epochs = checkPositiveInt('epochs', args.epochs, 1);
  const verbose = args.verbose ?? 1;
  let xs = standardize(x, inputNames(model), 'x');
  let ys = standardize(y, outputNames(model), 'y');
  const n0 = cardinality(xs, ys);
  const owned: Tensor[] = [];
  let sw: Tensor | null = args.sampleWeight ?? null;
  if (args.classWeight) {
    if (ys.length !== 1) throw new Error('Invalid value for argument `classWeight`: it is only supported for models with a single output.');
    if (sw) throw new Error('You cannot use `classWeight` and `sampleWeight` at the same time.');
  }

  // Validation data: explicit, or the last `validationSplit` fraction taken before shuffling (as Keras).
  let val: { xs: Tensor[]; ys: Tensor[]; sw: Tensor | null } | null = null;
  if (args.validationData) {
    const [vx, vy, vw] = args.validationData;
    val = { xs: standardize(vx, inputNames(model), 'x'), ys: standardize(vy, outputNames(model), 'y'), sw: vw ?? null };
  } else if (args.validationSplit !== undefined && args.validationSplit > 0) {
    if (!(args.validationSplit < 1)) {
      throw new Error(`Invalid value for argument \`validationSplit\`. Expected a float between 0 and 1. Received: validationSplit=${args.validationSplit}`);
    }
    const nTrain = Math.floor(n0 * (1 - args.validationSplit));
    if (nTrain === 0 || nTrain === n0) throw new Error(`validationSplit=${args.validationSplit} leaves no ${nTrain === 0 ? 'training' : 'validation'} samples out of ${n0}.`);
    val = { xs: sliceRows(xs, nTrain, n0 - nTrain), ys: sliceRows(ys, nTrain, n0 - nTrain), sw: sw ? sliceRows([sw], nTrain, n0 - nTrain)[0]! : null };
    owned.push(...val.xs, ...val.ys, ...(val.sw ? [val.sw] : []));
    xs = sliceRows(xs, 0, nTrain);
    ys = sliceRows(ys, 0, nTrain);
    owned.push(...xs, ...ys);
    if (sw) {
      sw = sliceRows([sw], 0, nTrain)[0]!;
      owned.push(sw);
    }
  }
  // Class weights weigh the training samples only (as Keras): the validation split above stays unweighted.
  if (args.classWeight) {
    sw = classSampleWeights(ys[0]!, args.classWeight);
    owned.push(sw);
  }
  const n = cardinality(xs, ys);
  const perEpoch = Math.ceil(n / batchSize);
  const steps = args.stepsPerEpoch ?? perEpoch;

  const history = new History();
  // As Keras: the user's callbacks first, then History and the progress bar, so that what a callback adds to the
  // epoch logs (ReduceLROnPlateau's learning_rate) is recorded and shown.
  const cbs = new CallbackList([...(args.callbacks ?? []), history, ...(verbose > 0 ? [new ProgbarLogger(verbose)] : [])]);
  cbs.setModel(model);
  const metricNames = ['loss', ...compiled.outputs.flatMap((o) => o.metrics.map((m) => m.name))];
  cbs.setParams({ epochs, steps, samples: n, verbose, batchSize, metrics: [...metricNames, ...(val ? metricNames.map((m) => `val_${m}`) : [])] });
  const rng = new tf.SeededRandom(args.seed ?? tf.freshSeed());
  const trackers = new Trackers(compiled);
  const shuffle = args.shuffle ?? true;
  const ranges = batchRanges(n, batchSize);
  const order = new Int32Array(n);
  // Batches of the current pass already used: with stepsPerEpoch an epoch goes on where the last one stopped (as
  // Keras, and as fitDataset with batchesPerEpoch); a new, reshuffled pass starts when the data runs out.
  let cursor = 0;
  model.stopTraining = false;
  try {
    await cbs.call('onTrainBegin');
    for (let epoch = args.initialEpoch ?? 0; epoch < epochs && !model.stopTraining; epoch++) {
      trackers.reset();
      await cbs.call('onEpochBegin', epoch);
      for (let step = 0; step < steps && !model.stopTraining; step++) {
        if (cursor === 0) {
          for (let i = 0; i < n; i++) order[i] = i;
          if (shuffle) rng.shuffle(order);
        }
        const [s, size] = ranges[cursor]!;
        cursor = (cursor + 1) % ranges.length;
        await cbs.call('onTrainBatchBegin', step);
        tf.tidy(() => {
          let xb: Tensor[], yb: Tensor[], wb: Tensor | null;
          if (shuffle) {
            const idx = tf.tensor(order.subarray(s, s + size), [size], 'int32');
            xb = gatherRows(xs, idx);
            yb = gatherRows(ys, idx);
            wb = sw ? gatherRows([sw], idx)[0]! : null;
          } else {
            xb = sliceRows(xs, s, size);
            yb = sliceRows(ys, s, size);
            wb = sw ? sliceRows([sw], s, size)[0]! : null;
          }
          trainStep(model, xb, yb, wb, trackers);
        });
        let cached: Promise<Logs> | null = null;
        await cbs.call('onTrainBatchEnd', step, () => (cached ??= trackers.read()));
      }
      const logs = await trackers.read();
      const freq = args.validationFreq ?? 1;
      if (val && (epoch + 1) % freq === 0) Object.assign(logs, await runTestLoop(model, val.xs, val.ys, val.sw, batchSize, null, 'val_'));
      await cbs.call('onEpochEnd', epoch, logs);
    }
    await cbs.call('onTrainEnd');
  } finally {
    trackers.reset();
    owned.forEach((t) => t.dispose());
  }
  return history;
}
