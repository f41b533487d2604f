import type { Tensor } from '@tessera/core';
import { Layer } from '../engine/layer.js';
import type { CallArgs, LayerArgs } from '../engine/layer.js';
import { getActivation } from '../activations.js';
import type { ActivationFn } from '../activations.js';

/** Applies an activation function (by Keras name or a function). */
export class Activation extends Layer {
  static override className = 'Activation';
  readonly activation: { name: string; fn: ActivationFn };
  constructor(args: LayerArgs & { activation: string | ActivationFn }) {
    super(args);
    this.activation = getActivation(args.activation);
    this.supportsMasking = true;
  }
  call(inputs: Tensor | Tensor[], _kwargs: CallArgs): Tensor {
    return this.activation.fn(Array.isArray(inputs) ? inputs[0]! : inputs);
  }
  override getConfig() {
    return { ...super.getConfig(), activation: this.activation.name };
  }
}
