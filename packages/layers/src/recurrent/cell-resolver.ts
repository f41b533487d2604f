import type { Layer } from '../engine/layer.js';
import { RNNCell } from './cell.js';
import { SimpleRNNCell } from './simple-rnn-cell.js';
import { LSTMCell } from './lstm-cell.js';
import { GRUCell } from './gru-cell.js';
import { StackedRNNCells } from './stacked-cells.js';

type CellClass = (new (args: never) => Layer) & { fromConfig?: (config: Record<string, unknown>) => Layer };

// registry.ts keeps classes given to registerLayer in this global map. It is read here directly because
// importing registry.ts would close an import cycle (registry → builtin-layers → lstm → rnn → registry) in which
// `class LSTM extends RNN` could run before RNN exists.
const USER_REGISTRY = Symbol.for('@tessera/layers/registry');

function builtinCells(): Record<string, CellClass> {
  return { SimpleRNNCell, LSTMCell, GRUCell, StackedRNNCells } as unknown as Record<string, CellClass>;
}

/** A cell from `{ className, config }`: the built-in cells or a cell class given to registerLayer. */
export function deserializeCell(spec: unknown): RNNCell {
  if (spec instanceof RNNCell) return spec;
  const s = spec as { className?: unknown; config?: unknown } | null;
  if (!s || typeof s.className !== 'string' || typeof s.config !== 'object' || s.config === null) {
    throw new Error(`Argument \`cell\` should be an RNN cell or a { className, config } object. Received: cell=${JSON.stringify(spec)?.slice(0, 200)}`);
  }
  const user = (globalThis as { [USER_REGISTRY]?: Map<string, CellClass> })[USER_REGISTRY];
  const cls = user?.get(s.className) ?? builtinCells()[s.className];
  if (!cls) {
    throw new Error(`Unknown RNN cell: '${s.className}'. Please ensure you are using a registered cell class (registerLayer(MyCell) for custom cells).`);
  }
  const cfg = s.config as Record<string, unknown>;
  const cell = cls.fromConfig ? cls.fromConfig(cfg) : new cls(cfg as never);
  if (!(cell instanceof RNNCell)) throw new Error(`Layer class '${s.className}' is not an RNN cell (it should extend RNNCell).`);
  return cell;
}
