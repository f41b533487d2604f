import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import { invalidArgument } from '../errors.js';
import { getActivation } from '../activations.js';
import type { ActivationFn } from '../activations.js';
import { DenseRNNCell } from './dense-cell.js';
import type { DenseCellArgs } from './dense-cell.js';
import type { CellStep } from './cell.js';

export interface GRUCellArgs extends DenseCellArgs {
  /** Default 'sigmoid' (Keras 3; tfjs defaults to hardSigmoid). */
  recurrentActivation?: string | ActivationFn | null;
  /**
   * Apply the reset gate after the recurrent matMul (default true as Keras, cuDNN-compatible; tfjs only supports
   * false). With true the bias has shape [2, 3·units]: row 0 for the inputs, row 1 for the recurrent projection.
   */
  resetAfter?: boolean;
}

/**
 * One GRU step, gates in Keras's order (z, r, h):
 * z = σ(x_z + h·U_z), r = σ(x_r + h·U_r), and with resetAfter hh = act(x_h + r·(h·U_h + b_rh)), otherwise
 * hh = act(x_h + (r·h)·U_h); h' = z·h + (1 − z)·hh.
 */
export class GRUCell extends DenseRNNCell {
  static override className = 'GRUCell';
  protected readonly gates = 3;
  readonly recurrentActivation: { name: string; fn: ActivationFn };
  readonly resetAfter: boolean;

  constructor(args: GRUCellArgs) {
    super(args);
    this.recurrentActivation = getActivation(args.recurrentActivation === undefined ? 'sigmoid' : args.recurrentActivation, 'recurrent_activation');
    this.resetAfter = args.resetAfter ?? true;
    if (typeof this.resetAfter !== 'boolean') throw invalidArgument('reset_after', 'a boolean', args.resetAfter);
  }

  protected override biasShape(): number[] {
    return this.resetAfter ? [2, 3 * this.units] : [3 * this.units];
  }

  protected override inputBias(): Tensor | null {
    if (!this.bias) return null;
    return this.resetAfter ? tf.reshape(tf.slice(this.bias, [0, 0], [1, 3 * this.units]), [3 * this.units]) : this.bias;
  }

  private recurrentBias(): Tensor | null {
    if (!this.bias || !this.resetAfter) return null;
    return tf.reshape(tf.slice(this.bias, [1, 0], [1, 3 * this.units]), [3 * this.units]);
  }

  override step(input: Tensor, states: Tensor[]): CellStep {
    const h = states[0]!;
    const rec = this.recurrentActivation.fn;
    const [xz, xr, xh] = tf.split(input, 3, 1) as [Tensor, Tensor, Tensor];
    let z: Tensor;
    let hh: Tensor;
    if (this.resetAfter) {
      let inner = this.recurrentProjection(h, 0, 3);
      const rb = this.recurrentBias();
      if (rb) inner = inner.add(rb);
      const [rz, rr, rh] = tf.split(inner, 3, 1) as [Tensor, Tensor, Tensor];
      z = rec(xz.add(rz));
      const r = rec(xr.add(rr));
      hh = this.activation.fn(xh.add(r.mul(rh)));
    } else {
      const [rz, rr] = tf.split(this.recurrentProjection(h, 0, 2), 2, 1) as [Tensor, Tensor];
      z = rec(xz.add(rz));
      const r = rec(xr.add(rr));
      const hMasked = this.recurrentMasks ? h.mul(this.recurrentMasks[2]!) : h;
      hh = this.activation.fn(xh.add(tf.matMul(r.mul(hMasked), this.gateBlock(this.recurrentKernel!, 2))));
    }
    const h2 = z.mul(h).add(tf.sub(1, z).mul(hh));
    return { output: h2, states: [h2] };
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), recurrentActivation: this.recurrentActivation.name, resetAfter: this.resetAfter };
  }
}
