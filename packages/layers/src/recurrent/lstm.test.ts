import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import * as tfjs from '@tensorflow/tfjs';
import { cpu } from '@tessera/backend-cpu';
import { LSTM } from './lstm.js';
import type { LSTMArgs } from './lstm.js';
import { input } from '../core/input.js';
import { deserializeLayer, serializeLayer } from '../registry.js';
import { compareLayerWithTfjs, expectClose, seededValues } from '../testing/layer-parity.js';
import { compareMultiWithTfjs } from './test-utils.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
  await tfjs.setBackend('cpu');
});

// tfjs defaults recurrentActivation to hardSigmoid (Keras: sigmoid): pin it on the tfjs side. unitForgetBias and
// the initializers do not matter once our weights are copied over.
const theirLstm = (a: Record<string, unknown>) => tfjs.layers.lstm({ recurrentActivation: 'sigmoid', ...(a as { units: number }) });

describe('LSTM', () => {
  it('matches tfjs-layers forward and backward: last output, sequences, goBackwards, no bias, relu', async () => {
    const variants: Partial<LSTMArgs>[] = [
      {},
      { returnSequences: true },
      { goBackwards: true },
      { returnSequences: true, goBackwards: true },
      { useBias: false, activation: 'relu' },
    ];
    for (const v of variants) {
      const before = tf.memory().numTensors;
      const ours = new LSTM({ units: 3, ...v });
      const theirs = theirLstm({ units: 3, ...v });
      await compareLayerWithTfjs({ ours, theirs, inputShapes: [[2, 4, 3]] });
      ours.dispose();
      theirs.dispose();
      expect(tf.memory().numTensors, JSON.stringify(v)).toBe(before);
    }
  });

  it('returns [output, h, c] with returnState and takes initial states, matching tfjs (gradients include the states)', async () => {
    const before = tf.memory().numTensors;
    const ours = new LSTM({ units: 3, returnState: true, returnSequences: true });
    const theirs = theirLstm({ units: 3, returnState: true, returnSequences: true });
    await compareMultiWithTfjs({
      ours,
      theirs,
      inputShapes: [[2, 4, 3], [2, 3], [2, 3]],
      callOurs: ([x, h, c]) => ours.apply(x!, { initialState: [h!, c!] }) as unknown as Tensor[],
      callTheirs: ([x, h, c]) => theirs.apply(x!, { initialState: [h!, c!] }) as tfjs.Tensor[],
    });
    // Initial states may also be given as extra inputs, Keras-style.
    const [x, h, c] = [tf.ones([2, 4, 3]), tf.fill([2, 3], 0.5), tf.fill([2, 3], -0.5)];
    const a = ours.apply(x, { initialState: [h, c] }) as unknown as Tensor[];
    const b = ours.apply([x, h, c]) as Tensor[];
    expectClose(await b[2]!.data(), await a[2]!.data(), 0, 0, 'state c via inputs');
    tf.dispose([x, h, c, ...a, ...b]);
    ours.dispose();
    theirs.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('returns distinct tensors for the output and the states', () => {
    const l = new LSTM({ units: 2, returnState: true });
    const x = tf.ones([1, 3, 2]);
    const [o, h, c] = l.apply(x) as unknown as Tensor[];
    expect(o).not.toBe(h);
    o!.dispose();
    expect(h!.dataSync().length).toBe(2);
    tf.dispose([x, h!, c!]);
    l.dispose();
  });

  it('masked steps keep the state: a right-padded sequence ends where its unpadded prefix does (also backwards)', async () => {
    const before = tf.memory().numTensors;
    for (const goBackwards of [false, true]) {
      const l = new LSTM({ units: 3, returnState: true, goBackwards });
      const x = tf.tensor(seededValues(2 * 5 * 3, 7), [2, 5, 3]);
      const mask = tf.tensor([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]], [2, 5], 'bool');
      const [o, h, c] = l.apply(x, { mask }) as unknown as Tensor[];
      const prefix = tf.slice(x, [1, 0, 0], [1, 3, 3]);
      const [op, hp, cp] = l.apply(prefix) as unknown as Tensor[];
      expectClose((await h!.data()).slice(3), await hp!.data(), 1e-6, 1e-7, 'h of the masked sample');
      expectClose((await c!.data()).slice(3), await cp!.data(), 1e-6, 1e-7, 'c of the masked sample');
      tf.dispose([x, mask, o!, h!, c!, prefix, op!, hp!, cp!]);
      l.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('matches tfjs with a mask (sequences repeat the previous output at masked steps), gradients included', async () => {
    const ours = new LSTM({ units: 3, returnSequences: true });
    const theirs = theirLstm({ units: 3, returnSequences: true });
    const rows = [[1, 1, 0, 1], [1, 1, 1, 0]];
    const mask = tf.tensor(rows, [2, 4], 'bool');
    const theirMask = tfjs.tensor(rows, [2, 4], 'bool');
    await compareMultiWithTfjs({
      ours,
      theirs,
      inputShapes: [[2, 4, 3]],
      callOurs: ([x]) => ours.apply(x!, { mask }),
      callTheirs: ([x]) => theirs.apply(x!, { mask: theirMask }) as tfjs.Tensor,
    });
    mask.dispose();
    theirMask.dispose();
    ours.dispose();
    theirs.dispose();
  });

  it('initialises as Keras 3 (unit forget bias, orthogonal recurrent kernel) under Keras 3 weight paths', async () => {
    const l = new LSTM({ units: 2, name: 'lstm_init' });
    const x = tf.zeros([1, 3, 4]);
    l.apply(x).dispose();
    expect(l.weightEntries.map((w) => w.name)).toEqual(['lstm_init/lstm_cell/kernel', 'lstm_init/lstm_cell/recurrent_kernel', 'lstm_init/lstm_cell/bias']);
    expect(Array.from(await l.weights[2]!.data())).toEqual([0, 0, 1, 1, 0, 0, 0, 0]);
    const u = l.weights[1]!; // [2, 8]: rows orthonormal
    const gram = await tf.matMul(u, u, false, true).data();
    expectClose(gram, [1, 0, 0, 1], 1e-5, 1e-5, 'U Uᵀ');
    expect(l.countParams()).toBe(4 * 8 + 2 * 8 + 8);
    const plain = new LSTM({ units: 2, unitForgetBias: false, biasInitializer: 'ones' });
    plain.apply(x).dispose();
    expect(Array.from(await plain.weights[2]!.data())).toEqual(new Array(8).fill(1));
    x.dispose();
    l.dispose();
    plain.dispose();
  });

  it('stateful: carries states across calls, resetStates clears or sets them', async () => {
    const before = tf.memory().numTensors;
    const stateful = new LSTM({ units: 3, stateful: true });
    const plain = new LSTM({ units: 3 });
    const x = tf.tensor(seededValues(2 * 6 * 3, 3), [2, 6, 3]);
    const [x1, x2] = tf.split(x, 2, 1) as [Tensor, Tensor];
    stateful.apply(x1).dispose();
    plain.apply(x1).dispose();
    plain.setWeights(stateful.weights);
    stateful.resetStates();
    const first = stateful.apply(x1);
    const second = stateful.apply(x2);
    const whole = plain.apply(x);
    expectClose(await second.data(), await whole.data(), 1e-5, 1e-6, 'two stateful calls = one call on the whole sequence');
    stateful.resetStates();
    const again = stateful.apply(x1);
    expectClose(await again.data(), await first.data(), 0, 0, 'after resetStates');
    const h = tf.fill([2, 3], 0.3);
    const c = tf.fill([2, 3], -0.2);
    stateful.resetStates([h, c]);
    const fromStates = stateful.apply(x1);
    const direct = plain.apply(x1, { initialState: [h, c] });
    expectClose(await fromStates.data(), await direct.data(), 0, 0, 'resetStates(states)');
    const bigger = tf.zeros([3, 3, 3]);
    expect(() => stateful.apply(bigger)).toThrow(/holds states for a batch of 2, but it received a batch of 3/);
    expect(() => plain.resetStates()).toThrow(/is not stateful/);
    tf.dispose([x, x1, x2, first, second, whole, again, h, c, fromStates, direct, bigger]);
    stateful.dispose();
    plain.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('infers shapes symbolically', () => {
    const x = input({ shape: [null, 5] });
    expect(new LSTM({ units: 4 }).apply(x).shape).toEqual([null, 4]);
    expect(new LSTM({ units: 4, returnSequences: true }).apply(x).shape).toEqual([null, null, 4]);
    const outs = new LSTM({ units: 4, returnState: true }).apply(x) as unknown as { shape: unknown }[];
    expect(outs.map((o) => o.shape)).toEqual([[null, 4], [null, 4], [null, 4]]);
  });

  it('round-trips through its config, flat as Keras (no nested cell)', () => {
    const l = new LSTM({ units: 3, returnSequences: true, dropout: 0.25, recurrentRegularizer: 'l2', unitForgetBias: false, name: 'cfg_lstm' });
    const c = serializeLayer(l);
    expect(c.className).toBe('LSTM');
    expect(c.config).toMatchObject({
      name: 'cfg_lstm',
      units: 3,
      activation: 'tanh',
      recurrentActivation: 'sigmoid',
      unitForgetBias: false,
      returnSequences: true,
      returnState: false,
      goBackwards: false,
      stateful: false,
      unroll: false,
      dropout: 0.25,
      recurrentDropout: 0,
      recurrentInitializer: { className: 'Orthogonal' },
      recurrentRegularizer: { className: 'L2', config: { l2: 0.01 } },
    });
    expect(c.config.cell).toBeUndefined();
    const l2 = deserializeLayer({ className: 'LSTM', config: { ...c.config, name: 'cfg_lstm_2' } }) as LSTM;
    expect(l2).toBeInstanceOf(LSTM);
    expect(l2.getConfig()).toEqual({ ...c.config, name: 'cfg_lstm_2' });
  });

  it('rejects bad arguments, inputs and states in Keras words', () => {
    expect(() => new LSTM({ units: 0 })).toThrow('Invalid value for argument `units`. Expected a positive integer. Received: units=0');
    expect(() => new LSTM({ units: 2, dropout: 1.5 })).toThrow('Invalid value for argument `dropout`. Expected a float between 0 and 1. Received: dropout=1.5');
    expect(() => new LSTM({ units: 2, recurrentActivation: 'nope' })).toThrow(/Invalid value for argument `recurrent_activation`/);
    expect(() => new LSTM({ units: 2, returnSequences: 'yes' as unknown as boolean })).toThrow(/Invalid value for argument `return_sequences`/);
    const l = new LSTM({ units: 2, name: 'lstm' });
    const flat = tf.zeros([2, 3]);
    expect(() => l.apply(flat)).toThrow('Input 0 of layer "lstm" is incompatible with the layer: expected ndim=3, found ndim=2. Full shape received: (2, 3)');
    const x = tf.zeros([2, 4, 3]);
    l.apply(x).dispose();
    const wide = tf.zeros([2, 4, 5]);
    expect(() => l.apply(wide)).toThrow('Input 0 of layer "lstm" is incompatible with the layer: expected axis -1 of input shape to have value 3, but received input with shape (2, 4, 5)');
    const h = tf.zeros([2, 2]);
    expect(() => l.apply(x, { initialState: [h] })).toThrow('Layer "lstm" expects 2 state(s) of shape (2, 2), (2, 2), but it received 1 state tensor(s).');
    const badMask = tf.ones([2, 5], 'bool');
    expect(() => l.apply(x, { mask: badMask })).toThrow(/the mask should have shape \(2, 4\)/);
    tf.dispose([flat, x, wide, h, badMask]);
    l.dispose();
  });
});
