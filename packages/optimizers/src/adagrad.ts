import type { Tensor } from '@tessera/core';
import { add, div, mul, sqrt, square, sub, tidy } from '@tessera/core';
import type { OptimizerOptions, StepScalars, UpdateResult } from './optimizer.js';
import { Optimizer, parseOptions } from './optimizer.js';
import { checkNumber } from './validate.js';

export interface AdagradHyper {
  epsilon: number;
}

/** Keras's Adagrad step: a ← a + g², x ← x - lr·g / √(a + ε). Slots: [accumulator]. */
export function adagradUpdate(x: Tensor, g: Tensor, slots: readonly Tensor[], s: StepScalars & AdagradHyper): UpdateResult {
  return tidy(() => {
    const a = add(slots[0]!, square(g));
    return { x: sub(x, div(mul(g, s.lr), sqrt(add(a, s.epsilon)))), slots: [a] };
  });
}

export interface AdagradOptions extends OptimizerOptions {
  /** Where the accumulator starts (default 0.1, as Keras and tfjs). */
  initialAccumulatorValue?: number;
  epsilon?: number;
}

/**
 * Keras defaults: learningRate 0.001 (tfjs's 'adagrad' string gives 0.01), initialAccumulatorValue 0.1, epsilon
 * 1e-7. tfjs's AdagradOptimizer always uses ε = 1e-7 (no argument).
 */
export class Adagrad extends Optimizer {
  readonly className = 'Adagrad';
  readonly initialAccumulatorValue: number;
  readonly epsilon: number;

  constructor(options?: number | AdagradOptions) {
    const o = parseOptions<AdagradOptions>(options, ['initialAccumulatorValue', 'epsilon'], 'Adagrad');
    super(o, { learningRate: 0.001, name: 'adagrad' }, 'Adagrad');
    this.initialAccumulatorValue = checkNumber(o.initialAccumulatorValue ?? 0.1, 'initialAccumulatorValue', 'Adagrad', { min: 0 });
    this.epsilon = checkNumber(o.epsilon ?? 1e-7, 'epsilon', 'Adagrad', { min: 0 });
  }

  protected slotNames(): readonly string[] {
    return ['accumulator'];
  }

  protected override initialSlotValue(): number {
    return this.initialAccumulatorValue;
  }

  protected updateStep(x: Tensor, g: Tensor, slots: readonly Tensor[], s: StepScalars): UpdateResult {
    return adagradUpdate(x, g, slots, { ...s, epsilon: this.epsilon });
  }

  protected hyperparameters(): Record<string, unknown> {
    return { initialAccumulatorValue: this.initialAccumulatorValue, epsilon: this.epsilon };
  }
}

export function adagrad(options?: number | AdagradOptions): Adagrad {
  return new Adagrad(options);
}
