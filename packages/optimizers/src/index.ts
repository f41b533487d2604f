// Keras optimizers on Tessera's public ops. Nothing here registers anything at import time.
export { Optimizer } from './optimizer.js';
export type { OptimizerOptions, LearningRate, NamedTensor, GradsAndVars, StepScalars, UpdateResult } from './optimizer.js';
export { SGD, sgd, sgdUpdate } from './sgd.js';
export type { SGDOptions, SGDHyper } from './sgd.js';
export { RMSprop, rmsprop, rmspropUpdate } from './rmsprop.js';
export type { RMSpropOptions, RMSpropHyper } from './rmsprop.js';
export { Adam, adam, AdamW, adamw, adamUpdate } from './adam.js';
export type { AdamOptions, AdamHyper } from './adam.js';
export { Adamax, adamax, adamaxUpdate } from './adamax.js';
export type { AdamaxOptions, AdamaxHyper } from './adamax.js';
export { Nadam, nadam, nadamUpdate, nadamMu } from './nadam.js';
export type { NadamOptions, NadamHyper } from './nadam.js';
export { Adagrad, adagrad, adagradUpdate } from './adagrad.js';
export type { AdagradOptions, AdagradHyper } from './adagrad.js';
export { Adadelta, adadelta, adadeltaUpdate } from './adadelta.js';
export type { AdadeltaOptions, AdadeltaHyper } from './adadelta.js';
export { Ftrl, ftrl, ftrlUpdate } from './ftrl.js';
export type { FtrlOptions, FtrlHyper } from './ftrl.js';
export { clipByNorm, clipByGlobalNorm } from './clip.js';
export {
  exponentialDecay, piecewiseConstantDecay, piecewiseConstant, polynomialDecay, inverseTimeDecay, cosineDecay, isSchedule,
  scheduleFromConfig,
} from './schedules.js';
export type {
  LearningRateSchedule, ExponentialDecayOptions, PiecewiseConstantDecayOptions, PolynomialDecayOptions,
  InverseTimeDecayOptions, CosineDecayOptions,
} from './schedules.js';
export { get, optimizerNames } from './registry.js';
