import { RNN, cellArgsFrom, flatRecurrentConfig } from './rnn.js';
import type { RecurrentLayerArgs } from './rnn.js';
import { LSTMCell } from './lstm-cell.js';
import type { LSTMCellArgs } from './lstm-cell.js';

export interface LSTMArgs extends LSTMCellArgs, RecurrentLayerArgs {}

/**
 * Long Short-Term Memory (Hochreiter 1997), Keras 3 defaults: recurrentActivation 'sigmoid' and unitForgetBias true
 * (tfjs: hardSigmoid, false). States [h, c]. Weights: `lstm/lstm_cell/{kernel, recurrent_kernel, bias}` (Keras 3
 * paths), gate blocks in Keras's order i, f, c, o.
 */
export class LSTM extends RNN {
  static override className = 'LSTM';
  declare readonly cell: LSTMCell;

  constructor(args: LSTMArgs) {
    super({ ...args, cell: new LSTMCell(cellArgsFrom(args, 'lstm_cell')) });
    this.inputSpec = { ndim: 3 };
  }

  get units(): number {
    return this.cell.units;
  }

  override getConfig(): Record<string, unknown> {
    return flatRecurrentConfig(this, this.rnnConfig());
  }

  static override fromConfig(config: Record<string, unknown>): LSTM {
    return new LSTM(config as unknown as LSTMArgs);
  }
}
