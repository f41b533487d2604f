import { RNN, cellArgsFrom, flatRecurrentConfig } from './rnn.js';
import type { RecurrentLayerArgs } from './rnn.js';
import { GRUCell } from './gru-cell.js';
import type { GRUCellArgs } from './gru-cell.js';

export interface GRUArgs extends GRUCellArgs, RecurrentLayerArgs {}

/**
 * Gated Recurrent Unit (Cho et al. 2014), Keras 3 defaults: recurrentActivation 'sigmoid' and resetAfter true
 * (bias [2, 3·units]); tfjs uses hardSigmoid and supports only resetAfter false. Weights:
 * `gru/gru_cell/{kernel, recurrent_kernel, bias}` (Keras 3 paths), gate blocks in Keras's order z, r, h.
 */
export class GRU extends RNN {
  static override className = 'GRU';
  declare readonly cell: GRUCell;

  constructor(args: GRUArgs) {
    super({ ...args, cell: new GRUCell(cellArgsFrom(args, 'gru_cell')) });
    this.inputSpec = { ndim: 3 };
  }

  get units(): number {
    return this.cell.units;
  }

  override getConfig(): Record<string, unknown> {
    return flatRecurrentConfig(this, this.rnnConfig());
  }

  static override fromConfig(config: Record<string, unknown>): GRU {
    return new GRU(config as unknown as GRUArgs);
  }
}
