import type { Tensor, TensorLike } from '@tessera/core';
import type { LossFn } from './loss.js';
import { Loss } from './loss.js';
import {
  BinaryCrossentropy, CategoricalCrossentropy, CategoricalHinge, CosineSimilarity, Hinge, Huber, KLDivergence, LogCosh,
  MeanAbsoluteError, MeanAbsolutePercentageError, MeanSquaredError, MeanSquaredLogarithmicError, Poisson,
  SparseCategoricalCrossentropy, SquaredHinge,
} from './classes.js';
import { categoricalHinge, hinge, squaredHinge } from './hinge.js';
import { binaryCrossentropy, categoricalCrossentropy, kullbackLeiblerDivergence, poisson, sparseCategoricalCrossentropy } from './probabilistic.js';
import {
  cosineSimilarity, huber, logCosh, meanAbsoluteError, meanAbsolutePercentageError, meanSquaredError,
  meanSquaredLogarithmicError,
} from './regression.js';

// Two-argument forms, so the lookup hands back exactly (yTrue, yPred) => Tensor.
const two = (f: (t: TensorLike, p: TensorLike) => Tensor): LossFn => (t, p) => f(t, p);

/** Function names: Keras's snake_case names and legacy aliases, then tfjs-layers' camelCase names. */
const FUNCTIONS: Record<string, LossFn> = {
  mean_squared_error: meanSquaredError, mse: meanSquaredError, MSE: meanSquaredError, meanSquaredError,
  mean_absolute_error: meanAbsoluteError, mae: meanAbsoluteError, MAE: meanAbsoluteError, meanAbsoluteError,
  mean_absolute_percentage_error: meanAbsolutePercentageError, mape: meanAbsolutePercentageError,
  MAPE: meanAbsolutePercentageError, meanAbsolutePercentageError,
  mean_squared_logarithmic_error: meanSquaredLogarithmicError, msle: meanSquaredLogarithmicError,
  MSLE: meanSquaredLogarithmicError, meanSquaredLogarithmicError,
  binary_crossentropy: two(binaryCrossentropy), binaryCrossentropy: two(binaryCrossentropy),
  categorical_crossentropy: two(categoricalCrossentropy), categoricalCrossentropy: two(categoricalCrossentropy),
  sparse_categorical_crossentropy: two(sparseCategoricalCrossentropy),
  sparseCategoricalCrossentropy: two(sparseCategoricalCrossentropy),
  huber: two(huber),
  log_cosh: logCosh, logcosh: logCosh, logCosh,
  poisson,
  kl_divergence: kullbackLeiblerDivergence, kld: kullbackLeiblerDivergence, KLD: kullbackLeiblerDivergence,
  kullback_leibler_divergence: kullbackLeiblerDivergence, kullbackLeiblerDivergence, klDivergence: kullbackLeiblerDivergence,
  hinge, squared_hinge: squaredHinge, squaredHinge, categorical_hinge: categoricalHinge, categoricalHinge,
  cosine_similarity: two(cosineSimilarity), cosineSimilarity: two(cosineSimilarity), cosineProximity: two(cosineSimilarity),
};

/** Class names: a lookup returns a new instance with default options, as Keras's `losses.get('MeanSquaredError')`. */
const CLASSES: Record<string, new () => Loss> = {
  MeanSquaredError, MeanAbsoluteError, MeanAbsolutePercentageError, MeanSquaredLogarithmicError, BinaryCrossentropy,
  CategoricalCrossentropy, SparseCategoricalCrossentropy, Huber, LogCosh, Poisson, KLDivergence, Hinge, SquaredHinge,
  CategoricalHinge, CosineSimilarity,
};

/** Every name `get` accepts. */
export function lossNames(): string[] {
  return [...Object.keys(FUNCTIONS), ...Object.keys(CLASSES)];
}

/**
 * Looks a loss up as Keras's `losses.get` does: a function name ('mse', 'categorical_crossentropy', or tfjs's
 * 'categoricalCrossentropy') gives the per-sample function; a class name ('MeanSquaredError') gives a Loss with
 * default options; a function or Loss is returned as is.
 */
export function get(identifier: string | LossFn | Loss): LossFn | Loss {
  if (identifier instanceof Loss || typeof identifier === 'function') return identifier;
  if (typeof identifier === 'string') {
    if (Object.hasOwn(FUNCTIONS, identifier)) return FUNCTIONS[identifier]!;
    if (Object.hasOwn(CLASSES, identifier)) return new CLASSES[identifier]!();
    throw new Error(`losses.get: unknown loss '${identifier}'. Valid names: ${lossNames().join(', ')}.`);
  }
  throw new TypeError(`losses.get: could not interpret loss identifier. Expected a name, a function or a Loss. Received: ${typeof identifier}`);
}
