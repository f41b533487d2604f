import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import { invalidArgument } from './errors.js';
import { canonicalClassName } from './initializers.js';

/** Keras regularizers: a penalty added to the loss for a weight. */
export class L1L2 {
  readonly className: string = 'L1L2';
  readonly l1: number;
  readonly l2: number;
  constructor(args: { l1?: number; l2?: number } = {}) {
    this.l1 = args.l1 ?? 0;
    this.l2 = args.l2 ?? 0;
    if (!(this.l1 >= 0)) throw invalidArgument('l1', 'a non-negative float', this.l1);
    if (!(this.l2 >= 0)) throw invalidArgument('l2', 'a non-negative float', this.l2);
  }
  apply(x: Tensor): Tensor {
    return tf.tidy(() => {
      let p = tf.scalar(0, x.dtype);
      if (this.l1) p = p.add(x.abs().sum().mul(this.l1));
      if (this.l2) p = p.add(x.square().sum().mul(this.l2));
      return p;
    });
  }
  getConfig(): Record<string, unknown> {
    return { l1: this.l1, l2: this.l2 };
  }
}

export class L1 extends L1L2 {
  override readonly className = 'L1';
  constructor(args: { l1?: number } = {}) {
    super({ l1: args.l1 ?? 0.01 });
  }
  override getConfig() {
    return { l1: this.l1 };
  }
}

export class L2 extends L1L2 {
  override readonly className = 'L2';
  constructor(args: { l2?: number } = {}) {
    super({ l2: args.l2 ?? 0.01 });
  }
  override getConfig() {
    return { l2: this.l2 };
  }
}

export type Regularizer = L1L2;
export type RegularizerIdentifier = string | Regularizer | { className: string; config?: Record<string, unknown> };

const CLASSES: Record<string, new (args?: never) => Regularizer> = { L1L2, L1, L2 };

export function getRegularizer(id: RegularizerIdentifier | null | undefined, argName = 'regularizer'): Regularizer | null {
  if (id === null || id === undefined) return null;
  if (id instanceof L1L2) return id;
  const name = typeof id === 'string' ? canonicalClassName(id) : id.className;
  const cls = CLASSES[name === 'L1l2' ? 'L1L2' : name];
  if (!cls) throw invalidArgument(argName, `a regularizer or one of 'l1', 'l2', 'l1_l2'`, id);
  return new cls((typeof id === 'object' ? id.config ?? {} : {}) as never);
}

export const regularizers = {
  l1: (a: { l1?: number } = {}) => new L1(a),
  l2: (a: { l2?: number } = {}) => new L2(a),
  l1l2: (a: { l1?: number; l2?: number } = {}) => new L1L2(a),
};
