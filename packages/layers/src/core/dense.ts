import * as tf from '@tessera/core';
import type { FusedActivation, Tensor } from '@tessera/core';
import { checkPositiveInt } from '../errors.js';
import { Layer } from '../engine/layer.js';
import type { CallArgs, LayerArgs } from '../engine/layer.js';
import { getActivation } from '../activations.js';
import type { ActivationFn } from '../activations.js';
import { getInitializer, serializeInitializer } from '../initializers.js';
import type { InitializerIdentifier } from '../initializers.js';
import { getRegularizer } from '../regularizers.js';
import type { RegularizerIdentifier } from '../regularizers.js';
import { getConstraint } from '../constraints.js';
import type { ConstraintIdentifier } from '../constraints.js';
import type { LayerShape } from '../shape.js';
import { singleShape } from '../shape.js';
import { serializeOptional } from './serialize.js';

export interface DenseArgs extends LayerArgs {
  units: number;
  activation?: string | ActivationFn | null;
  useBias?: boolean;
  kernelInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  activityRegularizer?: RegularizerIdentifier | null;
  kernelConstraint?: ConstraintIdentifier | null;
  biasConstraint?: ConstraintIdentifier | null;
}

const FUSABLE = new Set(['linear', 'relu', 'relu6', 'sigmoid', 'tanh', 'elu']);

/**
 * output = activation(inputs · kernel + bias) on the last axis. Keras defaults: glorot_uniform kernel (tfjs uses
 * glorotNormal), zeros bias.
 */
export class Dense extends Layer {
  static override className = 'Dense';
  readonly units: number;
  readonly activation: { name: string; fn: ActivationFn };
  readonly useBias: boolean;
  private readonly args: DenseArgs;
  kernel: tf.Variable | null = null;
  bias: tf.Variable | null = null;

  constructor(args: DenseArgs) {
    super(args);
    this.units = checkPositiveInt('units', args.units);
    this.activation = getActivation(args.activation ?? null);
    this.useBias = args.useBias ?? true;
    // validate identifiers now, so a bad name fails at construction (as Keras)
    getInitializer(args.kernelInitializer ?? 'glorot_uniform', 'kernel_initializer');
    getInitializer(args.biasInitializer ?? 'zeros', 'bias_initializer');
    getRegularizer(args.kernelRegularizer, 'kernel_regularizer');
    getRegularizer(args.biasRegularizer, 'bias_regularizer');
    getConstraint(args.kernelConstraint, 'kernel_constraint');
    getConstraint(args.biasConstraint, 'bias_constraint');
    this.args = args;
    this.inputSpec = { minNdim: 2 };
    this.supportsMasking = true;
  }

  override build(inputShape: LayerShape | LayerShape[]): void {
    const shape = singleShape(inputShape, this.name);
    const inDim = shape[shape.length - 1];
    if (inDim === null || inDim === undefined) {
      throw new Error(`Layer "${this.name}": the last dimension of the inputs to a Dense layer should be defined. Found None. Full input shape received: (${shape.map((d) => d ?? 'None').join(', ')})`);
    }
    this.kernel = this.addWeight('kernel', [inDim, this.units], {
      initializer: this.args.kernelInitializer ?? 'glorot_uniform',
      regularizer: this.args.kernelRegularizer,
      constraint: this.args.kernelConstraint,
    });
    if (this.useBias) {
      this.bias = this.addWeight('bias', [this.units], {
        initializer: this.args.biasInitializer ?? 'zeros',
        regularizer: this.args.biasRegularizer,
        constraint: this.args.biasConstraint,
      });
    }
    this.inputSpec = { minNdim: 2, axes: { [-1]: inDim } };
    this.built = true;
  }

  call(inputs: Tensor | Tensor[], _kwargs: CallArgs): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const act = this.activation.name;
    let out: Tensor;
    if (FUSABLE.has(act)) {
      out = tf.fused.matMul({ a: x, b: this.kernel!, bias: this.bias ?? undefined, activation: act as FusedActivation });
    } else {
      const z = tf.matMul(x, this.kernel!);
      out = this.activation.fn(this.bias ? z.add(this.bias) : z);
    }
    const reg = getRegularizer(this.args.activityRegularizer);
    if (reg) this.callLosses.push(tf.div(reg.apply(out), out.shape[0] ?? 1));
    return out;
  }

  override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
    const shape = singleShape(inputShape, this.name);
    return [...shape.slice(0, -1), this.units];
  }

  override getConfig() {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: this.activation.name,
      useBias: this.useBias,
      kernelInitializer: serializeInitializer(getInitializer(this.args.kernelInitializer ?? 'glorot_uniform')),
      biasInitializer: serializeInitializer(getInitializer(this.args.biasInitializer ?? 'zeros')),
      kernelRegularizer: serializeOptional(getRegularizer(this.args.kernelRegularizer)),
      biasRegularizer: serializeOptional(getRegularizer(this.args.biasRegularizer)),
      activityRegularizer: serializeOptional(getRegularizer(this.args.activityRegularizer)),
      kernelConstraint: serializeOptional(getConstraint(this.args.kernelConstraint)),
      biasConstraint: serializeOptional(getConstraint(this.args.biasConstraint)),
    };
  }
}
