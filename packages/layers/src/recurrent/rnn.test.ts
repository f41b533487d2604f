import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import * as tfjs from '@tensorflow/tfjs';
import { cpu } from '@tessera/backend-cpu';
import { RNN } from './rnn.js';
import { RNNCell } from './cell.js';
import { LSTMCell } from './lstm-cell.js';
import { GRUCell } from './gru-cell.js';
import { SimpleRNNCell } from './simple-rnn-cell.js';
import { StackedRNNCells } from './stacked-cells.js';
import { LSTM } from './lstm.js';
import type { CallArgs } from '../engine/layer.js';
import type { LayerShape } from '../shape.js';
import { input } from '../core/input.js';
import { deserializeLayer, registerLayer, serializeLayer } from '../registry.js';
import { compareLayerWithTfjs, expectClose, seededValues } from '../testing/layer-parity.js';
import { compareMultiWithTfjs } from './test-utils.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
  await tfjs.setBackend('cpu');
});

/** Keras's documentation example of a custom cell: only `stateSize`, `build` and `call`. */
class MinimalRNNCell extends RNNCell {
  static override className = 'MinimalRNNCell';
  readonly units: number;
  kernel: tf.Variable | null = null;
  recurrentKernel: tf.Variable | null = null;
  constructor(args: { units: number; name?: string }) {
    super(args);
    this.units = args.units;
  }
  get stateSize(): number[] {
    return [this.units];
  }
  override build(inputShape: LayerShape | LayerShape[]): void {
    const shape = inputShape as LayerShape;
    this.kernel = this.addWeight('kernel', [shape[shape.length - 1]!, this.units], { initializer: 'ones' });
    this.recurrentKernel = this.addWeight('recurrent_kernel', [this.units, this.units], { initializer: 'identity' });
  }
  call(inputs: Tensor | Tensor[], _kwargs: CallArgs): Tensor[] {
    const [x, prev] = inputs as Tensor[];
    const out = tf.matMul(x!, this.kernel!).add(tf.matMul(prev!, this.recurrentKernel!));
    return [out, out];
  }
  override getConfig() {
    return { ...super.getConfig(), units: this.units };
  }
}

describe('RNN (generic cell runner) and the cells', () => {
  it('RNN(LSTMCell) computes what LSTM does, with weights under rnn/<cell>/...', async () => {
    const before = tf.memory().numTensors;
    const generic = new RNN({ cell: new LSTMCell({ units: 3 }), returnSequences: true, name: 'rnn_lstm' });
    const lstm = new LSTM({ units: 3, returnSequences: true });
    const x = tf.tensor(seededValues(2 * 4 * 3, 5), [2, 4, 3]);
    generic.apply(x).dispose();
    lstm.apply(x).dispose();
    lstm.setWeights(generic.weights);
    const a = generic.apply(x);
    const b = lstm.apply(x);
    expectClose(await a.data(), await b.data(), 0, 0, 'RNN(LSTMCell) vs LSTM');
    expect(generic.weightEntries.map((w) => w.name)).toEqual([
      'rnn_lstm/lstm_cell/kernel',
      'rnn_lstm/lstm_cell/recurrent_kernel',
      'rnn_lstm/lstm_cell/bias',
    ]);
    tf.dispose([x, a, b]);
    generic.dispose();
    lstm.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('cells run one step standalone ([x, ...states] → [output, ...states]) as tfjs cells do', async () => {
    const cases: [RNNCell, tfjs.layers.Layer, number][] = [
      [new LSTMCell({ units: 3 }), tfjs.layers.lstmCell({ units: 3, recurrentActivation: 'sigmoid' }), 2],
      [new GRUCell({ units: 3, resetAfter: false }), tfjs.layers.gruCell({ units: 3, recurrentActivation: 'sigmoid', resetAfter: false }), 1],
      [new SimpleRNNCell({ units: 3 }), tfjs.layers.simpleRNNCell({ units: 3 }), 1],
    ];
    for (const [ours, theirs, nStates] of cases) {
      const before = tf.memory().numTensors;
      await compareMultiWithTfjs({
        ours,
        theirs,
        inputShapes: [[2, 4], ...Array.from({ length: nStates }, () => [2, 3])],
        callOurs: (xs) => ours.apply(xs) as Tensor[],
        callTheirs: (xs) => {
          if (!theirs.built) theirs.build([2, 4]); // tfjs cells cannot build from the [x, ...states] shape list
          return theirs.apply(xs) as tfjs.Tensor[];
        },
      });
      ours.dispose(); // (tfjs refuses to dispose a cell whose apply it did not track)
      expect(tf.memory().numTensors, ours.className).toBe(before);
    }
  });

  it('runs a custom cell that only implements call and stateSize', async () => {
    const rnn = new RNN({ cell: new MinimalRNNCell({ units: 2 }), returnSequences: true });
    const x = tf.ones([1, 3, 2]);
    // h_t = x_t · ones + h_{t-1} = 2 + h_{t-1}
    expect(Array.from(await rnn.apply(x).data())).toEqual([2, 2, 4, 4, 6, 6]);
    expect(rnn.apply(input({ shape: [null, 2] })).shape).toEqual([null, null, 2]);
    registerLayer(MinimalRNNCell as never);
    const copy = deserializeLayer(serializeLayer(rnn)) as RNN;
    expect(copy.cell).toBeInstanceOf(MinimalRNNCell);
    expect(copy.getConfig()).toEqual(rnn.getConfig());
    x.dispose();
    rnn.dispose();
  });

  it('stacks cells (Keras StackedRNNCells) like tfjs, with the states of every cell', async () => {
    const ours = new RNN({ cell: [new LSTMCell({ units: 3, name: 'c1' }), new GRUCell({ units: 2, resetAfter: false, name: 'c2' })], returnSequences: true });
    const theirs = tfjs.layers.rnn({
      cell: [tfjs.layers.lstmCell({ units: 3, recurrentActivation: 'sigmoid' }), tfjs.layers.gruCell({ units: 2, recurrentActivation: 'sigmoid', resetAfter: false })],
      returnSequences: true,
    });
    await compareLayerWithTfjs({ ours, theirs, inputShapes: [[2, 4, 3]] });
    expect(ours.cell).toBeInstanceOf(StackedRNNCells);
    expect(ours.stateSize).toEqual([3, 3, 2]);
    const paths = ours.weightEntries.map((w) => w.name.split('/'));
    expect(paths.every((p) => p[0] === ours.name && p[1] === ours.cell.name)).toBe(true);
    expect(paths.map((p) => p.slice(2).join('/'))).toEqual(['c1/kernel', 'c1/recurrent_kernel', 'c1/bias', 'c2/kernel', 'c2/recurrent_kernel', 'c2/bias']);
    const copy = deserializeLayer(serializeLayer(ours)) as RNN;
    expect(copy.getConfig()).toEqual(ours.getConfig());
    const withState = new RNN({ cell: [new SimpleRNNCell({ units: 2 }), new LSTMCell({ units: 3 })], returnState: true });
    const outs = withState.apply(input({ shape: [4, 5] })) as unknown as { shape: unknown }[];
    expect(outs.map((o) => o.shape)).toEqual([[null, 3], [null, 2], [null, 3], [null, 3]]);
    ours.dispose();
    theirs.dispose();
  });

  it('freezing the layer makes its cell weights non-trainable', () => {
    const rnn = new LSTM({ units: 2 });
    const x = tf.zeros([1, 2, 2]);
    rnn.apply(x).dispose();
    rnn.trainable = false;
    expect(rnn.trainableWeights).toEqual([]);
    expect(rnn.nonTrainableWeights.length).toBe(3);
    rnn.trainable = true;
    expect(rnn.trainableWeights.length).toBe(3);
    x.dispose();
    rnn.dispose();
  });

  it('rejects what is not a cell', () => {
    expect(() => new RNN({ cell: {} as never })).toThrow(/Invalid value for argument `cell`/);
    expect(() => new StackedRNNCells({ cells: [] })).toThrow(/should be a non-empty list of RNN cells/);
    expect(() => deserializeLayer({ className: 'RNN', config: { cell: { className: 'Nope', config: {} } } })).toThrow("Unknown RNN cell: 'Nope'");
    const cell = new LSTMCell({ units: 2, name: 'step_cell' });
    const x = tf.zeros([2, 3, 4]);
    expect(() => cell.apply(x)).toThrow(/expects a step input of shape \(batch, features\)/);
    x.dispose();
  });
});
