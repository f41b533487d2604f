import * as tf from '@tessera/core';
import type { Tensor, Variable } from '@tessera/core';
import { Layer } from '../engine/layer.js';
import type { LayerArgs } from '../engine/layer.js';
import { getActivation } from '../activations.js';
import type { ActivationFn } from '../activations.js';
import type { InitializerIdentifier } from '../initializers.js';
import { getRegularizer } from '../regularizers.js';
import type { Regularizer, RegularizerIdentifier } from '../regularizers.js';
import type { ConstraintIdentifier } from '../constraints.js';
import { serializeOptional } from '../core/serialize.js';
import { formatShape } from '../errors.js';
import type { LayerShape } from '../shape.js';
import { WeightSpec } from './weight-spec.js';
import {
  channelAxis,
  checkBool,
  checkStridesDilation,
  convOutputLength,
  standardizeDataFormat,
  standardizePadding,
  standardizeTuple,
} from './conv-utils.js';
import type { ConvPadding, DataFormat } from './conv-utils.js';

/** Arguments every convolution layer takes (Keras names in camelCase, as tfjs-layers spells them). */
export interface ConvBaseArgs extends LayerArgs {
  kernelSize: number | number[];
  strides?: number | number[];
  padding?: ConvPadding | 'causal';
  dataFormat?: DataFormat;
  dilationRate?: number | number[];
  activation?: string | ActivationFn | null;
  useBias?: boolean;
  biasInitializer?: InitializerIdentifier;
  biasRegularizer?: RegularizerIdentifier | null;
  biasConstraint?: ConstraintIdentifier | null;
  activityRegularizer?: RegularizerIdentifier | null;
}

/**
 * What Conv1D/2D, Conv2DTranspose, DepthwiseConv2D and SeparableConv2D share: the window arguments, the bias, the
 * activation and the activity penalty. Subclasses create their kernels and run their op.
 */
export abstract class ConvLayerBase extends Layer {
  readonly rank: number;
  readonly kernelSize: number[];
  readonly strides: number[];
  readonly padding: ConvPadding | 'causal';
  readonly dataFormat: DataFormat;
  readonly dilationRate: number[];
  readonly activation: { name: string; fn: ActivationFn };
  readonly useBias: boolean;
  readonly activityRegularizer: Regularizer | null;
  protected readonly biasSpec: WeightSpec;
  bias: Variable | null = null;

  constructor(rank: number, args: ConvBaseArgs, opts: { allowCausal?: boolean } = {}) {
    super(args);
    args ??= {} as ConvBaseArgs;
    this.rank = rank;
    this.kernelSize = standardizeTuple(args.kernelSize, rank, 'kernel_size');
    this.strides = standardizeTuple(args.strides ?? 1, rank, 'strides');
    this.dilationRate = standardizeTuple(args.dilationRate ?? 1, rank, 'dilation_rate');
    this.padding = standardizePadding(args.padding ?? 'valid', opts.allowCausal ?? false);
    this.dataFormat = standardizeDataFormat(args.dataFormat);
    this.activation = getActivation(args.activation ?? null);
    this.useBias = checkBool('use_bias', args.useBias, true);
    this.biasSpec = new WeightSpec('bias', { initializer: args.biasInitializer, regularizer: args.biasRegularizer, constraint: args.biasConstraint }, 'zeros');
    this.activityRegularizer = getRegularizer(args.activityRegularizer, 'activity_regularizer');
    this.inputSpec = { ndim: rank + 2 };
  }

  protected checkStridesDilation(): void {
    checkStridesDilation(this.strides, this.dilationRate);
  }

  /** After build: the channel count is fixed too. */
  protected fixChannels(channels: number): void {
    this.inputSpec = { ndim: this.rank + 2, axes: { [channelAxis(this.rank + 2, this.dataFormat)]: channels } };
  }

  protected addBias(size: number): void {
    if (this.useBias) this.bias = this.addWeight('bias', [size], this.biasSpec.options);
  }

  /** Adds the bias (on the channel axis), applies the activation and records the activity penalty. */
  protected finish(y: Tensor): Tensor {
    let out = y;
    if (this.bias) {
      const b = this.dataFormat === 'channels_last' ? this.bias : tf.reshape(this.bias, [1, this.bias.size, ...new Array<number>(this.rank).fill(1)]);
      out = tf.add(out, b);
    }
    out = this.activation.fn(out);
    if (this.activityRegularizer) this.callLosses.push(tf.div(this.activityRegularizer.apply(out), out.shape[0] ?? 1));
    return out;
  }

  /** Spatial output dims of a forward convolution; a negative size is an error in Keras's words. */
  protected convSpatialOutput(inputShape: LayerShape, spatial: (number | null)[], kernelShape: (number | null)[]): (number | null)[] {
    const out = spatial.map((d, i) => convOutputLength(d, this.kernelSize[i]!, this.strides[i]!, this.padding, this.dilationRate[i]!));
    if (out.some((d) => d !== null && d < 0)) {
      throw new Error(
        `Computed output size would be negative. Received \`inputs shape=${formatShape(inputShape)}\`, \`kernel shape=${formatShape(kernelShape)}\`, \`dilation_rate=${formatShape(this.dilationRate)}\`.`,
      );
    }
    return out;
  }

  /** Config entries every convolution has, in Keras's order. */
  protected windowConfig(): Record<string, unknown> {
    return {
      kernelSize: [...this.kernelSize],
      strides: [...this.strides],
      padding: this.padding,
      dataFormat: this.dataFormat,
      dilationRate: [...this.dilationRate],
    };
  }

  protected activationConfig(): Record<string, unknown> {
    return { activation: this.activation.name, useBias: this.useBias };
  }

  protected activityConfig(): Record<string, unknown> {
    return { activityRegularizer: serializeOptional(this.activityRegularizer) };
  }
}
