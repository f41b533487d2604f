import type { DType, Tensor } from '@tessera/core';
import { invalidArgument } from '../errors.js';
import { Layer } from '../engine/layer.js';
import type { CallArgs } from '../engine/layer.js';
import { SymbolicTensor } from '../engine/symbolic.js';
import type { LayerShape } from '../shape.js';

export interface InputLayerArgs {
  /** Shape without the batch dim. */
  inputShape?: LayerShape;
  batchInputShape?: LayerShape;
  batchSize?: number;
  dtype?: DType;
  name?: string;
  sparse?: boolean;
}

/** The entry point of a model: holds the input's shape and dtype and passes tensors through. */
export class InputLayer extends Layer {
  static override className = 'InputLayer';
  readonly output: SymbolicTensor;

  constructor(args: InputLayerArgs) {
    if (!args.inputShape && !args.batchInputShape) {
      throw invalidArgument('shape', 'the input shape without the batch dim, e.g. shape: [784]', undefined);
    }
    super({ name: args.name, dtype: args.dtype, inputShape: args.inputShape, batchInputShape: args.batchInputShape, batchSize: args.batchSize });
    const shape = this.batchInputShape!;
    if (shape.some((d) => d !== null && (!Number.isInteger(d) || d < 0))) {
      throw invalidArgument('shape', 'non-negative integers or null', shape.slice(1));
    }
    this.built = true;
    const node = { layer: this as Layer, inputs: [], kwargs: {}, outputs: [] as SymbolicTensor[] };
    this.output = new SymbolicTensor(shape, this.dtype, node, this.name, 0);
    node.outputs.push(this.output);
    this.inboundNodes.push(node);
  }

  call(inputs: Tensor | Tensor[], _kwargs: CallArgs): Tensor | Tensor[] {
    return inputs;
  }

  override getConfig() {
    return { name: this.name, dtype: this.dtype, batchInputShape: this.batchInputShape };
  }
}

/** Keras's `Input(shape=...)`: a symbolic tensor to build functional models from. */
export function input(args: { shape?: LayerShape; batchShape?: LayerShape; batchSize?: number; dtype?: DType; name?: string }): SymbolicTensor {
  return new InputLayer({ inputShape: args.shape, batchInputShape: args.batchShape, batchSize: args.batchSize, dtype: args.dtype, name: args.name }).output;
}
