import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import { formatShape, formatValue } from '../errors.js';
import type { LayerArgs } from '../engine/layer.js';
import type { LayerShape } from '../shape.js';
import { isShapeList } from '../shape.js';
import { Merge, formatShapes } from './merge.js';

export interface DotArgs extends LayerArgs {
  /** One axis for both inputs, or [axis of input 0, axis of input 1]; never the batch axis. */
  axes: number | [number, number];
  /** L2-normalize both inputs along the dot axes first (the result is then the cosine similarity). */
  normalize?: boolean;
}

/** Keras's epsilon: x · min(1/‖x‖, 1/ε) = x / max(‖x‖, ε), written with the squared norm so the gradient at 0 is finite. */
function l2Normalize(x: Tensor, axis: number): Tensor {
  const eps = 1e-7;
  return tf.mul(x, tf.rsqrt(tf.maximum(tf.sum(tf.square(x), axis, true), eps * eps)));
}

/**
 * Keras's batch_dot: per sample, contracts x's axis a0 with y's axis a1; the result has x's other dims then y's
 * (batch first), and shape [batch, 1] when both inputs are 2-D.
 */
export function batchDot(x: Tensor, y: Tensor, a0: number, a1: number): Tensor {
  const b = x.shape[0]!;
  const restX = x.shape.filter((_, i) => i !== 0 && i !== a0);
  const restY = y.shape.filter((_, i) => i !== 0 && i !== a1);
  const k = x.shape[a0]!;
  const px = restX.reduce((p, d) => p * d, 1);
  const py = restY.reduce((p, d) => p * d, 1);
  const xPerm = [0, ...x.shape.map((_, i) => i).filter((i) => i !== 0 && i !== a0), a0];
  const yPerm = [0, a1, ...y.shape.map((_, i) => i).filter((i) => i !== 0 && i !== a1)];
  const xm = tf.reshape(tf.transpose(x, xPerm), [b, px, k]);
  const ym = tf.reshape(tf.transpose(y, yPerm), [b, k, py]);
  const out = tf.matMul(xm, ym);
  const shape = [b, ...restX, ...restY];
  return tf.reshape(out, shape.length === 1 ? [b, 1] : shape);
}

/** Dot product of two inputs along `axes`, per sample (Keras's Dot). */
export class Dot extends Merge {
  static override className = 'Dot';
  readonly axes: number | [number, number];
  readonly normalize: boolean;
  protected override expandRanks = false;

  constructor(args: DotArgs) {
    super(args);
    const axes = (args as Partial<DotArgs>).axes;
    if (typeof axes !== 'number' && !Array.isArray(axes)) {
      throw new TypeError(`Invalid type for argument \`axes\`: it should be a list or an int. Received: axes=${formatValue(axes)}`);
    }
    if (Array.isArray(axes) && axes.length !== 2) {
      throw new Error(`Invalid format for argument \`axes\`: it should contain two elements. Received: axes=${formatValue(axes)}`);
    }
    const list = Array.isArray(axes) ? axes : [axes];
    if (list.some((a) => typeof a !== 'number' || !Number.isInteger(a))) {
      throw new Error(`Invalid format for argument \`axes\`: ${Array.isArray(axes) ? 'list elements should be integers' : 'it should be an integer'}. Received: axes=${formatValue(axes)}`);
    }
    this.axes = Array.isArray(axes) ? [axes[0], axes[1]] : axes;
    this.normalize = args.normalize ?? false;
  }

  /** The two axes, non-negative, for inputs of ranks r0 and r1. */
  private resolveAxes(r0: number, r1: number): [number, number] {
    const [a, b] = typeof this.axes === 'number' ? [this.axes, this.axes] : this.axes;
    return [a < 0 ? a + r0 : a, b < 0 ? b + r1 : b];
  }

  protected override assertInputCompatibility(shapes: LayerShape[]): void {
    if (shapes.length !== 2) throw new Error(`A \`Dot\` layer should be called on a list of 2 inputs. Received: input_shape=${formatShapes(shapes)}`);
    const [s0, s1] = shapes as [LayerShape, LayerShape];
    if (s0.length < 2 || s1.length < 2) {
      throw new Error(`Cannot do batch_dot on inputs with rank < 2. Received inputs with shapes ${formatShape(s0)} and ${formatShape(s1)}.`);
    }
    if (s0[0] !== null && s1[0] !== null && s0[0] !== s1[0]) {
      throw new Error(`Cannot do batch_dot on inputs with different batch sizes. Received inputs with shapes ${formatShape(s0)} and ${formatShape(s1)}.`);
    }
    const [a0, a1] = this.resolveAxes(s0.length, s1.length);
    if (a0 < 0 || a0 >= s0.length || a1 < 0 || a1 >= s1.length) {
      throw new Error(`Layer "${this.name}": \`axes\` ${formatValue(this.axes)} are out of bounds for inputs of shapes ${formatShape(s0)} and ${formatShape(s1)}.`);
    }
    if (a0 === 0 || a1 === 0) {
      throw new Error('Cannot perform batch_dot over axis 0. If your inputs are not batched, add a dummy batch dimension to your inputs using keras.ops.expand_dims(x, 0)');
    }
    const d0 = s0[a0];
    const d1 = s1[a1];
    if (d0 !== null && d1 !== null && d0 !== d1) {
      throw new Error(`Incompatible input shapes: axis values ${d0} (at axis ${a0}) != ${d1} (at axis ${a1}). Full input shapes: ${formatShape(s0)}, ${formatShape(s1)}`);
    }
  }

  protected override requireList(inputShape: LayerShape | LayerShape[]): LayerShape[] {
    if (!isShapeList(inputShape)) {
      throw new Error(`A \`Dot\` layer should be called on a list of 2 inputs. Received: input_shape=${formatShape(inputShape as LayerShape)}`);
    }
    return inputShape;
  }

  protected mergeFunction(inputs: Tensor[]): Tensor {
    let [x, y] = inputs as [Tensor, Tensor];
    const [a0, a1] = this.resolveAxes(x.rank, y.rank);
    if (this.normalize) {
      x = l2Normalize(x, a0);
      y = l2Normalize(y, a1);
    }
    return batchDot(x, y, a0, a1);
  }

  override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
    const [s0, s1] = this.requireList(inputShape);
    const [a0, a1] = this.resolveAxes(s0!.length, s1!.length);
    const out = [...s0!.filter((_, i) => i !== a0), ...s1!.filter((_, i) => i !== 0 && i !== a1)];
    return out.length === 1 ? [...out, 1] : out;
  }

  /** Keras's Dot drops masks. */
  override computeMask(): Tensor | null {
    return null;
  }

  override getConfig() {
    return { ...super.getConfig(), axes: this.axes, normalize: this.normalize };
  }
}
