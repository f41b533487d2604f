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
import { checkDepthMultiplier } from './depthwise-conv2d.js';

export interface SeparableConv2DArgs extends ConvBaseArgs {
  filters: number;
  depthMultiplier?: number;
  depthwiseInitializer?: InitializerIdentifier;
  pointwiseInitializer?: InitializerIdentifier;
  depthwiseRegularizer?: RegularizerIdentifier | null;
  pointwiseRegularizer?: RegularizerIdentifier | null;
  depthwiseConstraint?: ConstraintIdentifier | null;
  pointwiseConstraint?: ConstraintIdentifier | null;
}

/**
 * Depthwise then 1×1 pointwise convolution: depthwise_kernel [kh, kw, in, depthMultiplier], pointwise_kernel
 * [1, 1, in · depthMultiplier, filters], bias [filters]. Initializers default to glorot_uniform (tfjs: glorotNormal).
 */
export class SeparableConv2D extends ConvLayerBase {
  static override className = 'SeparableConv2D';
  readonly filters: number;
  readonly depthMultiplier: number;
  protected readonly depthwiseSpec: WeightSpec;
  protected readonly pointwiseSpec: WeightSpec;
  depthwiseKernel: Variable | null = null;
  pointwiseKernel: Variable | null = null;

  constructor(args: SeparableConv2DArgs) {
    super(2, args);
    args ??= {} as SeparableConv2DArgs;
    this.depthMultiplier = checkDepthMultiplier(args.depthMultiplier ?? 1);
    const { filters } = args;
    if (typeof filters !== 'number' || !Number.isInteger(filters) || filters <= 0) {
      throw invalidArgument('filters', 'a strictly positive integer', filters);
    }
    this.filters = filters;
    this.checkStridesDilation();
    this.depthwiseSpec = new WeightSpec(
      'depthwise',
      { initializer: args.depthwiseInitializer, regularizer: args.depthwiseRegularizer, constraint: args.depthwiseConstraint },
      'glorot_uniform',
    );
    this.pointwiseSpec = new WeightSpec(
      'pointwise',
      { initializer: args.pointwiseInitializer, regularizer: args.pointwiseRegularizer, constraint: args.pointwiseConstraint },
      'glorot_uniform',
    );
  }

  override build(inputShape: LayerShape | LayerShape[]): void {
    const shape = singleShape(inputShape, this.name);
    const channels = knownChannels(shape, this.dataFormat, this.name);
    this.computeOutputShape(shape);
    this.depthwiseKernel = this.addWeight('depthwise_kernel', [...this.kernelSize, channels, this.depthMultiplier], this.depthwiseSpec.options);
    this.pointwiseKernel = this.addWeight('pointwise_kernel', [1, 1, channels * this.depthMultiplier, this.filters], this.pointwiseSpec.options);
    this.addBias(this.filters);
    this.fixChannels(channels);
    this.built = true;
  }

  call(inputs: Tensor | Tensor[], _kwargs: CallArgs): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const [sh, sw] = this.strides as [number, number];
    const [dh, dw] = this.dilationRate as [number, number];
    const pad = this.padding === 'same' ? 'same' : 'valid';
    const fmt = this.dataFormat === 'channels_last' ? 'NHWC' : 'NCHW';
    return this.finish(tf.separableConv2d(x, this.depthwiseKernel!, this.pointwiseKernel!, [sh, sw], pad, [dh, dw], fmt));
  }

  override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
    const shape = singleShape(inputShape, this.name);
    const channels = shape[channelAxis(shape.length, this.dataFormat)] ?? null;
    const spatial = this.convSpatialOutput(shape, spatialDims(shape, this.dataFormat), [...this.kernelSize, channels, this.filters]);
    return assembleShape(shape[0] ?? null, spatial, this.filters, this.dataFormat);
  }

  override getConfig() {
    return {
      ...super.getConfig(),
      depthMultiplier: this.depthMultiplier,
      filters: this.filters,
      ...this.windowConfig(),
      ...this.activationConfig(),
      ...this.depthwiseSpec.initializerConfig(),
      ...this.pointwiseSpec.initializerConfig(),
      ...this.biasSpec.initializerConfig(),
      ...this.depthwiseSpec.regularizerConfig(),
      ...this.pointwiseSpec.regularizerConfig(),
      ...this.biasSpec.regularizerConfig(),
      ...this.activityConfig(),
      ...this.depthwiseSpec.constraintConfig(),
      ...this.pointwiseSpec.constraintConfig(),
      ...this.biasSpec.constraintConfig(),
    };
  }
}
