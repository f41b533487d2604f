import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import type { Model } from '../engine/model.js';
import { CallbackList } from '../callbacks/callback.js';
import type { Callback } from '../callbacks/callback.js';
import { inputNames, outputNames, standardize, batchRanges, sliceRows, cardinality } from './data.js';
import type { ModelData } from './data.js';
import { requireCompiled, runTestLoop } from './fit.js';

export interface EvaluateArgs {
  batchSize?: number;
  verbose?: number;
  sampleWeight?: Tensor;
  callbacks?: Callback[];
}

/** Loss and metrics over x, y in inference mode: a scalar, or [loss, ...metrics] when there are metrics (tfjs). */
export async function evaluate(model: Model, x: ModelData, y: ModelData, args: EvaluateArgs = {}): Promise<Tensor | Tensor[]> {
  const compiled = requireCompiled(model, 'evaluate');
  const xs = standardize(x, inputNames(model), 'x');
  const ys = standardize(y, outputNames(model), 'y');
  const cbs = new CallbackList(args.callbacks ?? []);
  cbs.setModel(model);
  await cbs.call('onTestBegin');
  const logs = await runTestLoop(model, xs, ys, args.sampleWeight ?? null, args.batchSize ?? 32, cbs);
  await cbs.call('onTestEnd', logs);
  const values = Object.values(logs).map((v) => tf.scalar(v));
  const single = values.length === 1 && compiled.outputs.every((o) => o.metrics.length === 0);
  return single ? values[0]! : values;
}

/** Predictions in batches (inference mode), concatenated. */
export function predict(model: Model, x: ModelData, args: { batchSize?: number; verbose?: number } = {}): Tensor | Tensor[] {
  const xs = standardize(x, inputNames(model), 'x');
  const batchSize = args.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize <= 0) {
    throw new Error(`Invalid value for argument \`batchSize\`. Expected a positive integer. Received: batchSize=${batchSize}`);
  }
  const n = cardinality(xs, []);
  return tf.tidy(() => {
    const parts: Tensor[][] = [];
    for (const [s, size] of batchRanges(n, batchSize)) {
      const xb = sliceRows(xs, s, size);
      const out = model.apply(xb.length === 1 ? xb[0]! : xb, { training: false }) as Tensor | Tensor[];
      parts.push(Array.isArray(out) ? out : [out]);
    }
    if (parts.length === 0) throw new Error('predict: x has no samples.');
    const outs = parts[0]!.map((_, k) => (parts.length === 1 ? parts[0]![k]! : tf.concat(parts.map((p) => p[k]!), 0)));
    return model.returnsList ? outs : outs[0]!;
  });
}
