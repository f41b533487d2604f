import type { Tensor } from '@tessera/core';
import { add, div, mul, sqrt, square, sub, tidy } from '@tessera/core';
import type { OptimizerOptions, StepScalars, UpdateResult } from './optimizer.js';
import { Optimizer, parseOptions } from './optimizer.js';
import { checkBoolean, checkNumber } from './validate.js';

export interface RMSpropHyper {
  rho: number;
  momentum: number;
  epsilon: number;
  centered: boolean;
}

/**
 * Keras 3's RMSprop step: v ← ρ·v + (1-ρ)·g²; centered also a ← ρ·a + (1-ρ)·g and v - a² replaces v; then
 * increment = lr·g / sqrt(v + ε) (ε inside the square root, as in Keras 3 and tfjs); with momentum
 * m ← momentum·m + increment and x ← x - m, else x ← x - increment. Slots: [velocity, momentum?, average_gradient?].
 * (tfjs's centered variant computes sqrt(v - (a² + ε)), subtracting ε; Tessera follows Keras.)
 */
export function rmspropUpdate(x: Tensor, g: Tensor, slots: readonly Tensor[], s: StepScalars & RMSpropHyper): UpdateResult {
  return tidy(() => {
    let k = 0;
    const v = add(mul(slots[k++]!, s.rho), mul(square(g), 1 - s.rho));
    const m0 = s.momentum > 0 ? slots[k++]! : null;
    let a: Tensor | null = null;
    let denominator: Tensor;
    if (s.centered) {
      a = add(mul(slots[k++]!, s.rho), mul(g, 1 - s.rho));
      denominator = add(sub(v, square(a)), s.epsilon);
    } else {
      denominator = add(v, s.epsilon);
    }
    const increment = div(mul(g, s.lr), sqrt(denominator));
    const out: Tensor[] = [v];
    let x1: Tensor;
    if (m0) {
      const m = add(mul(m0, s.momentum), increment);
      out.push(m);
      x1 = sub(x, m);
    } else {
      x1 = sub(x, increment);
    }
    if (a) out.push(a);
    return { x: x1, slots: out };
  });
}

export interface RMSpropOptions extends OptimizerOptions {
  /** Discount of the squared-gradient average (default 0.9). */
  rho?: number;
  momentum?: number;
  epsilon?: number;
  centered?: boolean;
}

/** Keras defaults: learningRate 0.001, rho 0.9, momentum 0, epsilon 1e-7, centered false. */
export class RMSprop extends Optimizer {
  readonly className = 'RMSprop';
  readonly rho: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;

  constructor(options?: number | RMSpropOptions) {
    const o = parseOptions<RMSpropOptions>(options, ['rho', 'momentum', 'epsilon', 'centered'], 'RMSprop');
    super(o, { learningRate: 0.001, name: 'rmsprop' }, 'RMSprop');
    this.rho = checkNumber(o.rho ?? 0.9, 'rho', 'RMSprop', { min: 0, max: 1 });
    this.momentum = checkNumber(o.momentum ?? 0, 'momentum', 'RMSprop', { min: 0 });
    this.epsilon = checkNumber(o.epsilon ?? 1e-7, 'epsilon', 'RMSprop', { min: 0 });
    this.centered = checkBoolean(o.centered ?? false, 'centered', 'RMSprop');
  }

  protected slotNames(): readonly string[] {
    return ['velocity', ...(this.momentum > 0 ? ['momentum'] : []), ...(this.centered ? ['average_gradient'] : [])];
  }

  protected updateStep(x: Tensor, g: Tensor, slots: readonly Tensor[], s: StepScalars): UpdateResult {
    return rmspropUpdate(x, g, slots, { ...s, rho: this.rho, momentum: this.momentum, epsilon: this.epsilon, centered: this.centered });
  }

  protected hyperparameters(): Record<string, unknown> {
    return { rho: this.rho, momentum: this.momentum, epsilon: this.epsilon, centered: this.centered };
  }
}

export function rmsprop(options?: number | RMSpropOptions): RMSprop {
  return new RMSprop(options);
}
