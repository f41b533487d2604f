import * as tf from '@tessera/core';
import type { DType, Tensor } from '@tessera/core';
import { Layer } from '../engine/layer.js';
import type { CallArgs, LayerArgs } from '../engine/layer.js';
import { formatShape, formatValue } from '../errors.js';
import type { LayerShape } from '../shape.js';
import { singleShape } from '../shape.js';
import { assembleShape, channelAxis, spatialDims, standardizeDataFormat, standardizePadding, standardizeTuple } from '../convolutional/conv-utils.js';
import type { ConvPadding, DataFormat } from '../convolutional/conv-utils.js';

export interface Pooling1DArgs extends LayerArgs {
  /** Window size. Default 2. */
  poolSize?: number | [number];
  /** Default: poolSize. */
  strides?: number | [number] | null;
  padding?: ConvPadding;
  dataFormat?: DataFormat;
}

export interface Pooling2DArgs extends LayerArgs {
  /** Window size. Default [2, 2]. */
  poolSize?: number | [number, number];
  /** Default: poolSize. */
  strides?: number | [number, number] | null;
  padding?: ConvPadding;
  dataFormat?: DataFormat;
}

/**
 * Keras's BasePooling: max or average over windows of `poolSize` moved by `strides` (default poolSize).
 * 'same' averages count only real cells, as TensorFlow. The core ops are channels-last, so channels_first inputs
 * are transposed around them.
 */
export abstract class BasePooling extends Layer {
  readonly rank: number;
  readonly poolSize: number[];
  readonly strides: number[];
  readonly padding: ConvPadding;
  readonly dataFormat: DataFormat;
  protected abstract readonly mode: 'max' | 'avg';

  constructor(rank: number, args: Pooling1DArgs | Pooling2DArgs = {}) {
    super(args);
    args ??= {};
    this.rank = rank;
    this.poolSize = standardizeTuple(args.poolSize ?? 2, rank, 'pool_size');
    this.strides = standardizeTuple(args.strides ?? this.poolSize, rank, 'strides');
    this.padding = standardizePadding(args.padding ?? 'valid') as ConvPadding;
    this.dataFormat = standardizeDataFormat(args.dataFormat);
    this.inputSpec = { ndim: rank + 2 };
  }

  call(inputs: Tensor | Tensor[], _kwargs: CallArgs): Tensor {
    let x = Array.isArray(inputs) ? inputs[0]! : inputs;
    this.computeOutputShape([...x.shape]); // the Keras error for windows larger than the input
    const first = this.dataFormat === 'channels_first';
    if (this.mode === 'avg' && !tf.isFloat(x.dtype)) x = tf.cast(x, this.dtype);
    const toLast = this.rank === 1 ? [0, 2, 1] : [0, 2, 3, 1];
    const toFirst = this.rank === 1 ? [0, 2, 1] : [0, 3, 1, 2];
    if (first) x = tf.transpose(x, toLast);
    let y: Tensor;
    if (this.rank === 1) {
      const pool = this.mode === 'max' ? tf.maxPool1d : tf.avgPool1d;
      y = pool(x, this.poolSize[0]!, this.strides[0]!, this.padding);
    } else {
      const pool = this.mode === 'max' ? tf.maxPool : tf.avgPool;
      y = pool(x, this.poolSize as [number, number], this.strides as [number, number], this.padding);
    }
    return first ? tf.transpose(y, toFirst) : y;
  }

  override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
    const shape = singleShape(inputShape, this.name);
    const spatial = spatialDims(shape, this.dataFormat).map((d, i) => {
      if (d === null) return null;
      const s = this.strides[i]!;
      return this.padding === 'valid' ? Math.floor((d - this.poolSize[i]!) / s) + 1 : Math.floor((d - 1) / s) + 1;
    });
    if (spatial.some((d) => d !== null && d < 0)) {
      throw new Error(`Computed output size would be negative. Received: \`inputs.shape=${formatShape(shape)}\` and \`pool_size=${formatValue(this.poolSize)}\`.`);
    }
    const channels = shape[channelAxis(shape.length, this.dataFormat)] ?? null;
    return assembleShape(shape[0] ?? null, spatial, channels, this.dataFormat);
  }

  /** Max pooling keeps the input dtype; average pooling computes integer inputs in the layer's float dtype. */
  override computeOutputDType(inputDTypes: DType[]): DType {
    const dt = inputDTypes[0] ?? this.dtype;
    return this.mode === 'max' || tf.isFloat(dt) ? dt : this.dtype;
  }

  override getConfig() {
    return {
      ...super.getConfig(),
      poolSize: [...this.poolSize],
      strides: [...this.strides],
      padding: this.padding,
      dataFormat: this.dataFormat,
    };
  }
}
