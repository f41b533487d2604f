import type { Tensor, TensorLike } from '@tessera/core';
import { cast, isFloat, tidy } from '@tessera/core';
import type { Reduction } from './reduction.js';
import { reduceWeightedValues, standardizeReduction } from './reduction.js';
import { alignRanks, toTensor } from './util.js';

/** A per-sample loss: (yTrue, yPred) → losses with the last axis reduced. */
export type LossFn = (yTrue: TensorLike, yPred: TensorLike) => Tensor;

export interface LossOptions {
  /** Default 'sum_over_batch_size'. */
  reduction?: Reduction;
  name?: string;
}

export interface LossConfig {
  name: string;
  reduction: Reduction;
  [key: string]: unknown;
}

/**
 * Keras's Loss: `apply(yTrue, yPred, sampleWeight?)` (Keras's `__call__`, named as tfjs names a layer's) computes
 * the per-sample losses with `call`, weights them and reduces them. Subclass and override `call` for a custom loss.
 */
export abstract class Loss {
  readonly name: string;
  readonly reduction: Reduction;

  constructor(options: LossOptions = {}, defaultName = 'loss') {
    if (options === null || typeof options !== 'object') {
      throw new TypeError(`${new.target.name}: invalid value for argument \`options\`. Expected an object. Received: ${String(options)}`);
    }
    this.reduction = standardizeReduction(options.reduction === undefined ? 'sum_over_batch_size' : options.reduction, new.target.name);
    this.name = options.name ?? defaultName;
  }

  /** The unreduced, unweighted per-sample losses. */
  abstract call(yTrue: Tensor, yPred: Tensor): Tensor;

  /** Losses and an optional mask of the entries that count (used by `ignoreClass`). */
  protected callWithMask(yTrue: Tensor, yPred: Tensor): { values: Tensor; mask: Tensor | null } {
    return { values: this.call(yTrue, yPred), mask: null };
  }

  /** The weighted, reduced loss: a scalar unless the reduction is 'none'. */
  apply(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike | null): Tensor {
    const op = `${this.constructor.name}.apply`;
    return tidy(() => {
      let p = toTensor(yPred, 'yPred', op);
      if (!isFloat(p.dtype)) p = cast(p, 'float32');
      let t = toTensor(yTrue, 'yTrue', op);
      if (t.dtype !== p.dtype) t = cast(t, p.dtype);
      const { values, mask } = this.callWithMask(t, p);
      return reduceWeightedValues(values, sampleWeight, this.reduction, mask, op);
    });
  }

  getConfig(): LossConfig {
    return { name: this.name, reduction: this.reduction };
  }
}

/**
 * Turns a per-sample function into a Loss (Keras's LossFunctionWrapper). Labels and predictions whose ranks differ
 * by a trailing 1 are aligned first; `options` other than name and reduction are passed on to `fn`.
 */
export class LossFunctionWrapper<O extends object = object> extends Loss {
  readonly fn: (yTrue: Tensor, yPred: Tensor, options: O) => Tensor;
  protected readonly fnOptions: O;

  constructor(
    fn: (yTrue: Tensor, yPred: Tensor, options: O) => Tensor,
    options: LossOptions & Partial<O> = {},
    defaultName = 'loss',
  ) {
    super(options, defaultName);
    if (typeof fn !== 'function') throw new TypeError(`LossFunctionWrapper: invalid value for argument \`fn\`. Expected a function. Received: ${typeof fn}`);
    this.fn = fn;
    const { reduction: _r, name: _n, ...rest } = options;
    this.fnOptions = rest as O;
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return tidy(() => {
      const [t, p] = alignRanks(yTrue, yPred);
      return this.fn(t, p, this.fnOptions);
    });
  }

  override getConfig(): LossConfig {
    return { ...super.getConfig(), ...this.fnOptions };
  }
}
