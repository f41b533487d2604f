import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import { invalidArgument } from './errors.js';
import { canonicalClassName } from './initializers.js';

/** Keras constraints: projections applied to a weight after each optimizer step. */
export abstract class Constraint {
  abstract readonly className: string;
  abstract apply(w: Tensor): Tensor;
  getConfig(): Record<string, unknown> {
    return {};
  }
}

const EPS = 1e-7;

function norms(w: Tensor, axis: number | number[]): Tensor {
  return tf.sqrt(tf.sum(tf.square(w), axis, true));
}

export class MaxNorm extends Constraint {
  readonly className = 'MaxNorm';
  readonly maxValue: number;
  readonly axis: number | number[];
  constructor(args: { maxValue?: number; axis?: number | number[] } = {}) {
    super();
    this.maxValue = args.maxValue ?? 2;
    this.axis = args.axis ?? 0;
  }
  apply(w: Tensor): Tensor {
    return tf.tidy(() => {
      const n = norms(w, this.axis);
      const desired = tf.clipByValue(n, 0, this.maxValue);
      return w.mul(desired.div(n.add(EPS)));
    });
  }
  override getConfig() {
    return { maxValue: this.maxValue, axis: this.axis };
  }
}

export class UnitNorm extends Constraint {
  readonly className = 'UnitNorm';
  readonly axis: number | number[];
  constructor(args: { axis?: number | number[] } = {}) {
    super();
    this.axis = args.axis ?? 0;
  }
  apply(w: Tensor): Tensor {
    return tf.tidy(() => w.div(norms(w, this.axis).add(EPS)));
  }
  override getConfig() {
    return { axis: this.axis };
  }
}

export class NonNeg extends Constraint {
  readonly className = 'NonNeg';
  apply(w: Tensor): Tensor {
    return tf.tidy(() => w.mul(tf.cast(tf.greaterEqual(w, 0), w.dtype)));
  }
}

export class MinMaxNorm extends Constraint {
  readonly className = 'MinMaxNorm';
  readonly minValue: number;
  readonly maxValue: number;
  readonly rate: number;
  readonly axis: number | number[];
  constructor(args: { minValue?: number; maxValue?: number; rate?: number; axis?: number | number[] } = {}) {
    super();
    this.minValue = args.minValue ?? 0;
    this.maxValue = args.maxValue ?? 1;
    this.rate = args.rate ?? 1;
    this.axis = args.axis ?? 0;
  }
  apply(w: Tensor): Tensor {
    return tf.tidy(() => {
      const n = norms(w, this.axis);
      const desired = tf.clipByValue(n, this.minValue, this.maxValue).mul(this.rate).add(n.mul(1 - this.rate));
      return w.mul(desired.div(n.add(EPS)));
    });
  }
  override getConfig() {
    return { minValue: this.minValue, maxValue: this.maxValue, rate: this.rate, axis: this.axis };
  }
}

export type ConstraintIdentifier = string | Constraint | { className: string; config?: Record<string, unknown> };
const CLASSES: Record<string, new (args?: never) => Constraint> = { MaxNorm, UnitNorm, NonNeg, MinMaxNorm };

export function getConstraint(id: ConstraintIdentifier | null | undefined, argName = 'constraint'): Constraint | null {
  if (id === null || id === undefined) return null;
  if (id instanceof Constraint) return id;
  const cls = CLASSES[typeof id === 'string' ? canonicalClassName(id) : id.className];
  if (!cls) throw invalidArgument(argName, `a constraint or one of ${Object.keys(CLASSES).join(', ')}`, id);
  return new cls((typeof id === 'object' ? id.config ?? {} : {}) as never);
}

export const constraints = {
  maxNorm: (a: ConstructorParameters<typeof MaxNorm>[0] = {}) => new MaxNorm(a),
  unitNorm: (a: ConstructorParameters<typeof UnitNorm>[0] = {}) => new UnitNorm(a),
  nonNeg: () => new NonNeg(),
  minMaxNorm: (a: ConstructorParameters<typeof MinMaxNorm>[0] = {}) => new MinMaxNorm(a),
};
