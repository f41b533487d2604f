import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import { formatShape, invalidArgument } from '../errors.js';
import type { LayerArgs } from '../engine/layer.js';
import type { LayerShape } from '../shape.js';
import { isShapeList } from '../shape.js';
import { Merge, formatShapes } from './merge.js';

export interface ConcatenateArgs extends LayerArgs {
  axis?: number;
}

/** Joins a list of inputs along `axis` (default -1); every other dim must match. */
export class Concatenate extends Merge {
  static override className = 'Concatenate';
  readonly axis: number;
  protected override expandRanks = false;

  constructor(args: ConcatenateArgs = {}) {
    super(args);
    const axis = args.axis ?? -1;
    if (typeof axis !== 'number' || !Number.isInteger(axis)) throw invalidArgument('axis', 'an integer', axis);
    this.axis = axis;
  }

  protected override requireList(inputShape: LayerShape | LayerShape[]): LayerShape[] {
    if (!isShapeList(inputShape)) {
      throw new Error(`A \`Concatenate\` layer should be called on a list of at least 1 input. Received: input_shape=${formatShape(inputShape as LayerShape)}`);
    }
    return inputShape;
  }

  /** Same rank everywhere, and known sizes agree on every axis but the concatenation axis. */
  protected override assertInputCompatibility(shapes: LayerShape[]): void {
    const err = () => new Error(`A \`Concatenate\` layer requires inputs with matching shapes except for the concatenation axis. Received: input_shape=${formatShapes(shapes)}`);
    const rank = shapes[0]!.length;
    if (shapes.some((s) => s.length !== rank)) throw err();
    if (rank === 0 || this.axis >= rank || this.axis < -rank) {
      throw new Error(`Layer "${this.name}": \`axis\` ${this.axis} is out of bounds for inputs of rank ${rank}. Received: input_shape=${formatShapes(shapes)}`);
    }
    const axis = this.axis < 0 ? this.axis + rank : this.axis;
    for (let d = 0; d < rank; d++) {
      if (d === axis) continue;
      const known = new Set(shapes.map((s) => s[d]).filter((v) => v !== null && v !== undefined));
      if (known.size > 1) throw err();
    }
  }

  protected mergeFunction(inputs: Tensor[]): Tensor {
    return inputs.length === 1 ? inputs[0]! : tf.concat(inputs, this.axis);
  }

  override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
    const shapes = this.requireList(inputShape);
    const rank = shapes[0]!.length;
    const axis = this.axis < 0 ? this.axis + rank : this.axis;
    const out = shapes[0]!.map((d, k) => (d === null ? (shapes.find((s) => s[k] !== null)?.[k] ?? null) : d));
    out[axis] = shapes.some((s) => s[axis] === null) ? null : shapes.reduce((n, s) => n + (s[axis] as number), 0);
    return out;
  }

  /**
   * Keras: unmasked inputs count as all-true, masks of lower rank are broadcast over the features, the masks are
   * concatenated like the inputs and reduced with any() over the last axis.
   */
  override computeMask(inputs: Tensor | Tensor[], mask: Tensor | (Tensor | null)[] | null | undefined): Tensor | null {
    if (mask === null || mask === undefined) return null;
    const xs = Array.isArray(inputs) ? inputs : [inputs];
    const masks = Array.isArray(mask) ? mask : [mask];
    if (masks.length !== xs.length) {
      throw new Error(`The lists \`inputs\` and \`mask\` should have the same length. Received: inputs of length ${xs.length}, and mask of length ${masks.length}`);
    }
    if (masks.every((m) => !m)) return null;
    const full = xs.map((x, i) => {
      const m = masks[i];
      if (!m) return tf.ones([...x.shape], 'bool');
      let b = m.dtype === 'bool' ? m : tf.cast(m, 'bool');
      if (b.rank < x.rank) b = tf.broadcastTo(tf.expandDims(b, -1), [...x.shape]);
      return b;
    });
    return tf.any(tf.concat(full, this.axis), -1);
  }

  override getConfig() {
    return { ...super.getConfig(), axis: this.axis };
  }
}
