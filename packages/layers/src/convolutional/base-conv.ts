import * as tf from '@tessera/core';
import type { Tensor, Variable } from '@tessera/core';
import type { CallArgs } from '../engine/layer.js';
import type { InitializerIdentifier } from '../initializers.js';
import type { RegularizerIdentifier } from '../regularizers.js';
import type { ConstraintIdentifier } from '../constraints.js';
import { formatShape, invalidArgument } from '../errors.js';
import type { LayerShape } from '../shape.js';
import { singleShape } from '../shape.js';
import { ConvLayerBase } from './conv-layer-base.js';
import type { ConvBaseArgs } from './conv-layer-base.js';
import { WeightSpec } from './weight-spec.js';
import { assembleShape, channelAxis, knownChannels, spatialDims } from './conv-utils.js';

export interface ConvArgs extends ConvBaseArgs {
  filters: number;
  /** Input channels and filters are split into this many groups, each convolved separately (Keras's groups). */
  groups?: number;
  kernelInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  kernelConstraint?: ConstraintIdentifier | null;
}

/**
 * Keras's BaseConv: kernel [...kernelSize, inChannels / groups, filters], bias [filters]. Defaults as Keras:
 * glorot_uniform kernel (tfjs uses glorotNormal), zeros bias, strides 1, 'valid', channels_last.
 */
export abstract class BaseConv extends ConvLayerBase {
  readonly filters: number;
  readonly groups: number;
  protected readonly kernelSpec: WeightSpec;
  kernel: Variable | null = null;

  constructor(rank: number, args: ConvArgs, opts: { allowCausal?: boolean } = {}) {
    super(rank, args, opts);
    args ??= {} as ConvArgs;
    const { filters, groups = 1 } = args;
    if (typeof filters !== 'number' || !Number.isInteger(filters) || filters <= 0) {
      throw invalidArgument('filters', 'a strictly positive integer', filters);
    }
    if (typeof groups !== 'number' || !Number.isInteger(groups) || groups <= 0) {
      throw new Error(`The number of groups must be a positive integer. Received: groups=${String(groups)}.`);
    }
    if (filters % groups !== 0) {
      throw new Error(`The number of filters must be evenly divisible by the number of groups. Received: groups=${groups}, filters=${filters}.`);
    }
    this.filters = filters;
    this.groups = groups;
    this.checkStridesDilation();
    this.kernelSpec = new WeightSpec(
      'kernel',
      { initializer: args.kernelInitializer, regularizer: args.kernelRegularizer, constraint: args.kernelConstraint },
      'glorot_uniform',
    );
  }

  /** The convolution of one group (all channels when groups = 1). */
  protected abstract convolutionOp(x: Tensor, kernel: Tensor): Tensor;

  override build(inputShape: LayerShape | LayerShape[]): void {
    const shape = singleShape(inputShape, this.name);
    const channels = knownChannels(shape, this.dataFormat, this.name);
    if (channels % this.groups !== 0) {
      throw new Error(
        `The number of input channels must be evenly divisible by the number of groups. Received groups=${this.groups}, but the input has ${channels} channels (full input shape is ${formatShape(shape)}).`,
      );
    }
    this.computeOutputShape(shape);
    this.kernel = this.addWeight('kernel', [...this.kernelSize, channels / this.groups, this.filters], this.kernelSpec.options);
    this.addBias(this.filters);
    this.fixChannels(channels);
    this.built = true;
  }

  call(inputs: Tensor | Tensor[], _kwargs: CallArgs): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    let y: Tensor;
    if (this.groups === 1) {
      y = this.convolutionOp(x, this.kernel!);
    } else {
      // Group g sees input channels [g·C/G, (g+1)·C/G) and owns filters [g·F/G, (g+1)·F/G).
      const axis = channelAxis(x.rank, this.dataFormat);
      const xs = tf.split(x, this.groups, axis);
      const ks = tf.split(this.kernel!, this.groups, -1);
      y = tf.concat(xs.map((xg, g) => this.convolutionOp(xg, ks[g]!)), axis);
    }
    return this.finish(y);
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
      filters: this.filters,
      ...this.windowConfig(),
      groups: this.groups,
      ...this.activationConfig(),
      ...this.kernelSpec.initializerConfig(),
      ...this.biasSpec.initializerConfig(),
      ...this.kernelSpec.regularizerConfig(),
      ...this.biasSpec.regularizerConfig(),
      ...this.activityConfig(),
      ...this.kernelSpec.constraintConfig(),
      ...this.biasSpec.constraintConfig(),
    };
  }
}
