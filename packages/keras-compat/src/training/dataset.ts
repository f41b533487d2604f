import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import type { Model } from '../engine/model.js';
import { CallbackList } from '../callbacks/callback.js';
import type { Callback, Logs } from '../callbacks/callback.js';
import { History } from '../callbacks/history.js';
import { ProgbarLogger } from '../callbacks/progbar.js';
import { inputNames, outputNames, standardize } from './data.js';
import type { ModelData } from './data.js';
import { requireCompiled, runTestLoop } from './fit.js';
import { Trackers, testStep, trainStep } from './step.js';

/** A batch as datasets yield it: { xs, ys } (tfjs) or [xs, ys]. */
export type DatasetElement = { xs: ModelData; ys: ModelData } | [ModelData, ModelData];

interface IteratorLike {
  next(): Promise<IteratorResult<DatasetElement>> | IteratorResult<DatasetElement>;
  return?(): unknown;
}

/** Ends a pass left unfinished, so the dataset frees what it holds (a shuffle buffer's tensors). */
async function closeIterator(it: IteratorLike | null): Promise<void> {
  await it?.return?.();
}

/** @tessera/data's Dataset, a tfjs Dataset (`iterator()`), or any (async) iterable of batches. */
export type DatasetLike = { iterator(): Promise<IteratorLike> | IteratorLike } | AsyncIterable<DatasetElement> | Iterable<DatasetElement>;

export interface FitDatasetArgs {
  epochs?: number;
  batchesPerEpoch?: number;
  verbose?: 0 | 1 | 2;
  callbacks?: Callback[];
  validationData?: DatasetLike | [ModelData, ModelData];
  initialEpoch?: number;
}

async function openIterator(ds: DatasetLike): Promise<IteratorLike> {
  if (ds && typeof (ds as { iterator?: unknown }).iterator === 'function') return await (ds as { iterator(): Promise<IteratorLike> }).iterator();
  if (ds && typeof (ds as AsyncIterable<DatasetElement>)[Symbol.asyncIterator] === 'function') return (ds as AsyncIterable<DatasetElement>)[Symbol.asyncIterator]();
  if (ds && typeof (ds as Iterable<DatasetElement>)[Symbol.iterator] === 'function') return (ds as Iterable<DatasetElement>)[Symbol.iterator]();
  throw new Error('Invalid value for argument `dataset`. Expected a Dataset (with iterator()) or an (async) iterable of { xs, ys } batches.');
}

function split(model: Model, el: DatasetElement): { xs: Tensor[]; ys: Tensor[] } {
  const [x, y] = Array.isArray(el) ? el : [el?.xs, el?.ys];
  if (x === undefined || y === undefined) throw new Error('Each dataset element must be { xs, ys } or [xs, ys].');
  return { xs: standardize(x, inputNames(model), 'x'), ys: standardize(y, outputNames(model), 'y') };
}

function disposeElement(el: DatasetElement): void {
  tf.dispose(el as never);
}

/** Trains on a dataset of batches; each epoch re-opens the dataset (or reads `batchesPerEpoch` batches). */
export async function fitDataset(model: Model, dataset: DatasetLike, args: FitDatasetArgs = {}): Promise<History> {
  const compiled = requireCompiled(model, 'fitDataset');
  const epochs = args.epochs ?? 1;
  const verbose = args.verbose ?? 1;
  const history = new History();
  // As Keras: the user's callbacks first, then History and the progress bar, so that what a callback adds to the
  // epoch logs (ReduceLROnPlateau's learning_rate) is recorded and shown.
  const cbs = new CallbackList([...(args.callbacks ?? []), history, ...(verbose > 0 ? [new ProgbarLogger(verbose)] : [])]);
  cbs.setModel(model);
  cbs.setParams({ epochs, steps: args.batchesPerEpoch, verbose });
  const trackers = new Trackers(compiled);
  model.stopTraining = false;
  let it: IteratorLike | null = args.batchesPerEpoch ? await openIterator(dataset) : null;
  try {
    await cbs.call('onTrainBegin');
    for (let epoch = args.initialEpoch ?? 0; epoch < epochs && !model.stopTraining; epoch++) {
      trackers.reset();
      await cbs.call('onEpochBegin', epoch);
      if (!args.batchesPerEpoch) {
        await closeIterator(it);
        it = await openIterator(dataset);
      }
      for (let step = 0; !model.stopTraining && (!args.batchesPerEpoch || step < args.batchesPerEpoch); step++) {
        let r = await it!.next();
        if (r.done && args.batchesPerEpoch) {
          it = await openIterator(dataset);
          r = await it.next();
        }
        if (r.done) break;
        await cbs.call('onTrainBatchBegin', step);
        const { xs, ys } = split(model, r.value);
        trainStep(model, xs, ys, null, trackers);
        disposeElement(r.value);
        let cached: Promise<Logs> | null = null;
        await cbs.call('onTrainBatchEnd', step, () => (cached ??= trackers.read()));
      }
      const logs = await trackers.read();
      if (args.validationData) {
        const v = args.validationData;
        if (Array.isArray(v)) {
          Object.assign(logs, await runTestLoop(model, standardize(v[0], inputNames(model), 'x'), standardize(v[1], outputNames(model), 'y'), null, 32, null, 'val_'));
        } else {
          Object.assign(logs, await evaluateDatasetLogs(model, v, undefined, 'val_'));
        }
      }
      await cbs.call('onEpochEnd', epoch, logs);
    }
    await cbs.call('onTrainEnd');
  } finally {
    trackers.reset();
    await closeIterator(it);
  }
  return history;
}

async function evaluateDatasetLogs(model: Model, dataset: DatasetLike, batches: number | undefined, prefix: string): Promise<Logs> {
  const trackers = new Trackers(requireCompiled(model, 'evaluateDataset'));
  trackers.reset();
  let it: IteratorLike | null = null;
  try {
    it = await openIterator(dataset);
    for (let b = 0; batches === undefined || b < batches; b++) {
      const r = await it.next();
      if (r.done) break;
      const { xs, ys } = split(model, r.value);
      testStep(model, xs, ys, null, trackers);
      disposeElement(r.value);
    }
    return await trackers.read(prefix);
  } finally {
    trackers.reset();
    await closeIterator(it);
  }
}

export async function evaluateDataset(model: Model, dataset: DatasetLike, args: { batches?: number } = {}): Promise<Tensor | Tensor[]> {
  const logs = await evaluateDatasetLogs(model, dataset, args.batches, '');
  const values = Object.values(logs).map((v) => tf.scalar(v));
  return values.length === 1 ? values[0]! : values;
}
