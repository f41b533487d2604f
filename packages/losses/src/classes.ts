import type { Tensor } from '@tessera/core';
import { tidy } from '@tessera/core';
import type { LossOptions } from './loss.js';
import { LossFunctionWrapper } from './loss.js';
import { categoricalHinge, hinge, squaredHinge } from './hinge.js';
import type { CrossentropyOptions, SparseCrossentropyOptions } from './probabilistic.js';
import {
  binaryCrossentropy, categoricalCrossentropy, crossentropyOptions, kullbackLeiblerDivergence, poisson,
  sparseCategoricalCrossentropyMasked,
} from './probabilistic.js';
import {
  cosineSimilarity, huber, logCosh, meanAbsoluteError, meanAbsolutePercentageError, meanSquaredError,
  meanSquaredLogarithmicError,
} from './regression.js';
import { alignRanks } from './util.js';

// The Loss classes, named as in Keras (keras.losses.MeanSquaredError ...), each a LossFunctionWrapper around the
// function of the same name. Unknown options are errors, as Keras's unknown keyword arguments are.

function checkKeys(options: object, allowed: string[], cls: string): void {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${cls}: invalid value for argument \`options\`. Expected an object. Received: ${String(options)}`);
  }
  const known = new Set(['reduction', 'name', ...allowed]);
  const bad = Object.keys(options).filter((k) => !known.has(k));
  if (bad.length) throw new Error(`${cls}: unknown option(s) ${bad.map((k) => `\`${k}\``).join(', ')}. Valid options: ${[...known].join(', ')}.`);
}

type Plain = object;

export class MeanSquaredError extends LossFunctionWrapper<Plain> {
  constructor(options: LossOptions = {}) {
    checkKeys(options, [], 'MeanSquaredError');
    super((t, p) => meanSquaredError(t, p), options, 'mean_squared_error');
  }
}

export class MeanAbsoluteError extends LossFunctionWrapper<Plain> {
  constructor(options: LossOptions = {}) {
    checkKeys(options, [], 'MeanAbsoluteError');
    super((t, p) => meanAbsoluteError(t, p), options, 'mean_absolute_error');
  }
}

export class MeanAbsolutePercentageError extends LossFunctionWrapper<Plain> {
  constructor(options: LossOptions = {}) {
    checkKeys(options, [], 'MeanAbsolutePercentageError');
    super((t, p) => meanAbsolutePercentageError(t, p), options, 'mean_absolute_percentage_error');
  }
}

export class MeanSquaredLogarithmicError extends LossFunctionWrapper<Plain> {
  constructor(options: LossOptions = {}) {
    checkKeys(options, [], 'MeanSquaredLogarithmicError');
    super((t, p) => meanSquaredLogarithmicError(t, p), options, 'mean_squared_logarithmic_error');
  }
}

export class Huber extends LossFunctionWrapper<{ delta: number }> {
  constructor(options: LossOptions & { delta?: number } = {}) {
    checkKeys(options, ['delta'], 'Huber');
    super((t, p, o) => huber(t, p, o.delta), { delta: 1, ...options }, 'huber_loss');
  }
}

export class LogCosh extends LossFunctionWrapper<Plain> {
  constructor(options: LossOptions = {}) {
    checkKeys(options, [], 'LogCosh');
    super((t, p) => logCosh(t, p), options, 'log_cosh');
  }
}

export class CosineSimilarity extends LossFunctionWrapper<{ axis: number }> {
  constructor(options: LossOptions & { axis?: number } = {}) {
    checkKeys(options, ['axis'], 'CosineSimilarity');
    super((t, p, o) => cosineSimilarity(t, p, o.axis), { axis: -1, ...options }, 'cosine_similarity');
  }
}

export class Poisson extends LossFunctionWrapper<Plain> {
  constructor(options: LossOptions = {}) {
    checkKeys(options, [], 'Poisson');
    super((t, p) => poisson(t, p), options, 'poisson');
  }
}

export class KLDivergence extends LossFunctionWrapper<Plain> {
  constructor(options: LossOptions = {}) {
    checkKeys(options, [], 'KLDivergence');
    super((t, p) => kullbackLeiblerDivergence(t, p), options, 'kl_divergence');
  }
}

export class Hinge extends LossFunctionWrapper<Plain> {
  constructor(options: LossOptions = {}) {
    checkKeys(options, [], 'Hinge');
    super((t, p) => hinge(t, p), options, 'hinge');
  }
}

export class SquaredHinge extends LossFunctionWrapper<Plain> {
  constructor(options: LossOptions = {}) {
    checkKeys(options, [], 'SquaredHinge');
    super((t, p) => squaredHinge(t, p), options, 'squared_hinge');
  }
}

export class CategoricalHinge extends LossFunctionWrapper<Plain> {
  constructor(options: LossOptions = {}) {
    checkKeys(options, [], 'CategoricalHinge');
    super((t, p) => categoricalHinge(t, p), options, 'categorical_hinge');
  }
}

type CE = Required<CrossentropyOptions>;
const CE_KEYS = ['fromLogits', 'labelSmoothing', 'axis'];

export class BinaryCrossentropy extends LossFunctionWrapper<CE> {
  constructor(options: LossOptions & CrossentropyOptions = {}) {
    checkKeys(options, CE_KEYS, 'BinaryCrossentropy');
    const { reduction, name, ...rest } = options;
    super((t, p, o) => binaryCrossentropy(t, p, o), { reduction, name, ...crossentropyOptions(rest, 'BinaryCrossentropy') }, 'binary_crossentropy');
  }
}

export class CategoricalCrossentropy extends LossFunctionWrapper<CE> {
  constructor(options: LossOptions & CrossentropyOptions = {}) {
    checkKeys(options, CE_KEYS, 'CategoricalCrossentropy');
    const { reduction, name, ...rest } = options;
    super(
      (t, p, o) => categoricalCrossentropy(t, p, o),
      { reduction, name, ...crossentropyOptions(rest, 'CategoricalCrossentropy') },
      'categorical_crossentropy',
    );
  }
}

type SCE = { fromLogits: boolean; ignoreClass: number | null; axis: number };

/** With `ignoreClass`, the mean reductions divide by the number of entries whose label is not ignored (Keras). */
export class SparseCategoricalCrossentropy extends LossFunctionWrapper<SCE> {
  constructor(options: LossOptions & SparseCrossentropyOptions = {}) {
    checkKeys(options, ['fromLogits', 'ignoreClass', 'axis'], 'SparseCategoricalCrossentropy');
    const full = { fromLogits: false, ignoreClass: null, axis: -1, ...options };
    super((t, p, o) => sparseCategoricalCrossentropyMasked(t, p, o).values, full, 'sparse_categorical_crossentropy');
  }

  protected override callWithMask(yTrue: Tensor, yPred: Tensor): { values: Tensor; mask: Tensor | null } {
    return tidy(() => {
      const [t, p] = alignRanks(yTrue, yPred);
      return sparseCategoricalCrossentropyMasked(t, p, this.fnOptions);
    });
  }
}
