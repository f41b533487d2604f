import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import { BaseConv } from './base-conv.js';
import type { ConvArgs } from './base-conv.js';

export type Conv1DArgs = ConvArgs;

/**
 * 1-D convolution over [batch, steps, channels] (or [batch, channels, steps]). 'causal' padding left-pads the
 * steps by dilation·(kernel − 1) so output t sees inputs ≤ t only, as Keras (tfjs-layers does not implement it).
 */
export class Conv1D extends BaseConv {
  static override className = 'Conv1D';

  constructor(args: Conv1DArgs) {
    super(1, args, { allowCausal: true });
  }

  protected convolutionOp(x: Tensor, kernel: Tensor): Tensor {
    let input = x;
    if (this.padding === 'causal') {
      const left = this.dilationRate[0]! * (this.kernelSize[0]! - 1);
      input = tf.pad(x, this.dataFormat === 'channels_last' ? [[0, 0], [left, 0], [0, 0]] : [[0, 0], [0, 0], [left, 0]]);
    }
    const pad = this.padding === 'same' ? 'same' : 'valid';
    return tf.conv1d(input, kernel, this.strides[0]!, pad, this.dataFormat === 'channels_last' ? 'NWC' : 'NCW', this.dilationRate[0]!);
  }
}
