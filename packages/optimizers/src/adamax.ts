import type { Tensor } from '@tessera/core';
import { abs, add, div, maximum, mul, sub, tidy } from '@tessera/core';
import type { OptimizerOptions, StepScalars, UpdateResult } from './optimizer.js';
import { Optimizer, parseOptions } from './optimizer.js';
import { checkNumber } from './validate.js';

export interface AdamaxHyper {
  beta1: number;
  beta2: number;
  epsilon: number;
}

/**
 * Keras's Adamax step (Adam with the infinity norm): m ← m + (g - m)(1-β₁), u ← max(β₂·u, |g|),
 * x ← x - lr·m / ((1-β₁ᵗ)(u + ε)). Slots: [momentum, norm].
 */
export function adamaxUpdate(x: Tensor, g: Tensor, slots: readonly Tensor[], s: StepScalars & AdamaxHyper): UpdateResult {
  return tidy(() => {
    const m = add(slots[0]!, mul(sub(g, slots[0]!), 1 - s.beta1));
    const u = maximum(mul(slots[1]!, s.beta2), abs(g));
    const update = div(mul(m, s.lr), mul(add(u, s.epsilon), 1 - s.beta1 ** s.step));
    return { x: sub(x, update), slots: [m, u] };
  });
}

export interface AdamaxOptions extends OptimizerOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/** Keras defaults: learningRate 0.001 (tfjs's 'adamax' string gives 0.002), beta1 0.9, beta2 0.999, epsilon 1e-7. */
export class Adamax extends Optimizer {
  readonly className = 'Adamax';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;

  constructor(options?: number | AdamaxOptions) {
    const o = parseOptions<AdamaxOptions>(options, ['beta1', 'beta2', 'epsilon'], 'Adamax');
    super(o, { learningRate: 0.001, name: 'adamax' }, 'Adamax');
    this.beta1 = checkNumber(o.beta1 ?? 0.9, 'beta1', 'Adamax', { min: 0, max: 1, maxExclusive: true });
    this.beta2 = checkNumber(o.beta2 ?? 0.999, 'beta2', 'Adamax', { min: 0, max: 1 });
    this.epsilon = checkNumber(o.epsilon ?? 1e-7, 'epsilon', 'Adamax', { min: 0 });
  }

  protected slotNames(): readonly string[] {
    return ['momentum', 'norm'];
  }

  protected updateStep(x: Tensor, g: Tensor, slots: readonly Tensor[], s: StepScalars): UpdateResult {
    return adamaxUpdate(x, g, slots, { ...s, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon });
  }

  protected hyperparameters(): Record<string, unknown> {
    return { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}

export function adamax(options?: number | AdamaxOptions): Adamax {
  return new Adamax(options);
}
