import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import { invalidArgument } from '../errors.js';
import { Layer } from '../engine/layer.js';
import type { CallArgs, LayerArgs } from '../engine/layer.js';

export interface MaskingArgs extends LayerArgs {
  maskValue?: number;
}

/**
 * Masks timesteps whose features all equal `maskValue`: mask = any(x != maskValue, -1), output = x · mask (so
 * masked steps are zeros). Downstream masking-aware layers (RNNs) skip the masked steps.
 */
export class Masking extends Layer {
  static override className = 'Masking';
  readonly maskValue: number;

  constructor(args: MaskingArgs = {}) {
    super(args);
    if (args.maskValue !== undefined && typeof args.maskValue !== 'number') throw invalidArgument('mask_value', 'a number', args.maskValue);
    this.maskValue = args.maskValue ?? 0;
    this.supportsMasking = true;
    this.inputSpec = { minNdim: 1 };
  }

  private booleanMask(x: Tensor, keepDims: boolean): Tensor {
    return tf.any(tf.notEqual(x, this.maskValue), -1, keepDims);
  }

  call(inputs: Tensor | Tensor[], _kwargs: CallArgs): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.mul(x, tf.cast(this.booleanMask(x, true), x.dtype));
  }

  override computeMask(inputs: Tensor | Tensor[], _mask: Tensor | (Tensor | null)[] | null | undefined): Tensor | null {
    return this.booleanMask(Array.isArray(inputs) ? inputs[0]! : inputs, false);
  }

  override getConfig() {
    return { ...super.getConfig(), maskValue: this.maskValue };
  }
}
