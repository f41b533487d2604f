import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import { invalidArgument } from '../errors.js';
import { Layer } from '../engine/layer.js';
import type { CallArgs, LayerArgs } from '../engine/layer.js';
import { getInitializer, serializeInitializer } from '../initializers.js';
import type { InitializerIdentifier } from '../initializers.js';
import { getRegularizer } from '../regularizers.js';
import type { RegularizerIdentifier } from '../regularizers.js';
import { getConstraint } from '../constraints.js';
import type { ConstraintIdentifier } from '../constraints.js';
import type { LayerShape } from '../shape.js';
import { singleShape } from '../shape.js';
import { serializeOptional } from '../core/serialize.js';

export interface LayerNormalizationArgs extends LayerArgs {
  axis?: number | number[];
  epsilon?: number;
  center?: boolean;
  scale?: boolean;
  betaInitializer?: InitializerIdentifier;
  gammaInitializer?: InitializerIdentifier;
  betaRegularizer?: RegularizerIdentifier | null;
  gammaRegularizer?: RegularizerIdentifier | null;
  betaConstraint?: ConstraintIdentifier | null;
  gammaConstraint?: ConstraintIdentifier | null;
}

/** Normalises each sample over `axis` (default the last), with learned scale and offset (Keras's LayerNormalization). */
export class LayerNormalization extends Layer {
  static override className = 'LayerNormalization';
  readonly axis: number[];
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  private readonly args: LayerNormalizationArgs;
  gamma: tf.Variable | null = null;
  beta: tf.Variable | null = null;

  constructor(args: LayerNormalizationArgs = {}) {
    super(args);
    const axis = args.axis ?? -1;
    this.axis = typeof axis === 'number' ? [axis] : [...axis];
    if (this.axis.length === 0 || this.axis.some((a) => !Number.isInteger(a))) throw invalidArgument('axis', 'an integer or a non-empty list of integers', args.axis);
    this.epsilon = args.epsilon ?? 1e-3;
    if (!(this.epsilon > 0)) throw invalidArgument('epsilon', 'a positive float', args.epsilon);
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
    this.args = args;
    this.supportsMasking = true;
  }

  private axes(rank: number): number[] {
    return this.axis.map((a) => {
      const r = a < 0 ? rank + a : a;
      if (r < 0 || r >= rank) throw new Error(`Layer "${this.name}": invalid axis ${a} for an input of rank ${rank}.`);
      return r;
    }).sort((x, y) => x - y);
  }

  override build(inputShape: LayerShape | LayerShape[]): void {
    const shape = singleShape(inputShape, this.name);
    const axes = this.axes(shape.length);
    const paramShape = axes.map((a) => {
      const d = shape[a];
      if (d === null || d === undefined) throw new Error(`Layer "${this.name}": axis ${a} of the input shape must be defined.`);
      return d;
    });
    const a = this.args;
    if (this.scale) this.gamma = this.addWeight('gamma', paramShape, { initializer: a.gammaInitializer ?? 'ones', regularizer: a.gammaRegularizer, constraint: a.gammaConstraint });
    if (this.center) this.beta = this.addWeight('beta', paramShape, { initializer: a.betaInitializer ?? 'zeros', regularizer: a.betaRegularizer, constraint: a.betaConstraint });
    this.built = true;
  }

  call(inputs: Tensor | Tensor[], _kwargs: CallArgs): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const axes = this.axes(x.rank);
    const bshape = x.shape.map((d, i) => (axes.includes(i) ? d : 1));
    const { mean, variance } = tf.moments(x, axes, true);
    return tf.batchNorm(x, mean, variance, this.beta?.reshape(bshape), this.gamma?.reshape(bshape), this.epsilon);
  }

  override getConfig() {
    const a = this.args;
    return {
      ...super.getConfig(),
      axis: this.axis.length === 1 ? this.axis[0] : this.axis,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      betaInitializer: serializeInitializer(getInitializer(a.betaInitializer ?? 'zeros')),
      gammaInitializer: serializeInitializer(getInitializer(a.gammaInitializer ?? 'ones')),
      betaRegularizer: serializeOptional(getRegularizer(a.betaRegularizer)),
      gammaRegularizer: serializeOptional(getRegularizer(a.gammaRegularizer)),
      betaConstraint: serializeOptional(getConstraint(a.betaConstraint)),
      gammaConstraint: serializeOptional(getConstraint(a.gammaConstraint)),
    };
  }
}
