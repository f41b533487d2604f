import type { Tensor } from '@tessera/core';
import { DenseRNNCell } from './dense-cell.js';
import type { DenseCellArgs } from './dense-cell.js';
import type { CellStep } from './cell.js';

export type SimpleRNNCellArgs = DenseCellArgs;

/** One step of a fully-connected RNN: h = activation(x · kernel + bias + h_prev · recurrent_kernel). */
export class SimpleRNNCell extends DenseRNNCell {
  static override className = 'SimpleRNNCell';
  protected readonly gates = 1;

  override step(input: Tensor, states: Tensor[]): CellStep {
    const h = this.activation.fn(input.add(this.recurrentProjection(states[0]!, 0, 1)));
    return { output: h, states: [h] };
  }
}
