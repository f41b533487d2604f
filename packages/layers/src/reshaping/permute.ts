import * as tf from '@tessera/core';
import type { DType, Tensor } from '@tessera/core';
import { Layer } from '../engine/layer.js';
import type { CallArgs, LayerArgs } from '../engine/layer.js';
import { formatValue } from '../errors.js';
import type { LayerShape } from '../shape.js';
import { singleShape } from '../shape.js';

export interface PermuteArgs extends LayerArgs {
  /** A permutation of 1..n (1-based, the batch dim is not counted), e.g. [2, 1] swaps the two non-batch dims. */
  dims: number[];
}

/** Permutes the non-batch dims (Keras's Permute). */
export class Permute extends Layer {
  static override className = 'Permute';
  readonly dims: number[];

  constructor(args: PermuteArgs) {
    super(args);
    const dims = args?.dims;
    const ok = Array.isArray(dims) && [...dims].sort((a, b) => a - b).every((d, i) => d === i + 1);
    if (!ok) {
      throw new Error(
        `Invalid permutation argument \`dims\` for Permute Layer. The set of indices in \`dims\` must be consecutive and start from 1. Received dims=${formatValue(dims)}`,
      );
    }
    this.dims = [...dims];
    this.inputSpec = { ndim: dims.length + 1 };
  }

  call(inputs: Tensor | Tensor[], _kwargs: CallArgs): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.transpose(x, [0, ...this.dims]);
  }

  override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
    const shape = singleShape(inputShape, this.name);
    return [shape[0] ?? null, ...this.dims.map((d) => shape[d] ?? null)];
  }

  override computeOutputDType(inputDTypes: DType[]): DType {
    return inputDTypes[0] ?? this.dtype;
  }

  override getConfig() {
    return { ...super.getConfig(), dims: [...this.dims] };
  }
}
