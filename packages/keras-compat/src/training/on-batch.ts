import type { Tensor } from '@tessera/core';
import type { Model } from '../engine/model.js';
import { cardinality, inputNames, outputNames, standardize } from './data.js';
import type { ModelData } from './data.js';
import { requireCompiled } from './fit.js';
import { Trackers, trainStep } from './step.js';

/** One optimizer step on the whole of x, y; resolves to the batch's loss, or [loss, ...metrics]. */
export async function trainOnBatch(model: Model, x: ModelData, y: ModelData, args: { sampleWeight?: Tensor } = {}): Promise<number | number[]> {
  const compiled = requireCompiled(model, 'trainOnBatch');
  const xs = standardize(x, inputNames(model), 'x');
  const ys = standardize(y, outputNames(model), 'y');
  cardinality(xs, ys);
  const trackers = new Trackers(compiled);
  try {
    trainStep(model, xs, ys, args.sampleWeight ?? null, trackers);
    const logs = Object.values(await trackers.read());
    return logs.length === 1 ? logs[0]! : logs;
  } finally {
    trackers.reset();
  }
}
