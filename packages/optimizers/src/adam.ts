import type { Tensor } from '@tessera/core';
import { add, div, maximum, mul, sqrt, square, sub, tidy } from '@tessera/core';
import type { OptimizerOptions, StepScalars, UpdateResult } from './optimizer.js';
import { Optimizer, parseOptions } from './optimizer.js';
import { checkBoolean, checkNumber } from './validate.js';

export interface AdamHyper {
  beta1: number;
  beta2: number;
  epsilon: number;
  amsgrad: boolean;
}

/**
 * Keras's Adam step: m ← m + (g - m)(1-β₁), v ← v + (g² - v)(1-β₂), α = lr·√(1-β₂ᵗ)/(1-β₁ᵗ),
 * x ← x - α·m / (√v + ε). ε is added to the UNcorrected √v; tfjs adds it to the bias-corrected √v̂, which equals
 * Keras with ε·√(1-β₂ᵗ), so the two differ when √v is comparable to ε. With amsgrad, v̂ ← max(v̂, v) replaces v.
 * Slots: [momentum, velocity, velocity_hat?].
 */
export function adamUpdate(x: Tensor, g: Tensor, slots: readonly Tensor[], s: StepScalars & AdamHyper): UpdateResult {
  return tidy(() => {
    const alpha = (s.lr * Math.sqrt(1 - s.beta2 ** s.step)) / (1 - s.beta1 ** s.step);
    const m = add(slots[0]!, mul(sub(g, slots[0]!), 1 - s.beta1));
    const v = add(slots[1]!, mul(sub(square(g), slots[1]!), 1 - s.beta2));
    const out = [m, v];
    let vUsed = v;
    if (s.amsgrad) {
      vUsed = maximum(slots[2]!, v);
      out.push(vUsed);
    }
    return { x: sub(x, div(mul(m, alpha), add(sqrt(vUsed), s.epsilon))), slots: out };
  });
}

export interface AdamOptions extends OptimizerOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  amsgrad?: boolean;
}

const ADAM_KEYS = ['beta1', 'beta2', 'epsilon', 'amsgrad'];

/** Keras defaults: learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7, amsgrad false. */
export class Adam extends Optimizer {
  readonly className: string = 'Adam';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly amsgrad: boolean;

  constructor(options?: number | AdamOptions, defaults: { name: string; weightDecay?: number } = { name: 'adam' }, owner = 'Adam') {
    const o = parseOptions<AdamOptions>(options, ADAM_KEYS, owner);
    super(o, { learningRate: 0.001, ...defaults }, owner);
    this.beta1 = checkNumber(o.beta1 ?? 0.9, 'beta1', owner, { min: 0, max: 1, maxExclusive: true });
    this.beta2 = checkNumber(o.beta2 ?? 0.999, 'beta2', owner, { min: 0, max: 1, maxExclusive: true });
    this.epsilon = checkNumber(o.epsilon ?? 1e-7, 'epsilon', owner, { min: 0 });
    this.amsgrad = checkBoolean(o.amsgrad ?? false, 'amsgrad', owner);
  }

  protected slotNames(): readonly string[] {
    return this.amsgrad ? ['momentum', 'velocity', 'velocity_hat'] : ['momentum', 'velocity'];
  }

  protected updateStep(x: Tensor, g: Tensor, slots: readonly Tensor[], s: StepScalars): UpdateResult {
    return adamUpdate(x, g, slots, { ...s, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, amsgrad: this.amsgrad });
  }

  protected hyperparameters(): Record<string, unknown> {
    return { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, amsgrad: this.amsgrad };
  }
}

export function adam(options?: number | AdamOptions): Adam {
  return new Adam(options);
}

/**
 * Adam with decoupled weight decay (Loshchilov & Hutter): each update first does x ← x - x·weightDecay·lr, then the
 * Adam step. Keras defaults: weightDecay 0.004, which must not be null.
 */
export class AdamW extends Adam {
  override readonly className: string = 'AdamW';

  constructor(options?: number | AdamOptions) {
    if (options && typeof options === 'object' && options.weightDecay === null) {
      throw new TypeError('AdamW: invalid value for argument `weightDecay`. Expected a number. Received: weightDecay=null');
    }
    super(options, { name: 'adamw', weightDecay: 0.004 }, 'AdamW');
  }
}

export function adamw(options?: number | AdamOptions): AdamW {
  return new AdamW(options);
}
