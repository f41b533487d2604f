import * as tf from '@tessera/core';
import type { Tensor, Variable } from '@tessera/core';
import type { CallArgs } from '../engine/layer.js';
import type { InitializerIdentifier } from '../initializers.js';
import type { RegularizerIdentifier } from '../regularizers.js';
import type { ConstraintIdentifier } from '../constraints.js';
import { formatValue, invalidArgument } from '../errors.js';
import type { LayerShape } from '../shape.js';
import { singleShape } from '../shape.js';
import { ConvLayerBase } from './conv-layer-base.js';
import type { ConvBaseArgs } from './conv-layer-base.js';
import { WeightSpec } from './weight-spec.js';
import { assembleShape, deconvOutputLength, knownChannels, spatialDims, standardizeTuple } from './conv-utils.js';

export interface Conv2DTransposeArgs extends ConvBaseArgs {
  filters: number;
  /** Extra rows/cols added to one side of the output; each must be < the stride. Default: inferred (null). */
  outputPadding?: number | number[] | null;
  kernelInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  kernelConstraint?: ConstraintIdentifier | null;
}

/**
 * Transposed 2-D convolution (Keras's Conv2DTranspose): kernel [kh, kw, filters, inChannels], output size
 * (in − 1)·stride + max(kernel, stride) for 'valid' and in·stride for 'same' unless `outputPadding` is given.
 * Computed as TensorFlow does (conv2dTranspose to that output shape); dilation runs on a zero-dilated kernel.
 */
export class Conv2DTranspose extends ConvLayerBase {
  static override className = 'Conv2DTranspose';
  readonly filters: number;
  readonly outputPadding: number[] | null;
  protected readonly kernelSpec: WeightSpec;
  kernel: Variable | null = null;

  constructor(args: Conv2DTransposeArgs) {
    super(2, args);
    args ??= {} as Conv2DTransposeArgs;
    const { filters } = args;
    if (typeof filters !== 'number' || !Number.isInteger(filters) || filters <= 0) {
      throw invalidArgument('filters', 'a strictly positive integer', filters);
    }
    this.filters = filters;
    this.outputPadding = args.outputPadding === undefined || args.outputPadding === null ? null : standardizeTuple(args.outputPadding, 2, 'output_padding', true);
    if (this.outputPadding && this.outputPadding.some((p, i) => p >= this.strides[i]!)) {
      throw new Error(`\`output_padding\` must be < \`strides\`. output_padding=${formatValue(this.outputPadding)}, strides=${formatValue(this.strides)}`);
    }
    this.checkStridesDilation();
    this.kernelSpec = new WeightSpec(
      'kernel',
      { initializer: args.kernelInitializer, regularizer: args.kernelRegularizer, constraint: args.kernelConstraint },
      'glorot_uniform',
    );
  }

  override build(inputShape: LayerShape | LayerShape[]): void {
    const shape = singleShape(inputShape, this.name);
    const channels = knownChannels(shape, this.dataFormat, this.name);
    this.kernel = this.addWeight('kernel', [...this.kernelSize, this.filters, channels], this.kernelSpec.options);
    this.addBias(this.filters);
    this.fixChannels(channels);
    this.built = true;
  }

  private outputSpatial(spatial: (number | null)[]): (number | null)[] {
    return spatial.map((d, i) =>
      deconvOutputLength(d, this.kernelSize[i]!, this.strides[i]!, this.padding, this.outputPadding?.[i] ?? null, this.dilationRate[i]!),
    );
  }

  /** kernel with dilation − 1 zeros between taps, so a plain transposed convolution applies it dilated. */
  private dilatedKernel(): Tensor {
    const k = this.kernel!;
    const [dh, dw] = this.dilationRate as [number, number];
    if (dh === 1 && dw === 1) return k;
    const [kh, kw, o, i] = k.shape as [number, number, number, number];
    const spread = tf.pad(tf.reshape(k, [kh, 1, kw, 1, o, i]), [[0, 0], [0, dh - 1], [0, 0], [0, dw - 1], [0, 0], [0, 0]]);
    return tf.slice(tf.reshape(spread, [kh * dh, kw * dw, o, i]), [0, 0, 0, 0], [(kh - 1) * dh + 1, (kw - 1) * dw + 1, o, i]);
  }

  call(inputs: Tensor | Tensor[], _kwargs: CallArgs): Tensor {
    let x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const first = this.dataFormat === 'channels_first';
    if (first) x = tf.transpose(x, [0, 2, 3, 1]);
    const [n, h, w] = x.shape as [number, number, number, number];
    const [oh, ow] = this.outputSpatial([h, w]) as [number, number];
    const [sh, sw] = this.strides as [number, number];
    const pad = this.padding === 'same' ? 'same' : 'valid';
    let y = tf.conv2dTranspose(x, this.dilatedKernel(), [n, oh, ow, this.filters], [sh, sw], pad);
    if (first) y = tf.transpose(y, [0, 3, 1, 2]);
    return this.finish(y);
  }

  override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
    const shape = singleShape(inputShape, this.name);
    return assembleShape(shape[0] ?? null, this.outputSpatial(spatialDims(shape, this.dataFormat)), this.filters, this.dataFormat);
  }

  override getConfig() {
    return {
      ...super.getConfig(),
      filters: this.filters,
      ...this.windowConfig(),
      outputPadding: this.outputPadding ? [...this.outputPadding] : null,
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
