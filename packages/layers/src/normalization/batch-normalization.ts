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

export interface BatchNormalizationArgs extends LayerArgs {
  axis?: number;
  momentum?: number;
  epsilon?: number;
  center?: boolean;
  scale?: boolean;
  betaInitializer?: InitializerIdentifier;
  gammaInitializer?: InitializerIdentifier;
  movingMeanInitializer?: InitializerIdentifier;
  movingVarianceInitializer?: InitializerIdentifier;
  betaRegularizer?: RegularizerIdentifier | null;
  gammaRegularizer?: RegularizerIdentifier | null;
  betaConstraint?: ConstraintIdentifier | null;
  gammaConstraint?: ConstraintIdentifier | null;
}

/**
 * Normalises over the batch (and all but `axis`) in training, with moving statistics for inference
 * (momentum 0.99, epsilon 1e-3, the biased batch variance — as Keras and tfjs).
 */
export class BatchNormalization extends Layer {
  static override className = 'BatchNormalization';
  readonly axis: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  private readonly args: BatchNormalizationArgs;
  gamma: tf.Variable | null = null;
  beta: tf.Variable | null = null;
  movingMean: tf.Variable | null = null;
  movingVariance: tf.Variable | null = null;

  constructor(args: BatchNormalizationArgs = {}) {
    super(args);
    this.axis = args.axis ?? -1;
    if (!Number.isInteger(this.axis)) throw invalidArgument('axis', 'an integer', args.axis);
    this.momentum = args.momentum ?? 0.99;
    if (!(this.momentum >= 0 && this.momentum <= 1)) throw invalidArgument('momentum', 'a float between 0 and 1', args.momentum);
    this.epsilon = args.epsilon ?? 1e-3;
    if (!(this.epsilon > 0)) throw invalidArgument('epsilon', 'a positive float', args.epsilon);
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
    this.args = args;
    this.supportsMasking = true;
  }

  private resolvedAxis(rank: number): number {
    const a = this.axis < 0 ? rank + this.axis : this.axis;
    if (a < 0 || a >= rank) {
      throw new Error(`Layer "${this.name}": invalid axis ${this.axis} for an input of rank ${rank}. Expected an axis in [-${rank}, ${rank - 1}].`);
    }
    return a;
  }

  override build(inputShape: LayerShape | LayerShape[]): void {
    const shape = singleShape(inputShape, this.name);
    const axis = this.resolvedAxis(shape.length);
    const dim = shape[axis];
    if (dim === null || dim === undefined) {
      throw new Error(`Layer "${this.name}": axis ${this.axis} of the input shape must be defined. Received: (${shape.map((d) => d ?? 'None').join(', ')})`);
    }
    const a = this.args;
    if (this.scale) {
      this.gamma = this.addWeight('gamma', [dim], { initializer: a.gammaInitializer ?? 'ones', regularizer: a.gammaRegularizer, constraint: a.gammaConstraint });
    }
    if (this.center) {
      this.beta = this.addWeight('beta', [dim], { initializer: a.betaInitializer ?? 'zeros', regularizer: a.betaRegularizer, constraint: a.betaConstraint });
    }
    this.movingMean = this.addWeight('moving_mean', [dim], { initializer: a.movingMeanInitializer ?? 'zeros', trainable: false });
    this.movingVariance = this.addWeight('moving_variance', [dim], { initializer: a.movingVarianceInitializer ?? 'ones', trainable: false });
    this.inputSpec = { ndim: shape.length, axes: { [axis]: dim } };
    this.built = true;
  }

  call(inputs: Tensor | Tensor[], kwargs: CallArgs): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const axis = this.resolvedAxis(x.rank);
    const reduceAxes = x.shape.map((_, i) => i).filter((i) => i !== axis);
    const bshape = x.shape.map((d, i) => (i === axis ? d : 1));
    const asB = (t: Tensor | null) => (t ? (x.rank > 1 && axis !== x.rank - 1 ? t.reshape(bshape) : t) : undefined);
    if (kwargs.training) {
      const { mean, variance } = tf.moments(x, reduceAxes, false);
      // Moving statistics follow the batch: moving = moving·momentum + batch·(1 − momentum).
      const m = this.momentum;
      this.movingMean!.assign(tf.tidy(() => this.movingMean!.mul(m).add(mean.mul(1 - m))));
      this.movingVariance!.assign(tf.tidy(() => this.movingVariance!.mul(m).add(variance.mul(1 - m))));
      return tf.batchNorm(x, asB(mean)!, asB(variance)!, asB(this.beta), asB(this.gamma), this.epsilon);
    }
    return tf.batchNorm(x, asB(this.movingMean)!, asB(this.movingVariance)!, asB(this.beta), asB(this.gamma), this.epsilon);
  }

  override getConfig() {
    const a = this.args;
    return {
      ...super.getConfig(),
      axis: this.axis,
      momentum: this.momentum,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      betaInitializer: serializeInitializer(getInitializer(a.betaInitializer ?? 'zeros')),
      gammaInitializer: serializeInitializer(getInitializer(a.gammaInitializer ?? 'ones')),
      movingMeanInitializer: serializeInitializer(getInitializer(a.movingMeanInitializer ?? 'zeros')),
      movingVarianceInitializer: serializeInitializer(getInitializer(a.movingVarianceInitializer ?? 'ones')),
      betaRegularizer: serializeOptional(getRegularizer(a.betaRegularizer)),
      gammaRegularizer: serializeOptional(getRegularizer(a.gammaRegularizer)),
      betaConstraint: serializeOptional(getConstraint(a.betaConstraint)),
      gammaConstraint: serializeOptional(getConstraint(a.gammaConstraint)),
    };
  }
}
