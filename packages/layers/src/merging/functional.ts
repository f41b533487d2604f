import type { Tensor } from '@tessera/core';
import type { Layer, LayerArgs } from '../engine/layer.js';
import type { SymbolicTensor } from '../engine/symbolic.js';
import { Add, Average, Maximum, Minimum, Multiply, Subtract } from './elementwise.js';
import { Concatenate } from './concatenate.js';
import type { ConcatenateArgs } from './concatenate.js';
import { Dot } from './dot.js';
import type { DotArgs } from './dot.js';

/**
 * Keras's functional merges: `add([a, b])` applies a new Add layer to the list and returns its output (symbolic
 * inputs give a symbolic output). Given layer arguments instead of a list, they return the layer (as tfjs).
 */
export interface MergeFunction<L extends Layer, A> {
  (inputs: Tensor[], args?: A): Tensor;
  (inputs: SymbolicTensor[], args?: A): SymbolicTensor;
  (args?: A): L;
}

function functional<L extends Layer>(make: (args: LayerArgs) => L): MergeFunction<L, LayerArgs> {
  return ((inputsOrArgs?: Tensor[] | SymbolicTensor[] | LayerArgs, args: LayerArgs = {}) => {
    if (Array.isArray(inputsOrArgs)) return make(args).apply(inputsOrArgs);
    return make(inputsOrArgs ?? {});
  }) as MergeFunction<L, LayerArgs>;
}

export const add = functional((a) => new Add(a));
export const subtract = functional((a) => new Subtract(a));
export const multiply = functional((a) => new Multiply(a));
export const average = functional((a) => new Average(a));
export const maximum = functional((a) => new Maximum(a));
export const minimum = functional((a) => new Minimum(a));

/** `concatenate([a, b], axis)` (Keras) or `concatenate({ axis })` → the layer (tfjs). */
export function concatenate(inputs: Tensor[], axis?: number | ConcatenateArgs): Tensor;
export function concatenate(inputs: SymbolicTensor[], axis?: number | ConcatenateArgs): SymbolicTensor;
export function concatenate(args?: ConcatenateArgs): Concatenate;
export function concatenate(
  inputsOrArgs?: Tensor[] | SymbolicTensor[] | ConcatenateArgs,
  axis?: number | ConcatenateArgs,
): Tensor | SymbolicTensor | Concatenate {
  if (!Array.isArray(inputsOrArgs)) return new Concatenate(inputsOrArgs ?? {});
  const args = typeof axis === 'object' ? axis : { axis: axis ?? -1 };
  return new Concatenate(args).apply(inputsOrArgs as Tensor[]) as Tensor;
}

/** `dot([a, b], axes, { normalize })` (Keras; axes default -1) or `dot({ axes })` → the layer (tfjs). */
export function dot(inputs: Tensor[], axes?: number | [number, number], args?: Omit<DotArgs, 'axes'>): Tensor;
export function dot(inputs: SymbolicTensor[], axes?: number | [number, number], args?: Omit<DotArgs, 'axes'>): SymbolicTensor;
export function dot(args: DotArgs): Dot;
export function dot(
  inputsOrArgs: Tensor[] | SymbolicTensor[] | DotArgs,
  axes: number | [number, number] = -1,
  args: Omit<DotArgs, 'axes'> = {},
): Tensor | SymbolicTensor | Dot {
  if (!Array.isArray(inputsOrArgs)) return new Dot(inputsOrArgs);
  return new Dot({ ...args, axes }).apply(inputsOrArgs as Tensor[]) as Tensor;
}
