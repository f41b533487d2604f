import * as tf from '@tessera/core';
import type { Tensor, Variable } from '@tessera/core';
import type { CallArgs } from '../engine/layer.js';
import type { InitializerIdentifier } from '../initializers.js';
import type { RegularizerIdentifier } from '../regularizers.js';
import type { ConstraintIdentifier } from '../constraints.js';
import { invalidArgument } from '../errors.js';
import type { LayerShape } from '../shape.js';
import { singleShape } from '../shape.js';
import { ConvLayerBase } from './conv-layer-base.js';
import type { ConvBaseArgs } from './conv-layer-base.js';
import { WeightSpec } from './weight-spec.js';
import { assembleShape, channelAxis, knownChannels, spatialDims } from './conv-utils.js';

export interface DepthwiseConv2DArgs extends ConvBaseArgs {
  /** Output channels per input channel. Default 1. */
  depthMultiplier?: number;
  depthwiseInitializer?: InitializerIdentifier;
  depthwiseRegularizer?: RegularizerIdentifier | null;
  depthwiseConstraint?: ConstraintIdentifier | null;
}

export function checkDepthMultiplier(v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw invalidArgument('depth_multiplier', 'a strictly positive integer', v);
  return v;
}

/**
 * Depthwise 2-D convolution: each input channel is convolved with its own `depthMultiplier` filters; kernel
 * [kh, kw, inChannels, depthMultiplier] (weight path `<name>/kernel` as Keras 3; tfjs and Keras 2 call it
 * depthwise_kernel), bias [inChannels · depthMultiplier]. Default initializer glorot_uniform (tfjs: glorotNormal).
 */
export class DepthwiseConv2D extends ConvLayerBase {
  static override className = 'DepthwiseConv2D';
  readonly depthMultiplier: number;
  protected readonly depthwiseSpec: WeightSpec;
  kernel: Variable | null = null;

  constructor(args: DepthwiseConv2DArgs) {
    super(2, args);
    args ??= {} as DepthwiseConv2DArgs;
    this.depthMultiplier = checkDepthMultiplier(args.depthMultiplier ?? 1);
    this.checkStridesDilation();
    this.depthwiseSpec = new WeightSpec(
      'depthwise',
      { initializer: args.depthwiseInitializer, regularizer: args.depthwiseRegularizer, constraint: args.depthwiseConstraint },
      'glorot_uniform',
    );
  }

  override build(inputShape: LayerShape | LayerShape[]): void {
    const shape = singleShape(inputShape, this.name);
    const channels = knownChannels(shape, this.dataFormat, this.name);
    this.computeOutputShape(shape);
    this.kernel = this.addWeight('kernel', [...this.kernelSize, channels, this.depthMultiplier], this.depthwiseSpec.options);
    this.addBias(channels * this.depthMultiplier);
    this.fixChannels(channels);
    this.built = true;
  }

  call(inputs: Tensor | Tensor[], _kwargs: CallArgs): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const [sh, sw] = this.strides as [number, number];
    const [dh, dw] = this.dilationRate as [number, number];
    const pad = this.padding === 'same' ? 'same' : 'valid';
    return this.finish(tf.depthwiseConv2d(x, this.kernel!, [sh, sw], pad, this.dataFormat === 'channels_last' ? 'NHWC' : 'NCHW', [dh, dw]));
  }

  override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
    const shape = singleShape(inputShape, this.name);
    const channels = shape[channelAxis(shape.length, this.dataFormat)] ?? null;
    const outChannels = channels === null ? null : channels * this.depthMultiplier;
    const spatial = this.convSpatialOutput(shape, spatialDims(shape, this.dataFormat), [...this.kernelSize, channels, outChannels]);
    return assembleShape(shape[0] ?? null, spatial, outChannels, this.dataFormat);
  }

  override getConfig() {
    return {
      ...super.getConfig(),
      depthMultiplier: this.depthMultiplier,
      ...this.windowConfig(),
      ...this.activationConfig(),
      ...this.depthwiseSpec.initializerConfig(),
      ...this.biasSpec.initializerConfig(),
      ...this.depthwiseSpec.regularizerConfig(),
      ...this.biasSpec.regularizerConfig(),
      ...this.activityConfig(),
      ...this.depthwiseSpec.constraintConfig(),
      ...this.biasSpec.constraintConfig(),
    };
  }
}
