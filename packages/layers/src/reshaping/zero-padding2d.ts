import * as tf from '@tessera/core';
import type { DType, Tensor } from '@tessera/core';
import { Layer } from '../engine/layer.js';
import type { CallArgs, LayerArgs } from '../engine/layer.js';
import type { LayerShape } from '../shape.js';
import { singleShape } from '../shape.js';
import { standardizeDataFormat } from '../convolutional/conv-utils.js';
import type { DataFormat } from '../convolutional/conv-utils.js';
import { standardizeSidePairs } from './pairs.js';

export interface ZeroPadding2DArgs extends LayerArgs {
  /** int, [rows, cols] or [[top, bottom], [left, right]]. Default 1 on every side. */
  padding?: number | [number, number] | [[number, number], [number, number]];
  dataFormat?: DataFormat;
}

/** Adds rows and columns of zeros around an image batch (Keras's ZeroPadding2D). */
export class ZeroPadding2D extends Layer {
  static override className = 'ZeroPadding2D';
  readonly padding: [[number, number], [number, number]];
  readonly dataFormat: DataFormat;

  constructor(args: ZeroPadding2DArgs = {}) {
    super(args);
    args ??= {};
    this.dataFormat = standardizeDataFormat(args.dataFormat);
    this.padding = standardizeSidePairs(args.padding ?? 1, 'padding');
    this.inputSpec = { ndim: 4 };
  }

  call(inputs: Tensor | Tensor[], _kwargs: CallArgs): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const [h, w] = this.padding;
    return tf.pad(x, this.dataFormat === 'channels_last' ? [[0, 0], h, w, [0, 0]] : [[0, 0], [0, 0], h, w]);
  }

  override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
    const shape = [...singleShape(inputShape, this.name)];
    const [hAxis, wAxis] = this.dataFormat === 'channels_last' ? [1, 2] : [2, 3];
    const grow = (d: number | null | undefined, p: [number, number]) => (d === null || d === undefined ? null : d + p[0] + p[1]);
    shape[hAxis] = grow(shape[hAxis], this.padding[0]);
    shape[wAxis] = grow(shape[wAxis], this.padding[1]);
    return shape;
  }

  override computeOutputDType(inputDTypes: DType[]): DType {
    return inputDTypes[0] ?? this.dtype;
  }

  override getConfig() {
    return { ...super.getConfig(), padding: this.padding.map((p) => [...p]), dataFormat: this.dataFormat };
  }
}
