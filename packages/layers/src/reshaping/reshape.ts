import * as tf from '@tessera/core';
import type { DType, Tensor } from '@tessera/core';
import { Layer } from '../engine/layer.js';
import type { CallArgs, LayerArgs } from '../engine/layer.js';
import { formatShape, invalidArgument } from '../errors.js';
import type { LayerShape } from '../shape.js';
import { singleShape } from '../shape.js';

export interface ReshapeArgs extends LayerArgs {
  /** Shape without the batch dim; one entry may be -1 (inferred). */
  targetShape: number[];
}

/** Keras's compute_reshape_output_shape: resolves the -1 when the input size is known, else leaves it null. */
export function computeReshapeOutputShape(inputShape: LayerShape, newShape: number[], argName: string): LayerShape {
  const unknown = newShape.filter((d) => d === -1).length;
  if (unknown > 1) {
    throw new Error(`There must be at most one unknown dimension (-1) in ${argName}. Received: ${argName}=${formatShape(newShape)}.`);
  }
  if (inputShape.some((d) => d === null)) return newShape.map((d) => (d === -1 ? null : d));
  const inputSize = (inputShape as number[]).reduce((a, b) => a * b, 1);
  if (unknown === 0) {
    if (inputSize !== newShape.reduce((a, b) => a * b, 1)) {
      throw new Error(`The total size of the tensor must be unchanged. Received: input_shape=${formatShape(inputShape)}, ${argName}=${formatShape(newShape)}`);
    }
    return [...newShape];
  }
  const known = newShape.reduce((a, d) => (d === -1 ? a : a * d), 1);
  if (known === 0 || inputSize % known !== 0) {
    throw new Error(
      `The total size of the tensor must be unchanged, however, the input size cannot by divided by the specified dimensions in ${argName}. Received: input_shape=${formatShape(inputShape)}, ${argName}=${formatShape(newShape)}`,
    );
  }
  return newShape.map((d) => (d === -1 ? inputSize / known : d));
}

/** Reshapes every sample to `targetShape` (Keras's Reshape; the batch dim is kept). */
export class Reshape extends Layer {
  static override className = 'Reshape';
  readonly targetShape: number[];

  constructor(args: ReshapeArgs) {
    super(args);
    const t = args?.targetShape;
    if (!Array.isArray(t) || t.some((d) => !Number.isInteger(d) || (d < 0 && d !== -1))) {
      throw invalidArgument('target_shape', 'a list of non-negative integers, with at most one -1', t);
    }
    if (t.filter((d) => d === -1).length > 1) {
      throw new Error(`There must be at most one unknown dimension (-1) in target_shape. Received: target_shape=${formatShape(t)}.`);
    }
    this.targetShape = [...t];
  }

  call(inputs: Tensor | Tensor[], _kwargs: CallArgs): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const resolved = computeReshapeOutputShape([...x.shape.slice(1)], this.targetShape, 'target_shape') as number[];
    return tf.reshape(x, [x.shape[0]!, ...resolved]);
  }

  override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
    const shape = singleShape(inputShape, this.name);
    return [shape[0] ?? null, ...computeReshapeOutputShape(shape.slice(1), this.targetShape, 'target_shape')];
  }

  override computeOutputDType(inputDTypes: DType[]): DType {
    return inputDTypes[0] ?? this.dtype;
  }

  override getConfig() {
    return { ...super.getConfig(), targetShape: [...this.targetShape] };
  }
}
