import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import { BaseConv } from './base-conv.js';
import type { ConvArgs } from './base-conv.js';

export type Conv2DArgs = ConvArgs;

/** 2-D convolution over [batch, rows, cols, channels] (or channels first); kernel [kh, kw, in / groups, filters]. */
export class Conv2D extends BaseConv {
  static override className = 'Conv2D';

  constructor(args: Conv2DArgs) {
    super(2, args);
  }

  protected convolutionOp(x: Tensor, kernel: Tensor): Tensor {
    const [sh, sw] = this.strides as [number, number];
    const [dh, dw] = this.dilationRate as [number, number];
    return tf.conv2d(x, kernel, [sh, sw], this.padding === 'same' ? 'same' : 'valid', this.dataFormat === 'channels_last' ? 'NHWC' : 'NCHW', [dh, dw]);
  }
}
