import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import * as tfjs from '@tensorflow/tfjs';
import { cpu } from '@tessera/backend-cpu';
import { Bidirectional } from './bidirectional.js';
import type { MergeMode } from './bidirectional.js';
import { LSTM } from './lstm.js';
import { GRU } from './gru.js';
import { SimpleRNN } from './simple-rnn.js';
import { Dense } from '../core/dense.js';
import { input } from '../core/input.js';
import { deserializeLayer, serializeLayer } from '../registry.js';
import { compareLayerWithTfjs, expectClose, seededValues } from '../testing/layer-parity.js';
import { compareMultiWithTfjs } from './test-utils.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
  await tfjs.setBackend('cpu');
});

describe('Bidirectional', () => {
  it('matches tfjs-layers for every merge mode, on last outputs and on sequences', async () => {
    const cases = [['concat', false], ['concat', true], ['sum', true], ['mul', false], ['ave', true]] as const;
    for (const [mergeMode, returnSequences] of cases) {
      {
        const before = tf.memory().numTensors;
        const ours = new Bidirectional({ layer: new LSTM({ units: 3, returnSequences }), mergeMode });
        const theirs = tfjs.layers.bidirectional({ layer: tfjs.layers.lstm({ units: 3, returnSequences, recurrentActivation: 'sigmoid' }) as never, mergeMode });
        await compareLayerWithTfjs({ ours, theirs, inputShapes: [[2, 4, 3]] });
        ours.dispose();
        theirs.dispose();
        expect(tf.memory().numTensors, `${mergeMode} ${returnSequences}`).toBe(before);
      }
    }
  });

  it('with mergeMode null and returnState returns [forward, backward, ...forward states, ...backward states] as tfjs', async () => {
    const ours = new Bidirectional({ layer: new GRU({ units: 3, resetAfter: false, returnSequences: true, returnState: true }), mergeMode: null });
    const theirs = tfjs.layers.bidirectional({
      layer: tfjs.layers.gru({ units: 3, resetAfter: false, returnSequences: true, returnState: true, recurrentActivation: 'sigmoid' } as never) as never,
      mergeMode: null as never,
    });
    await compareMultiWithTfjs({
      ours,
      theirs,
      inputShapes: [[2, 4, 2]],
      callOurs: ([x]) => ours.apply(x!) as unknown as Tensor[],
      callTheirs: ([x]) => theirs.apply(x!) as tfjs.Tensor[],
    });
    const outs = ours.apply(input({ shape: [4, 2] })) as unknown as { shape: unknown }[];
    expect(outs.map((o) => o.shape)).toEqual([[null, 4, 3], [null, 4, 3], [null, 3], [null, 3]]);
    ours.dispose();
    theirs.dispose();
  });

  it('splits initial states in half (forward first) and accepts its own backward layer', async () => {
    const ours = new Bidirectional({
      layer: new SimpleRNN({ units: 2 }),
      backwardLayer: new SimpleRNN({ units: 2, activation: 'relu', goBackwards: true }),
      mergeMode: 'concat',
    });
    const theirs = tfjs.layers.bidirectional({ layer: tfjs.layers.simpleRNN({ units: 2 }) as never, mergeMode: 'concat' });
    // tfjs has no backwardLayer argument: give its backward copy the same relu activation by hand.
    type WithCell = { cell: { activation: unknown } };
    const relu = (tfjs.layers.simpleRNN({ units: 1, activation: 'relu' }) as unknown as WithCell).cell.activation;
    (theirs as unknown as { backwardLayer: WithCell }).backwardLayer.cell.activation = relu;
    await compareMultiWithTfjs({
      ours,
      theirs,
      inputShapes: [[2, 3, 2], [2, 2], [2, 2]],
      callOurs: ([x, h1, h2]) => ours.apply(x!, { initialState: [h1!, h2!] }),
      callTheirs: ([x, h1, h2]) => theirs.apply(x!, { initialState: [h1!, h2!] }) as tfjs.Tensor,
    });
    ours.dispose();
    theirs.dispose();
  });

  it('zeroes masked steps of returned sequences in both directions (Keras forces zeroOutputForMask)', async () => {
    const before = tf.memory().numTensors;
    const l = new Bidirectional({ layer: new LSTM({ units: 2, returnSequences: true }) });
    const x = tf.tensor(seededValues(2 * 4 * 3, 9), [2, 4, 3]);
    const mask = tf.tensor([[1, 1, 1, 1], [1, 1, 0, 0]], [2, 4], 'bool');
    const y = l.apply(x, { mask });
    const d = await y.data();
    expect(Array.from(d.slice((1 * 4 + 2) * 4, (1 * 4 + 4) * 4))).toEqual(new Array(8).fill(0));
    expect(Array.from(d.slice((1 * 4 + 1) * 4, (1 * 4 + 2) * 4)).every((v) => v !== 0)).toBe(true);
    // The backward direction of the masked sample starts at its last real step: same as running it on the prefix.
    const prefix = tf.slice(x, [1, 0, 0], [1, 2, 3]);
    const yp = l.apply(prefix);
    expectClose(d.slice(4 * 4, 6 * 4), await yp.data(), 1e-6, 1e-7, 'masked sample = its prefix');
    tf.dispose([x, mask, y, prefix, yp]);
    l.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names its weights by Keras 3 paths, infers shapes and round-trips through its config', () => {
    const l = new Bidirectional({ layer: new LSTM({ units: 3, name: 'lstm' }), name: 'bidirectional' });
    const y = l.apply(input({ shape: [5, 2] }));
    expect(y.shape).toEqual([null, 6]);
    expect(l.weightEntries.map((w) => w.name)).toEqual([
      'bidirectional/forward_lstm/lstm_cell/kernel',
      'bidirectional/forward_lstm/lstm_cell/recurrent_kernel',
      'bidirectional/forward_lstm/lstm_cell/bias',
      'bidirectional/backward_lstm/lstm_cell/kernel',
      'bidirectional/backward_lstm/lstm_cell/recurrent_kernel',
      'bidirectional/backward_lstm/lstm_cell/bias',
    ]);
    expect(l.backwardLayer.goBackwards).toBe(true);
    const c = serializeLayer(l);
    expect(c.config).toMatchObject({ mergeMode: 'concat', layer: { className: 'LSTM', config: { name: 'forward_lstm' } }, backwardLayer: { config: { goBackwards: true } } });
    const copy = deserializeLayer(c) as Bidirectional;
    expect(copy.getConfig()).toEqual(c.config);
    const sum = new Bidirectional({ layer: new GRU({ units: 4, returnSequences: true }), mergeMode: 'sum' });
    expect(sum.apply(input({ shape: [null, 2] })).shape).toEqual([null, null, 4]);
    l.dispose();
    copy.dispose();
    sum.dispose();
  });

  it('rejects bad wrappers in Keras words', () => {
    expect(() => new Bidirectional({ layer: new LSTM({ units: 2 }), mergeMode: 'max' as MergeMode })).toThrow(
      'Invalid value for argument `merge_mode`. Expected one of "sum", "mul", "ave", "concat", null. Received: merge_mode="max"',
    );
    expect(() => new Bidirectional({ layer: new Dense({ units: 2 }) })).toThrow(/Invalid value for argument `layer`. Expected a recurrent layer/);
    expect(() => new Bidirectional({ layer: 'lstm' as never })).toThrow(/Please initialize `Bidirectional` layer with a `Layer` instance/);
    expect(() => new Bidirectional({ layer: new LSTM({ units: 2 }), backwardLayer: new LSTM({ units: 2 }) })).toThrow(
      /Forward layer and backward layer should have different `go_backwards` value/,
    );
    expect(() => new Bidirectional({ layer: new LSTM({ units: 2 }), backwardLayer: new LSTM({ units: 2, goBackwards: true, returnSequences: true }) })).toThrow(
      /expected to have the same value for attribute "returnSequences"/,
    );
    const l = new Bidirectional({ layer: new LSTM({ units: 2 }), name: 'bidi' });
    const x = tf.zeros([2, 3]);
    expect(() => l.apply(x)).toThrow('Input 0 of layer "bidi" is incompatible with the layer: expected ndim=3, found ndim=2. Full shape received: (2, 3)');
    x.dispose();
  });
});
