import * as tf from '@tessera/core';
import type { DType, Tensor } from '@tessera/core';
import { Layer } from '../engine/layer.js';
import type { CallArgs, LayerArgs } from '../engine/layer.js';
import { invalidArgument } from '../errors.js';
import type { LayerShape } from '../shape.js';
import { singleShape } from '../shape.js';
import { standardizeDataFormat, standardizeTuple } from '../convolutional/conv-utils.js';
import type { DataFormat } from '../convolutional/conv-utils.js';
import { upsampleBilinear, upsampleNearest } from './upsample.js';

export interface UpSampling2DArgs extends LayerArgs {
  /** Row and column factors. Default [2, 2]. */
  size?: number | [number, number];
  dataFormat?: DataFormat;
  /** 'nearest' (default) or 'bilinear'. */
  interpolation?: 'nearest' | 'bilinear';
}

const SUPPORTED = ['nearest', 'bilinear'];
const KERAS_ONLY = ['bicubic', 'lanczos3', 'lanczos5', 'area'];

/**
 * Repeats rows and columns by integer factors (Keras's UpSampling2D). 'bilinear' uses half-pixel centers as Keras 3
 * (TensorFlow's resize); tfjs-layers does not, so its bilinear results differ at every pixel.
 */
export class UpSampling2D extends Layer {
  static override className = 'UpSampling2D';
  readonly size: [number, number];
  readonly dataFormat: DataFormat;
  readonly interpolation: 'nearest' | 'bilinear';

  constructor(args: UpSampling2DArgs = {}) {
    super(args);
    args ??= {};
    this.dataFormat = standardizeDataFormat(args.dataFormat);
    this.size = standardizeTuple(args.size ?? 2, 2, 'size') as [number, number];
    const interp = typeof args.interpolation === 'string' ? args.interpolation.toLowerCase() : args.interpolation ?? 'nearest';
    if (typeof interp !== 'string' || !SUPPORTED.includes(interp)) {
      const note = typeof interp === 'string' && KERAS_ONLY.includes(interp) ? ` (Keras's "${interp}" is not supported yet)` : '';
      throw invalidArgument('interpolation', `one of "nearest", "bilinear"${note}`, args.interpolation);
    }
    this.interpolation = interp as 'nearest' | 'bilinear';
    this.inputSpec = { ndim: 4 };
  }

  call(inputs: Tensor | Tensor[], _kwargs: CallArgs): Tensor {
    let x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const first = this.dataFormat === 'channels_first';
    if (first) x = tf.transpose(x, [0, 2, 3, 1]);
    const [fh, fw] = this.size;
    let y: Tensor;
    if (this.interpolation === 'nearest') {
      y = upsampleNearest(x, fh, fw);
    } else {
      y = upsampleBilinear(tf.isFloat(x.dtype) ? x : tf.cast(x, this.dtype), fh, fw);
    }
    return first ? tf.transpose(y, [0, 3, 1, 2]) : y;
  }

  override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
    const shape = [...singleShape(inputShape, this.name)];
    const [hAxis, wAxis] = this.dataFormat === 'channels_last' ? [1, 2] : [2, 3];
    const scale = (d: number | null | undefined, f: number) => (d === null || d === undefined ? null : d * f);
    shape[hAxis] = scale(shape[hAxis], this.size[0]);
    shape[wAxis] = scale(shape[wAxis], this.size[1]);
    return shape;
  }

  override computeOutputDType(inputDTypes: DType[]): DType {
    const dt = inputDTypes[0] ?? this.dtype;
    return this.interpolation === 'nearest' || tf.isFloat(dt) ? dt : this.dtype;
  }

  override getConfig() {
    return { ...super.getConfig(), size: [...this.size], dataFormat: this.dataFormat, interpolation: this.interpolation };
  }
}
