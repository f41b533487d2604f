import type { Tensor } from '@tessera/core';
import { add, div, mul, sqrt, square, sub, tidy } from '@tessera/core';
import type { OptimizerOptions, StepScalars, UpdateResult } from './optimizer.js';
import { Optimizer, parseOptions } from './optimizer.js';
import { checkNumber } from './validate.js';

export interface NadamHyper {
  beta1: number;
  beta2: number;
  epsilon: number;
  /** The running product of the momentum schedule μ₁…μₜ, including this step's. */
  uProduct: number;
}

/** Dozat's momentum schedule μₜ = β₁(1 - ½·0.96ᵗ). */
export function nadamMu(beta1: number, t: number): number {
  return beta1 * (1 - 0.5 * 0.96 ** t);
}

/**
 * Keras's Nadam step: m and v as in Adam, then
 * m̂ = μₜ₊₁·m / (1 - Πμ·μₜ₊₁) + (1-μₜ)·g / (1 - Πμ), v̂ = v / (1-β₂ᵗ), x ← x - lr·m̂ / (√v̂ + ε).
 * Slots: [momentum, velocity]; the product Πμ is optimizer-wide state ('u_product').
 */
export function nadamUpdate(x: Tensor, g: Tensor, slots: readonly Tensor[], s: StepScalars & NadamHyper): UpdateResult {
  return tidy(() => {
    const uT = nadamMu(s.beta1, s.step);
    const uT1 = nadamMu(s.beta1, s.step + 1);
    const uProductT1 = s.uProduct * uT1;
    const m = add(slots[0]!, mul(sub(g, slots[0]!), 1 - s.beta1));
    const v = add(slots[1]!, mul(sub(square(g), slots[1]!), 1 - s.beta2));
    const mHat = add(mul(m, uT1 / (1 - uProductT1)), mul(g, (1 - uT) / (1 - s.uProduct)));
    const vHat = div(v, 1 - s.beta2 ** s.step);
    return { x: sub(x, div(mul(mHat, s.lr), add(sqrt(vHat), s.epsilon))), slots: [m, v] };
  });
}

export interface NadamOptions extends OptimizerOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/** Adam with Nesterov momentum. Keras defaults: learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7. tfjs has none. */
export class Nadam extends Optimizer {
  readonly className = 'Nadam';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private uProduct = 1;

  constructor(options?: number | NadamOptions) {
    const o = parseOptions<NadamOptions>(options, ['beta1', 'beta2', 'epsilon'], 'Nadam');
    super(o, { learningRate: 0.001, name: 'nadam' }, 'Nadam');
    this.beta1 = checkNumber(o.beta1 ?? 0.9, 'beta1', 'Nadam', { min: 0, max: 1, maxExclusive: true });
    this.beta2 = checkNumber(o.beta2 ?? 0.999, 'beta2', 'Nadam', { min: 0, max: 1, maxExclusive: true });
    this.epsilon = checkNumber(o.epsilon ?? 1e-7, 'epsilon', 'Nadam', { min: 0 });
  }

  protected slotNames(): readonly string[] {
    return ['momentum', 'velocity'];
  }

  protected override globalState(): Record<string, number> {
    return { u_product: this.uProduct };
  }

  protected override setGlobalState(name: string, value: number): void {
    if (name === 'u_product') this.uProduct = value;
  }

  protected override beginStep(step: number): void {
    this.uProduct *= nadamMu(this.beta1, step);
  }

  protected updateStep(x: Tensor, g: Tensor, slots: readonly Tensor[], s: StepScalars): UpdateResult {
    return nadamUpdate(x, g, slots, { ...s, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, uProduct: this.uProduct });
  }

  protected hyperparameters(): Record<string, unknown> {
    return { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}

export function nadam(options?: number | NadamOptions): Nadam {
  return new Nadam(options);
}
