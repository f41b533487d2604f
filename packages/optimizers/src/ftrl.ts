import type { Tensor } from '@tessera/core';
import { add, clipByValue, div, mul, pow, square, sub, tidy } from '@tessera/core';
import type { OptimizerOptions, StepScalars, UpdateResult } from './optimizer.js';
import { Optimizer, parseOptions } from './optimizer.js';
import { checkNumber } from './validate.js';

export interface FtrlHyper {
  learningRatePower: number;
  l1RegularizationStrength: number;
  l2RegularizationStrength: number;
  l2ShrinkageRegularizationStrength: number;
  beta: number;
}

/**
 * Keras's FTRL-Proximal step (McMahan et al., 2013), with p = -learningRatePower:
 * g' = g + 2·l2Shrinkage·x, n' = n + g², z ← z + g' - (n'ᵖ - nᵖ)/lr · x,
 * x ← (clip(z, -l1, l1) - z) / (n'ᵖ/lr + 2·(l2 + β/(2·lr))), n ← n'. Slots: [accumulator, linear].
 */
export function ftrlUpdate(x: Tensor, g: Tensor, slots: readonly Tensor[], s: StepScalars & FtrlHyper): UpdateResult {
  return tidy(() => {
    const p = -s.learningRatePower;
    const l2 = s.l2RegularizationStrength + s.beta / (2 * s.lr);
    const gradToUse = add(g, mul(x, 2 * s.l2ShrinkageRegularizationStrength));
    const n = slots[0]!;
    const newN = add(n, square(g));
    const newNp = pow(newN, p);
    const z = add(slots[1]!, sub(gradToUse, mul(div(sub(newNp, pow(n, p)), s.lr), x)));
    const quadratic = add(div(newNp, s.lr), 2 * l2);
    const l1 = s.l1RegularizationStrength;
    const x1 = div(sub(clipByValue(z, -l1, l1), z), quadratic);
    return { x: x1, slots: [newN, z] };
  });
}

export interface FtrlOptions extends OptimizerOptions {
  /** <= 0 (default -0.5). */
  learningRatePower?: number;
  initialAccumulatorValue?: number;
  l1RegularizationStrength?: number;
  l2RegularizationStrength?: number;
  l2ShrinkageRegularizationStrength?: number;
  beta?: number;
}

const FTRL_KEYS = [
  'learningRatePower', 'initialAccumulatorValue', 'l1RegularizationStrength', 'l2RegularizationStrength',
  'l2ShrinkageRegularizationStrength', 'beta',
];

/** Keras defaults: learningRate 0.001, learningRatePower -0.5, initialAccumulatorValue 0.1, the rest 0. tfjs has none. */
export class Ftrl extends Optimizer {
  readonly className = 'Ftrl';
  readonly learningRatePower: number;
  readonly initialAccumulatorValue: number;
  readonly l1RegularizationStrength: number;
  readonly l2RegularizationStrength: number;
  readonly l2ShrinkageRegularizationStrength: number;
  readonly beta: number;

  constructor(options?: number | FtrlOptions) {
    const o = parseOptions<FtrlOptions>(options, FTRL_KEYS, 'Ftrl');
    super(o, { learningRate: 0.001, name: 'ftrl' }, 'Ftrl');
    this.learningRatePower = checkNumber(o.learningRatePower ?? -0.5, 'learningRatePower', 'Ftrl', { max: 0 });
    this.initialAccumulatorValue = checkNumber(o.initialAccumulatorValue ?? 0.1, 'initialAccumulatorValue', 'Ftrl', { min: 0 });
    this.l1RegularizationStrength = checkNumber(o.l1RegularizationStrength ?? 0, 'l1RegularizationStrength', 'Ftrl', { min: 0 });
    this.l2RegularizationStrength = checkNumber(o.l2RegularizationStrength ?? 0, 'l2RegularizationStrength', 'Ftrl', { min: 0 });
    this.l2ShrinkageRegularizationStrength = checkNumber(
      o.l2ShrinkageRegularizationStrength ?? 0, 'l2ShrinkageRegularizationStrength', 'Ftrl', { min: 0 },
    );
    this.beta = checkNumber(o.beta ?? 0, 'beta', 'Ftrl');
  }

  protected slotNames(): readonly string[] {
    return ['accumulator', 'linear'];
  }

  protected override initialSlotValue(slot: string): number {
    return slot === 'accumulator' ? this.initialAccumulatorValue : 0;
  }

  protected updateStep(x: Tensor, g: Tensor, slots: readonly Tensor[], s: StepScalars): UpdateResult {
    return ftrlUpdate(x, g, slots, { ...s, ...this.hyperparameters() } as StepScalars & FtrlHyper);
  }

  protected hyperparameters(): Record<string, unknown> {
    return {
      learningRatePower: this.learningRatePower,
      initialAccumulatorValue: this.initialAccumulatorValue,
      l1RegularizationStrength: this.l1RegularizationStrength,
      l2RegularizationStrength: this.l2RegularizationStrength,
      l2ShrinkageRegularizationStrength: this.l2ShrinkageRegularizationStrength,
      beta: this.beta,
    };
  }
}

export function ftrl(options?: number | FtrlOptions): Ftrl {
  return new Ftrl(options);
}
