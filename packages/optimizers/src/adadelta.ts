import type { Tensor } from '@tessera/core';
import { add, div, mul, neg, sqrt, square, tidy } from '@tessera/core';
import type { OptimizerOptions, StepScalars, UpdateResult } from './optimizer.js';
import { Optimizer, parseOptions } from './optimizer.js';
import { checkNumber } from './validate.js';

export interface AdadeltaHyper {
  rho: number;
  epsilon: number;
}

/**
 * Keras's Adadelta step: G ← ρ·G + (1-ρ)·g², Δ = -√(D + ε)·g / √(G + ε) with the NEW G, D ← ρ·D + (1-ρ)·Δ²,
 * x ← x + lr·Δ. Slots: [accumulated_grad, accumulated_delta_var]. (tfjs 4.22 divides by the old G, so its first
 * step is a plain gradient step of size lr; Tessera follows Keras.)
 */
export function adadeltaUpdate(x: Tensor, g: Tensor, slots: readonly Tensor[], s: StepScalars & AdadeltaHyper): UpdateResult {
  return tidy(() => {
    const G = add(mul(slots[0]!, s.rho), mul(square(g), 1 - s.rho));
    const delta = neg(div(mul(sqrt(add(slots[1]!, s.epsilon)), g), sqrt(add(G, s.epsilon))));
    const D = add(mul(slots[1]!, s.rho), mul(square(delta), 1 - s.rho));
    return { x: add(x, mul(delta, s.lr)), slots: [G, D] };
  });
}

export interface AdadeltaOptions extends OptimizerOptions {
  rho?: number;
  epsilon?: number;
}

/** Keras defaults: learningRate 0.001 (tfjs's 'adadelta' string gives 1), rho 0.95, epsilon 1e-7. */
export class Adadelta extends Optimizer {
  readonly className = 'Adadelta';
  readonly rho: number;
  readonly epsilon: number;

  constructor(options?: number | AdadeltaOptions) {
    const o = parseOptions<AdadeltaOptions>(options, ['rho', 'epsilon'], 'Adadelta');
    super(o, { learningRate: 0.001, name: 'adadelta' }, 'Adadelta');
    this.rho = checkNumber(o.rho ?? 0.95, 'rho', 'Adadelta', { min: 0, max: 1 });
    this.epsilon = checkNumber(o.epsilon ?? 1e-7, 'epsilon', 'Adadelta', { min: 0 });
  }

  protected slotNames(): readonly string[] {
    return ['accumulated_grad', 'accumulated_delta_var'];
  }

  protected updateStep(x: Tensor, g: Tensor, slots: readonly Tensor[], s: StepScalars): UpdateResult {
    return adadeltaUpdate(x, g, slots, { ...s, rho: this.rho, epsilon: this.epsilon });
  }

  protected hyperparameters(): Record<string, unknown> {
    return { rho: this.rho, epsilon: this.epsilon };
  }
}

export function adadelta(options?: number | AdadeltaOptions): Adadelta {
  return new Adadelta(options);
}
