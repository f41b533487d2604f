import * as tf from '@tessera/core';
import type { DType, Tensor } from '@tessera/core';
import { Layer } from '../engine/layer.js';
import type { CallArgs, LayerArgs } from '../engine/layer.js';
import { formatShape, formatValue } from '../errors.js';
import type { LayerShape } from '../shape.js';
import { singleShape } from '../shape.js';
import { standardizeDataFormat } from '../convolutional/conv-utils.js';
import type { DataFormat } from '../convolutional/conv-utils.js';
import { standardizeSidePairs } from './pairs.js';

export interface Cropping2DArgs extends LayerArgs {
  /** int, [rows, cols] or [[top, bottom], [left, right]]. Default no cropping. */
  cropping?: number | [number, number] | [[number, number], [number, number]];
  dataFormat?: DataFormat;
}

/** Removes rows and columns from the edges of an image batch (Keras's Cropping2D). */
export class Cropping2D extends Layer {
  static override className = 'Cropping2D';
  readonly cropping: [[number, number], [number, number]];
  readonly dataFormat: DataFormat;

  constructor(args: Cropping2DArgs = {}) {
    super(args);
    args ??= {};
    this.dataFormat = standardizeDataFormat(args.dataFormat);
    this.cropping = standardizeSidePairs(args.cropping ?? 0, 'cropping');
    this.inputSpec = { ndim: 4 };
  }

  call(inputs: Tensor | Tensor[], _kwargs: CallArgs): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const out = this.computeOutputShape([...x.shape]) as number[];
    const [[top], [left]] = this.cropping;
    const begin = this.dataFormat === 'channels_last' ? [0, top, left, 0] : [0, 0, top, left];
    return tf.slice(x, begin, out);
  }

  override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
    const shape = [...singleShape(inputShape, this.name)];
    const [hAxis, wAxis] = this.dataFormat === 'channels_last' ? [1, 2] : [2, 3];
    const [h, w] = this.cropping;
    const tooBig = (d: number | null | undefined, c: [number, number]) => d !== null && d !== undefined && c[0] + c[1] >= d;
    if (tooBig(shape[hAxis], h) || tooBig(shape[wAxis], w)) {
      throw new Error(
        `Values in \`cropping\` argument should be smaller than the corresponding spatial dimension of the input. Received: input_shape=${formatShape(shape)}, cropping=${formatValue(this.cropping)}`,
      );
    }
    const shrink = (d: number | null | undefined, c: [number, number]) => (d === null || d === undefined ? null : d - c[0] - c[1]);
    shape[hAxis] = shrink(shape[hAxis], h);
    shape[wAxis] = shrink(shape[wAxis], w);
    return shape;
  }

  override computeOutputDType(inputDTypes: DType[]): DType {
    return inputDTypes[0] ?? this.dtype;
  }

  override getConfig() {
    return { ...super.getConfig(), cropping: this.cropping.map((c) => [...c]), dataFormat: this.dataFormat };
  }
}
