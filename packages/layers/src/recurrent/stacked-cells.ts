import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import type { CallArgs, LayerArgs, LayerWeight } from '../engine/layer.js';
import type { LayerShape } from '../shape.js';
import { asShapeList } from '../shape.js';
import { RNNCell, callCellOnce } from './cell.js';
import type { CellStep } from './cell.js';
import { deserializeCell } from './cell-resolver.js';
import { childWeightPenalties, nestedWeightEntries } from './nested.js';

export interface StackedRNNCellsArgs extends LayerArgs {
  cells: RNNCell[];
}

/**
 * Cells run one after another at each step, each feeding its output to the next (Keras's StackedRNNCells, what
 * `RNN({ cell: [c1, c2] })` builds). States are the cells' states, flattened in order.
 */
export class StackedRNNCells extends RNNCell {
  static override className = 'StackedRNNCells';
  readonly cells: RNNCell[];

  constructor(args: StackedRNNCellsArgs) {
    super(args);
    if (!Array.isArray(args.cells) || args.cells.length === 0 || args.cells.some((c) => !(c instanceof RNNCell))) {
      throw new Error(`Argument \`cells\` should be a non-empty list of RNN cells. Received: cells=${String(args.cells)}`);
    }
    this.cells = [...args.cells];
  }

  get stateSize(): number[] {
    return this.cells.flatMap((c) => c.stateSize);
  }

  override get outputSize(): number {
    return this.cells[this.cells.length - 1]!.outputSize;
  }

  override build(inputShape: LayerShape | LayerShape[]): void {
    let shape = asShapeList(inputShape)[0]!;
    for (const cell of this.cells) {
      if (!cell.built) {
        cell.build(shape);
        cell.built = true;
      }
      shape = [shape[0] ?? null, cell.outputSize];
    }
    this.built = true;
  }

  override beginSequence(batchSize: number, training: boolean): void {
    for (const c of this.cells) c.beginSequence(batchSize, training);
  }

  override endSequence(): void {
    for (const c of this.cells) c.endSequence();
  }

  override projectInputs(sequence: Tensor): Tensor {
    return this.cells[0]!.projectInputs(sequence);
  }

  override step(input: Tensor, states: Tensor[], training: boolean): CellStep {
    let x = input;
    let pos = 0;
    const next: Tensor[] = [];
    this.cells.forEach((cell, k) => {
      const n = cell.stateSize.length;
      if (k > 0) x = tf.squeeze(cell.projectInputs(tf.expandDims(x, 1)), [1]);
      const out = cell.step(x, states.slice(pos, pos + n), training);
      pos += n;
      next.push(...out.states);
      x = out.output;
    });
    return { output: x, states: next };
  }

  call(inputs: Tensor | Tensor[], kwargs: CallArgs): Tensor[] {
    return callCellOnce(this, inputs, kwargs);
  }

  override get weightEntries(): readonly LayerWeight[] {
    return nestedWeightEntries(this, this.layerWeights, this.cells);
  }

  override get trainableWeights(): tf.Variable[] {
    return this.weightEntries.filter((w) => w.trainable).map((w) => w.variable);
  }

  override get losses(): Tensor[] {
    return [...super.losses, ...childWeightPenalties(this.cells)];
  }

  override applyConstraints(): void {
    super.applyConstraints();
    for (const c of this.cells) c.applyConstraints();
  }

  override dispose(): void {
    super.dispose();
    for (const c of this.cells) c.dispose();
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), cells: this.cells.map((c) => ({ className: c.className, config: c.getConfig() })) };
  }

  static fromConfig(config: Record<string, unknown>): StackedRNNCells {
    const cells = config.cells;
    if (!Array.isArray(cells)) throw new Error(`StackedRNNCells config needs a list of cells. Received: cells=${JSON.stringify(cells)}`);
    return new StackedRNNCells({ ...(config as unknown as LayerArgs), cells: cells.map(deserializeCell) });
  }
}
