import type { Tensor } from '@tessera/core';
import { add, mul, sub, tidy } from '@tessera/core';
import type { OptimizerOptions, StepScalars, UpdateResult } from './optimizer.js';
import { Optimizer, parseOptions } from './optimizer.js';
import { checkBoolean, checkNumber } from './validate.js';

export interface SGDHyper {
  momentum: number;
  nesterov: boolean;
}

/**
 * Keras's SGD step. Without momentum x ← x - lr·g. With momentum m ← momentum·m - lr·g, then x ← x + m, or with
 * Nesterov x ← x + momentum·m - lr·g. Slots: [momentum] when momentum > 0.
 */
export function sgdUpdate(x: Tensor, g: Tensor, slots: readonly Tensor[], s: StepScalars & SGDHyper): UpdateResult {
  return tidy(() => {
    if (s.momentum === 0) return { x: sub(x, mul(g, s.lr)), slots: [] };
    const step = mul(g, s.lr);
    const m = sub(mul(slots[0]!, s.momentum), step);
    const delta = s.nesterov ? sub(mul(m, s.momentum), step) : m;
    return { x: add(x, delta), slots: [m] };
  });
}

export interface SGDOptions extends OptimizerOptions {
  /** In [0, 1] (default 0). */
  momentum?: number;
  nesterov?: boolean;
}

/** Gradient descent with optional (Nesterov) momentum. Keras defaults: learningRate 0.01, momentum 0. */
export class SGD extends Optimizer {
  readonly className = 'SGD';
  readonly momentum: number;
  readonly nesterov: boolean;

  constructor(options?: number | SGDOptions) {
    const o = parseOptions<SGDOptions>(options, ['momentum', 'nesterov'], 'SGD');
    super(o, { learningRate: 0.01, name: 'SGD' }, 'SGD');
    this.momentum = checkNumber(o.momentum ?? 0, 'momentum', 'SGD', { min: 0, max: 1 });
    this.nesterov = checkBoolean(o.nesterov ?? false, 'nesterov', 'SGD');
  }

  protected slotNames(): readonly string[] {
    return this.momentum !== 0 ? ['momentum'] : [];
  }

  protected updateStep(x: Tensor, g: Tensor, slots: readonly Tensor[], s: StepScalars): UpdateResult {
    return sgdUpdate(x, g, slots, { ...s, momentum: this.momentum, nesterov: this.nesterov });
  }

  protected hyperparameters(): Record<string, unknown> {
    return { momentum: this.momentum, nesterov: this.nesterov };
  }
}

export function sgd(options?: number | SGDOptions): SGD {
  return new SGD(options);
}
