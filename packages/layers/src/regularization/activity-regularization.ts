import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import { invalidArgument } from '../errors.js';
import { Layer } from '../engine/layer.js';
import type { CallArgs, LayerArgs } from '../engine/layer.js';
import { L1L2 } from '../regularizers.js';

export interface ActivityRegularizationArgs extends LayerArgs {
  l1?: number;
  l2?: number;
}

/**
 * Identity that adds l1·Σ|x| + l2·Σx² of its input to the layer's losses on each call. As Keras 3, the penalty is
 * not divided by the batch size (Keras 2 and tfjs divide it).
 */
export class ActivityRegularization extends Layer {
  static override className = 'ActivityRegularization';
  readonly l1: number;
  readonly l2: number;
  private readonly regularizer: L1L2;

  constructor(args: ActivityRegularizationArgs = {}) {
    super(args);
    this.l1 = args.l1 ?? 0;
    this.l2 = args.l2 ?? 0;
    if (typeof this.l1 !== 'number' || !(this.l1 >= 0)) throw invalidArgument('l1', 'a non-negative float', args.l1);
    if (typeof this.l2 !== 'number' || !(this.l2 >= 0)) throw invalidArgument('l2', 'a non-negative float', args.l2);
    this.regularizer = new L1L2({ l1: this.l1, l2: this.l2 });
    this.supportsMasking = true;
  }

  call(inputs: Tensor | Tensor[], _kwargs: CallArgs): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    this.callLosses.push(this.regularizer.apply(tf.isFloat(x.dtype) ? x : tf.cast(x, 'float32')));
    return x;
  }

  override getConfig() {
    return { ...super.getConfig(), l1: this.l1, l2: this.l2 };
  }
}
