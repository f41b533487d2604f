import type { DType } from '@tessera/core';
import type { LayerShape } from '../shape.js';
import type { Layer } from './layer.js';

let nextId = 0;

/**
 * A placeholder flowing through the functional API: a shape and dtype with no data, and the layer call that made
 * it. Models are graphs of these; shapes are inferred before any kernel runs.
 */
export class SymbolicTensor {
  readonly id = nextId++;
  readonly isSymbolicTensor = true as const;
  constructor(
    readonly shape: LayerShape,
    readonly dtype: DType,
    /** The layer call that produced it, or null for a model input. */
    readonly node: LayerNode | null,
    readonly name: string,
    /** Which output of that call. */
    readonly outputIndex = 0,
  ) {}

  get rank(): number {
    return this.shape.length;
  }
}

/** One call of a layer on symbolic inputs. */
export interface LayerNode {
  layer: Layer;
  inputs: SymbolicTensor[];
  kwargs: Record<string, unknown>;
  outputs: SymbolicTensor[];
}

export function isSymbolic(x: unknown): x is SymbolicTensor {
  return typeof x === 'object' && x !== null && (x as { isSymbolicTensor?: boolean }).isSymbolicTensor === true;
}
