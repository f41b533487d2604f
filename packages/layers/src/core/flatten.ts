import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import { Layer } from '../engine/layer.js';
import type { CallArgs, LayerArgs } from '../engine/layer.js';
import type { LayerShape } from '../shape.js';
import { singleShape } from '../shape.js';
import { checkOneOf } from '../errors.js';

/** Flattens every dim but the batch dim ('channels_first' inputs are transposed to channels-last first, as Keras). */
export class Flatten extends Layer {
  static override className = 'Flatten';
  readonly dataFormat: 'channels_last' | 'channels_first';
  constructor(args: LayerArgs & { dataFormat?: 'channels_last' | 'channels_first' } = {}) {
    super(args);
    this.dataFormat = checkOneOf('data_format', args.dataFormat ?? 'channels_last', ['channels_last', 'channels_first'] as const);
    this.inputSpec = { minNdim: 1 };
  }
  call(inputs: Tensor | Tensor[], _kwargs: CallArgs): Tensor {
    let x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (this.dataFormat === 'channels_first' && x.rank > 2) {
      x = tf.transpose(x, [0, ...Array.from({ length: x.rank - 2 }, (_, i) => i + 2), 1]);
    }
    return x.reshape([x.shape[0]!, x.rank === 1 ? 1 : -1]);
  }
  override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
    const s = singleShape(inputShape, this.name);
    const rest = s.slice(1);
    const known = rest.every((d) => d !== null);
    return [s[0] ?? null, rest.length === 0 ? 1 : known ? (rest as number[]).reduce((a, b) => a * b, 1) : null];
  }
  override getConfig() {
    return { ...super.getConfig(), dataFormat: this.dataFormat };
  }
}
