// Keras losses on Tessera's public ops. Nothing here registers anything at import time.
export {
  meanSquaredError, meanAbsoluteError, meanAbsolutePercentageError, meanSquaredLogarithmicError, huber, logCosh,
  cosineSimilarity,
} from './regression.js';
export {
  binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy, sigmoidCrossentropyWithLogits, poisson,
  kullbackLeiblerDivergence,
} from './probabilistic.js';
export type { CrossentropyOptions, SparseCrossentropyOptions } from './probabilistic.js';
export { hinge, squaredHinge, categoricalHinge } from './hinge.js';
export { Loss, LossFunctionWrapper } from './loss.js';
export type { LossFn, LossOptions, LossConfig } from './loss.js';
export {
  MeanSquaredError, MeanAbsoluteError, MeanAbsolutePercentageError, MeanSquaredLogarithmicError, Huber, LogCosh,
  CosineSimilarity, Poisson, KLDivergence, Hinge, SquaredHinge, CategoricalHinge, BinaryCrossentropy,
  CategoricalCrossentropy, SparseCategoricalCrossentropy,
} from './classes.js';
export { reduceWeightedValues, standardizeReduction } from './reduction.js';
export type { Reduction } from './reduction.js';
export { get, lossNames } from './registry.js';
export { EPSILON } from './util.js';
