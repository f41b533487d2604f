import * as tf from '@tessera/core';
import type { DType, Tensor } from '@tessera/core';
import { Layer } from '../engine/layer.js';
import type { CallArgs, LayerArgs } from '../engine/layer.js';
import type { LayerShape } from '../shape.js';
import { singleShape } from '../shape.js';
import { channelAxis, checkBool, standardizeDataFormat } from '../convolutional/conv-utils.js';
import type { DataFormat } from '../convolutional/conv-utils.js';

export interface GlobalPoolingArgs extends LayerArgs {
  dataFormat?: DataFormat;
  /** Keep the pooled dims with size 1. Default false. */
  keepdims?: boolean;
}

/** Keras's BaseGlobalPooling: max or mean over every spatial dim. */
export abstract class BaseGlobalPooling extends Layer {
  readonly rank: number;
  readonly dataFormat: DataFormat;
  readonly keepdims: boolean;
  protected abstract readonly mode: 'max' | 'avg';

  constructor(rank: number, args: GlobalPoolingArgs = {}) {
    super(args);
    args ??= {};
    this.rank = rank;
    this.dataFormat = standardizeDataFormat(args.dataFormat);
    this.keepdims = checkBool('keepdims', args.keepdims, false);
    this.inputSpec = { ndim: rank + 2 };
  }

  /** The spatial axes of a rank + 2 input. */
  protected get axes(): number[] {
    const start = this.dataFormat === 'channels_last' ? 1 : 2;
    return Array.from({ length: this.rank }, (_, i) => start + i);
  }

  call(inputs: Tensor | Tensor[], _kwargs: CallArgs): Tensor {
    let x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (this.mode === 'max') return tf.max(x, this.axes, this.keepdims);
    if (!tf.isFloat(x.dtype)) x = tf.cast(x, this.dtype);
    return tf.mean(x, this.axes, this.keepdims);
  }

  override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
    const shape = singleShape(inputShape, this.name);
    if (this.keepdims) return shape.map((d, i) => (this.axes.includes(i) ? 1 : d));
    return [shape[0] ?? null, shape[channelAxis(shape.length, this.dataFormat)] ?? null];
  }

  override computeOutputDType(inputDTypes: DType[]): DType {
    const dt = inputDTypes[0] ?? this.dtype;
    return this.mode === 'max' || tf.isFloat(dt) ? dt : this.dtype;
  }

  override getConfig() {
    return { ...super.getConfig(), dataFormat: this.dataFormat, keepdims: this.keepdims };
  }
}
