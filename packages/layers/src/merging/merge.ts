import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import { formatShape } from '../errors.js';
import { Layer } from '../engine/layer.js';
import type { CallArgs, LayerArgs, LayerInput } from '../engine/layer.js';
import type { SymbolicTensor } from '../engine/symbolic.js';
import type { LayerShape } from '../shape.js';
import { isShapeList } from '../shape.js';

/** Keras prints a list of shapes as [(None, 2), (None, 3)]. */
export function formatShapes(shapes: readonly LayerShape[]): string {
  return `[${shapes.map(formatShape).join(', ')}]`;
}

/** The masks given to a call, one entry per input (null where an input has none), or null when none has one. */
export function masksOf(kwargs: CallArgs, n: number): (Tensor | null)[] | null {
  const m = kwargs.mask;
  if (m === undefined || m === null) return null;
  const list = Array.isArray(m) ? m : [m];
  if (list.every((x) => !x)) return null;
  return Array.from({ length: n }, (_, i) => list[i] ?? null);
}

/** A [batch, time] mask broadcast to x's shape [batch, time, features…]. */
export function broadcastMask(mask: Tensor, x: Tensor): Tensor {
  let m = mask.dtype === 'bool' ? mask : tf.cast(mask, 'bool');
  while (m.rank < x.rank) m = tf.expandDims(m, -1);
  return tf.broadcastTo(m, [...x.shape]);
}

/**
 * Keras's broadcasting of two shapes without their batch dim (right-aligned, 1 stretches, null is unknown); throws
 * "Inputs have incompatible shapes" where known dims differ.
 */
export function elementwiseShape(shape1: LayerShape, shape2: LayerShape): LayerShape {
  if (shape1.length < shape2.length) return elementwiseShape(shape2, shape1);
  if (shape2.length === 0) return [...shape1];
  const out: LayerShape = shape1.slice(0, shape1.length - shape2.length);
  shape1.slice(shape1.length - shape2.length).forEach((i, k) => {
    const j = shape2[k]!;
    if (i === null || j === null) out.push(null);
    else if (i === 1) out.push(j);
    else if (j === 1) out.push(i);
    else {
      if (i !== j) throw new Error(`Inputs have incompatible shapes. Received shapes ${formatShape(shape1)} and ${formatShape(shape2)}`);
      out.push(i);
    }
  });
  return out;
}

/**
 * Base of the merge layers, as Keras's Merge: a list of inputs, one output. By default (Add, Subtract, Multiply,
 * Average, Maximum, Minimum) the shapes broadcast after the batch dim, inputs of lower rank are expanded at axis 1
 * first, and the output mask is the OR of the input masks when every input has one; Concatenate and Dot override
 * the shape rules and masks.
 */
export abstract class Merge extends Layer {
  /** Keras's _reshape_required: inputs of lower rank are expanded at axis 1 (Concatenate and Dot turn it off). */
  protected expandRanks = true;

  constructor(args: LayerArgs = {}) {
    super(args);
    this.supportsMasking = true;
  }

  // Layer.apply's overloads, narrowed: a merge of a list gives one output.
  override apply(inputs: Tensor[], kwargs?: CallArgs): Tensor;
  override apply(inputs: SymbolicTensor[], kwargs?: CallArgs): SymbolicTensor;
  override apply(inputs: Tensor, kwargs?: CallArgs): Tensor;
  override apply(inputs: SymbolicTensor, kwargs?: CallArgs): SymbolicTensor;
  override apply(inputs: LayerInput, kwargs?: CallArgs): Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[];
  override apply(inputs: LayerInput, kwargs?: CallArgs): Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[] {
    return super.apply(inputs, kwargs);
  }

  /** Combines inputs of equal rank; `masks` are the inputs' masks (for the layers that use them in the values). */
  protected abstract mergeFunction(inputs: Tensor[], masks: (Tensor | null)[] | null): Tensor;

  protected requireList(inputShape: LayerShape | LayerShape[]): LayerShape[] {
    if (!isShapeList(inputShape)) {
      throw new Error(`A merge layer should be called on a list of inputs. Received: input_shape=${formatShape(inputShape as LayerShape)} (not a list of shapes)`);
    }
    return inputShape;
  }

  /** Runs before build and every call: batch sizes agree and the shapes broadcast. */
  protected override assertInputCompatibility(shapes: LayerShape[]): void {
    super.assertInputCompatibility(shapes);
    this.elementwiseOutputShape(shapes);
  }

  private elementwiseOutputShape(shapes: LayerShape[]): LayerShape {
    const batches = new Set(shapes.map((s) => s[0]).filter((d) => d !== null && d !== undefined));
    if (batches.size > 1) throw new Error(`Cannot merge tensors with different batch sizes. Received tensors with shapes ${formatShapes(shapes)}`);
    let out = shapes[0]!.slice(1);
    for (const s of shapes.slice(1)) out = elementwiseShape(out, s.slice(1));
    return [batches.size === 1 ? [...batches][0]! : null, ...out];
  }

  override build(inputShape: LayerShape | LayerShape[]): void {
    this.requireList(inputShape);
    this.built = true;
  }

  call(inputs: Tensor | Tensor[], kwargs: CallArgs): Tensor {
    if (!Array.isArray(inputs)) {
      throw new Error(`A merge layer should be called on a list of inputs. Received: inputs=Tensor with shape ${formatShape([...inputs.shape])} (not a list of tensors)`);
    }
    if (!this.expandRanks) return this.mergeFunction(inputs, masksOf(kwargs, inputs.length));
    const maxRank = Math.max(...inputs.map((x) => x.rank));
    const same = inputs.map((x) => {
      let y = x;
      for (let r = x.rank; r < maxRank; r++) y = tf.expandDims(y, 1);
      return y;
    });
    return this.mergeFunction(same, masksOf(kwargs, inputs.length));
  }

  override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
    return this.elementwiseOutputShape(this.requireList(inputShape));
  }

  override computeMask(inputs: Tensor | Tensor[], mask: Tensor | (Tensor | null)[] | null | undefined): Tensor | null {
    if (mask === null || mask === undefined) return null;
    const masks = Array.isArray(mask) ? mask : [mask];
    const n = Array.isArray(inputs) ? inputs.length : 1;
    if (masks.length !== n) {
      throw new Error(`The lists \`inputs\` and \`mask\` should have the same length. Received: inputs of length ${n}, and mask of length ${masks.length}`);
    }
    if (masks.some((m) => !m)) return null;
    return (masks as Tensor[]).map((m) => (m.dtype === 'bool' ? m : tf.cast(m, 'bool'))).reduce((a, b) => tf.logicalOr(a, b));
  }
}

/**
 * Keras's merge for ops without an identity element (Maximum, Minimum): where one input is masked the other's value
 * is used, so masked entries never win; the result is then op(a, b).
 */
export function mergeWithMasks(op: (a: Tensor, b: Tensor) => Tensor, inputs: Tensor[], masks: (Tensor | null)[] | null): Tensor {
  let output: Tensor | null = null;
  let outputMask: Tensor | null = null;
  for (let i = 0; i < inputs.length; i++) {
    let x = inputs[i]!;
    const mask = masks?.[i] ? broadcastMask(masks[i]!, x) : null;
    if (output === null) {
      output = x;
      outputMask = mask;
      continue;
    }
    if (mask) x = tf.where(mask, x, output);
    if (outputMask) output = tf.where(outputMask, output, x);
    outputMask = mask && outputMask ? tf.logicalOr(outputMask, mask) : null;
    output = op(output, x);
  }
  return output!;
}
