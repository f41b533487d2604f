import * as tf from '@tessera/core';
import type { DType, Tensor } from '@tessera/core';
import { Layer } from '../engine/layer.js';
import type { CallArgs, LayerArgs } from '../engine/layer.js';
import { invalidArgument } from '../errors.js';
import type { LayerShape } from '../shape.js';
import { singleShape } from '../shape.js';

export interface RepeatVectorArgs extends LayerArgs {
  /** How many times to repeat. */
  n: number;
}

/** [batch, features] → [batch, n, features] (Keras's RepeatVector). */
export class RepeatVector extends Layer {
  static override className = 'RepeatVector';
  readonly n: number;

  constructor(args: RepeatVectorArgs) {
    super(args);
    const n = args?.n;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw invalidArgument('n', 'a non-negative integer', n);
    this.n = n;
    this.inputSpec = { ndim: 2 };
  }

  call(inputs: Tensor | Tensor[], _kwargs: CallArgs): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const [batch, features] = x.shape as [number, number];
    return tf.broadcastTo(tf.reshape(x, [batch, 1, features]), [batch, this.n, features]);
  }

  override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
    const shape = singleShape(inputShape, this.name);
    return [shape[0] ?? null, this.n, shape[1] ?? null];
  }

  override computeOutputDType(inputDTypes: DType[]): DType {
    return inputDTypes[0] ?? this.dtype;
  }

  override getConfig() {
    return { ...super.getConfig(), n: this.n };
  }
}
