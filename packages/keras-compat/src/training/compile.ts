import type { Tensor } from '@tessera/core';
import * as losses from '@tessera/losses';
import type { Loss, LossFn } from '@tessera/losses';
import * as optimizers from '@tessera/optimizers';
import type { Model } from '../engine/model.js';
import { resolveMetric } from '../metrics/index.js';
import type { AccuracyKind, Metric, MetricIdentifier } from '../metrics/index.js';
import type { OptimizerLike } from './optimizer-access.js';

export type LossIdentifier = string | LossFn | Loss;

export interface CompileArgs {
  optimizer: string | OptimizerLike;
  loss: LossIdentifier | LossIdentifier[] | Record<string, LossIdentifier>;
  metrics?: MetricIdentifier[] | Record<string, MetricIdentifier | MetricIdentifier[]>;
  lossWeights?: number[] | Record<string, number>;
}

/** One output's loss and metrics. */
export interface OutputTarget {
  name: string;
  loss: Loss;
  lossName: string;
  weight: number;
  metrics: Metric[];
}

export interface Compiled {
  optimizer: OptimizerLike;
  /** compile() made the optimizer from a name, so the model owns (and disposes) it. */
  ownsOptimizer: boolean;
  outputs: OutputTarget[];
  args: CompileArgs;
}

function toLoss(id: LossIdentifier, where: string): { loss: Loss; name: string } {
  try {
    const got = losses.get(id as never);
    if (got instanceof losses.Loss) return { loss: got, name: typeof id === 'string' ? id : got.name };
    const name = typeof id === 'string' ? id : (id as LossFn).name || 'loss';
    return { loss: new losses.LossFunctionWrapper((t: Tensor, p: Tensor) => (got as LossFn)(t, p), {}, name), name };
  } catch (e) {
    throw new Error(`Invalid value for argument \`loss\`${where}. ${(e as Error).message}`);
  }
}

/** Keras's choice for 'accuracy': binary for binary crossentropy or a single unit, sparse for sparse labels. */
function accuracyKindFor(lossName: string, outputShape: (number | null)[] | null): AccuracyKind {
  const n = lossName.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  if (n.includes('sparse')) return 'sparse_categorical';
  if (n.includes('binary')) return 'binary';
  if (outputShape && outputShape[outputShape.length - 1] === 1) return 'binary';
  return 'categorical';
}

function perOutput<T>(value: T | T[] | Record<string, T> | undefined, names: string[], what: string): (T | undefined)[] {
  if (value === undefined) return names.map(() => undefined);
  if (Array.isArray(value)) {
    if (names.length > 1 && value.length !== names.length) {
      throw new Error(`Invalid value for argument \`${what}\`. Expected ${names.length} entries (one per output: ${names.join(', ')}). Received: ${value.length}`);
    }
    return names.map((_, i) => value[i]);
  }
  if (typeof value === 'object' && value !== null && !(value instanceof losses.Loss) && typeof value !== 'function') {
    const rec = value as Record<string, T>;
    for (const k of Object.keys(rec)) {
      if (!names.includes(k)) throw new Error(`Invalid value for argument \`${what}\`: '${k}' is not an output of the model. Outputs: ${names.join(', ')}.`);
    }
    return names.map((n) => rec[n]);
  }
  return names.map(() => value as T);
}

/** Resolves compile()'s arguments against the model's outputs; metrics start fresh. */
export function compileModel(model: Model, args: CompileArgs): Compiled {
  if (!args || typeof args !== 'object') throw new Error('compile: expected an object { optimizer, loss, metrics? }.');
  if (args.optimizer === undefined) throw new Error('Invalid value for argument `optimizer`. Expected an optimizer or its name. Received: optimizer=undefined');
  if (args.loss === undefined) throw new Error('Invalid value for argument `loss`. Expected a loss, its name, or one per output. Received: loss=undefined');
  let optimizer: OptimizerLike;
  if (typeof args.optimizer === 'string') {
    try {
      optimizer = optimizers.get(args.optimizer) as unknown as OptimizerLike;
    } catch (e) {
      throw new Error(`Invalid value for argument \`optimizer\`. ${(e as Error).message}`);
    }
  } else {
    optimizer = args.optimizer;
  }
  const names = model.isFunctional ? model.outputNames : ['output'];
  const shapes = model.isFunctional ? model.outputs.map((o) => o.shape) : [null];
  const lossIds = perOutput(args.loss, names, 'loss');
  const weights = perOutput(args.lossWeights, names, 'lossWeights');
  // A flat metric list applies to every output (as tfjs); a list of lists or a record goes per output.
  const m = args.metrics;
  const metricIds: (MetricIdentifier | MetricIdentifier[] | undefined)[] =
    m === undefined ? names.map(() => undefined) : Array.isArray(m) && !m.some(Array.isArray) ? names.map(() => m) : perOutput<MetricIdentifier | MetricIdentifier[]>(m as never, names, 'metrics');
  const outputs = names.map((name, i) => {
    const id = lossIds[i];
    if (id === undefined) throw new Error(`Invalid value for argument \`loss\`: no loss given for output '${name}'.`);
    const { loss, name: lossName } = toLoss(id, names.length > 1 ? ` for output '${name}'` : '');
    const kind = accuracyKindFor(lossName, shapes[i] ?? null);
    const mids = metricIds[i];
    const list = mids === undefined ? [] : Array.isArray(mids) ? mids : [mids];
    const metrics = list.map((m) => resolveMetric(m, kind));
    return { name, loss, lossName, weight: weights[i] ?? 1, metrics };
  });
  return { optimizer, ownsOptimizer: typeof args.optimizer === 'string', outputs, args };
}
