import type { Tensor } from '@tessera/core';
import { Metric, MeanMetricWrapper, Mean } from './metric.js';
import * as fns from './functions.js';
import { AUC, Precision, Recall } from './confusion.js';

export { Metric, Mean, MeanMetricWrapper, AUC, Precision, Recall };
export * from './functions.js';

export type MetricIdentifier = string | Metric | ((yTrue: Tensor, yPred: Tensor) => Tensor);

/** How the training loop resolves 'accuracy'/'acc' (Keras's rule): by the loss and the output's last dim. */
export type AccuracyKind = 'binary' | 'categorical' | 'sparse_categorical';

const ALIASES: Record<string, string> = {
  acc: 'accuracy',
  mse: 'mean_squared_error',
  mae: 'mean_absolute_error',
  top_k_categorical_accuracy: 'top_k_categorical_accuracy',
};

function snake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/**
 * Builds a fresh metric object. Logged names follow Keras: the identifier as given for strings ('accuracy',
 * 'mse'), the metric's own name for objects, the function name for functions.
 */
export function resolveMetric(id: MetricIdentifier, accuracyKind: AccuracyKind): Metric {
  if (id instanceof Metric) return id;
  if (typeof id === 'function') return new MeanMetricWrapper(id.name || 'metric', id);
  if (typeof id !== 'string') throw new Error(`Invalid value for argument \`metrics\`. Expected metric names, Metric objects or functions. Received: ${String(id)}`);
  const key = ALIASES[snake(id)] ?? snake(id);
  switch (key) {
    case 'accuracy': {
      const fn = accuracyKind === 'binary' ? fns.binaryAccuracy : accuracyKind === 'sparse_categorical' ? fns.sparseCategoricalAccuracy : fns.categoricalAccuracy;
      return new MeanMetricWrapper(id, (t, p) => fn(t, p));
    }
    case 'binary_accuracy':
      return new MeanMetricWrapper(id, (t, p) => fns.binaryAccuracy(t, p));
    case 'categorical_accuracy':
      return new MeanMetricWrapper(id, fns.categoricalAccuracy);
    case 'sparse_categorical_accuracy':
      return new MeanMetricWrapper(id, fns.sparseCategoricalAccuracy);
    case 'top_k_categorical_accuracy':
      return new MeanMetricWrapper(id, (t, p) => fns.topKCategoricalAccuracy(t, p, 5));
    case 'sparse_top_k_categorical_accuracy':
      return new MeanMetricWrapper(id, (t, p) => fns.sparseTopKCategoricalAccuracy(t, p, 5));
    case 'mean_squared_error':
      return new MeanMetricWrapper(id, fns.meanSquaredError);
    case 'mean_absolute_error':
      return new MeanMetricWrapper(id, fns.meanAbsoluteError);
    case 'precision':
      return new Precision({ name: id });
    case 'recall':
      return new Recall({ name: id });
    case 'auc':
      return new AUC({ name: id });
    default:
      throw new Error(
        `Unknown metric: '${id}'. Expected one of accuracy, binary_accuracy, categorical_accuracy, sparse_categorical_accuracy, top_k_categorical_accuracy, sparse_top_k_categorical_accuracy, mse, mae, precision, recall, auc, a Metric or a function.`,
      );
  }
}

export const metrics = {
  precision: (a: { thresholds?: number; name?: string } = {}) => new Precision(a),
  recall: (a: { thresholds?: number; name?: string } = {}) => new Recall(a),
  auc: (a: { numThresholds?: number; curve?: 'ROC' | 'PR'; name?: string } = {}) => new AUC(a),
  mean: (name = 'mean') => new Mean(name),
  ...fns,
};
