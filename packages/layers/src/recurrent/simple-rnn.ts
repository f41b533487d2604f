import { RNN, cellArgsFrom, flatRecurrentConfig } from './rnn.js';
import type { RecurrentLayerArgs } from './rnn.js';
import { SimpleRNNCell } from './simple-rnn-cell.js';
import type { SimpleRNNCellArgs } from './simple-rnn-cell.js';

export interface SimpleRNNArgs extends SimpleRNNCellArgs, RecurrentLayerArgs {}

/**
 * A fully-connected RNN whose output is fed back as its state (Keras's SimpleRNN). Weights:
 * `simple_rnn/simple_rnn_cell/{kernel, recurrent_kernel, bias}` (Keras 3 paths).
 */
export class SimpleRNN extends RNN {
  static override className = 'SimpleRNN';
  declare readonly cell: SimpleRNNCell;

  constructor(args: SimpleRNNArgs) {
    super({ ...args, cell: new SimpleRNNCell(cellArgsFrom(args, 'simple_rnn_cell')) });
    this.inputSpec = { ndim: 3 };
  }

  get units(): number {
    return this.cell.units;
  }

  override getConfig(): Record<string, unknown> {
    return flatRecurrentConfig(this, this.rnnConfig());
  }

  static override fromConfig(config: Record<string, unknown>): SimpleRNN {
    return new SimpleRNN(config as unknown as SimpleRNNArgs);
  }
}
