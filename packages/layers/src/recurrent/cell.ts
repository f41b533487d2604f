import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import { Layer } from '../engine/layer.js';
import type { CallArgs } from '../engine/layer.js';

/** What one step of a cell returns: its output and its new states. */
export interface CellStep {
  output: Tensor;
  states: Tensor[];
}

/**
 * An RNN cell (Keras's contract): `stateSize` lists the sizes of its state tensors, and `call([x, ...states])`
 * runs one step, returning `[output, ...newStates]` (tfjs's flat form of Keras's `(output, new_states)`).
 *
 * The `RNN` layer drives a cell through four hooks so built-in cells can work on whole sequences where that is
 * cheaper: `beginSequence` (per-call setup such as dropout masks, fixed for every step of the call),
 * `projectInputs` (e.g. the input matMul of all steps at once), `step` (one time step on a projected input) and
 * `endSequence`. A custom cell only implements `call` and `stateSize`; the defaults route `step` to `call`.
 */
export abstract class RNNCell extends Layer {
  static override className = 'RNNCell';

  /** Sizes of the state tensors, one per state. */
  abstract get stateSize(): number[];

  /** Size of the output; Keras falls back to the first state size. */
  get outputSize(): number {
    return this.stateSize[0]!;
  }

  /** Zero states for a batch (Keras's get_initial_state). */
  getInitialState(batchSize: number): Tensor[] {
    return this.stateSize.map((n) => tf.zeros([batchSize, n], this.dtype));
  }

  beginSequence(_batchSize: number, _training: boolean): void {}

  /** Transforms the whole input sequence [batch, time, ...] before the time loop; identity by default. */
  projectInputs(sequence: Tensor): Tensor {
    return sequence;
  }

  /** One time step on an element of `projectInputs`'s result. */
  step(input: Tensor, states: Tensor[], training: boolean): CellStep {
    const out = this.call([input, ...states], { training });
    const list = Array.isArray(out) ? out : [out];
    return { output: list[0]!, states: list.length > 1 ? list.slice(1) : [list[0]!] };
  }

  endSequence(): void {}
}

/** Runs one standalone step of a cell that implements the sequence hooks: `[x, ...states]` → `[output, ...states]`. */
export function callCellOnce(cell: RNNCell, inputs: Tensor | Tensor[], kwargs: CallArgs): Tensor[] {
  const list = Array.isArray(inputs) ? inputs : [inputs];
  const x = list[0]!;
  if (x.rank !== 2) {
    throw new Error(`Layer "${cell.name}" expects a step input of shape (batch, features). Received: ${x.rank}D input of shape [${x.shape.join(', ')}]`);
  }
  const batch = x.shape[0]!;
  let states = list.slice(1);
  if (states.length === 0) states = cell.getInitialState(batch);
  checkStates(cell, states, batch);
  const training = kwargs.training === true;
  cell.beginSequence(batch, training);
  try {
    const projected = tf.squeeze(cell.projectInputs(tf.expandDims(x, 1)), [1]);
    const { output, states: next } = cell.step(projected, states, training);
    return [output, ...next];
  } finally {
    cell.endSequence();
  }
}

/** Checks a list of states against a cell's state sizes. */
export function checkStates(layer: { name: string; stateSize: number[] }, states: Tensor[], batch: number): void {
  const sizes = layer.stateSize;
  const want = sizes.map((n) => `(${batch}, ${n})`).join(', ');
  if (states.length !== sizes.length) {
    throw new Error(`Layer "${layer.name}" expects ${sizes.length} state(s) of shape ${want}, but it received ${states.length} state tensor(s).`);
  }
  states.forEach((s, i) => {
    if (s.rank !== 2 || s.shape[0] !== batch || s.shape[1] !== sizes[i]) {
      throw new Error(`Layer "${layer.name}": state ${i} should have shape (${batch}, ${sizes[i]}), but it has shape (${s.shape.join(', ')}).`);
    }
  });
}
