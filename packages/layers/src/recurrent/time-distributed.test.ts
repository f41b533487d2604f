import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import * as tfjs from '@tensorflow/tfjs';
import { cpu } from '@tessera/backend-cpu';
import { TimeDistributed } from './time-distributed.js';
import { LSTM } from './lstm.js';
import { Dense } from '../core/dense.js';
import { Dropout } from '../core/dropout.js';
import { Conv2D } from '../convolutional/conv2d.js';
import { input } from '../core/input.js';
import { getMask } from '../engine/layer.js';
import { deserializeLayer, serializeLayer } from '../registry.js';
import { compareLayerWithTfjs, expectClose } from '../testing/layer-parity.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
  await tfjs.setBackend('cpu');
});

describe('TimeDistributed', () => {
  it('matches tfjs-layers with Dense (rank 3 and rank 4 inputs)', async () => {
    for (const shape of [[2, 4, 3], [2, 3, 2, 3]]) {
      const before = tf.memory().numTensors;
      const ours = new TimeDistributed({ layer: new Dense({ units: 2, activation: 'tanh' }) });
      const theirs = tfjs.layers.timeDistributed({ layer: tfjs.layers.dense({ units: 2, activation: 'tanh' }) });
      await compareLayerWithTfjs({ ours, theirs, inputShapes: [shape] });
      ours.dispose();
      theirs.dispose();
      expect(tf.memory().numTensors, String(shape)).toBe(before);
    }
  });

  it('matches tfjs-layers with Conv2D on [batch, time, rows, cols, channels]', async () => {
    const ours = new TimeDistributed({ layer: new Conv2D({ filters: 2, kernelSize: 2, biasInitializer: 'random_uniform' }) });
    const theirs = tfjs.layers.timeDistributed({ layer: tfjs.layers.conv2d({ filters: 2, kernelSize: 2 }) });
    await compareLayerWithTfjs({ ours, theirs, inputShapes: [[2, 3, 4, 4, 2]] });
    expect(ours.apply(input({ shape: [3, 4, 4, 2] })).shape).toEqual([null, 3, 3, 3, 2]);
    ours.dispose();
    theirs.dispose();
  });

  it('feeds a recurrent layer and passes the mask through', async () => {
    const td = new TimeDistributed({ layer: new Dense({ units: 3 }) });
    const lstm = new LSTM({ units: 2, returnState: true });
    const x = tf.ones([2, 4, 5]);
    const mask = tf.tensor([[1, 1, 1, 1], [1, 1, 0, 0]], [2, 4], 'bool');
    const y = td.apply(x, { mask });
    expect(getMask(y)).toBe(mask);
    const outs = lstm.apply(y) as unknown as tf.Tensor[];
    expect(outs[0]!.shape).toEqual([2, 2]);
    tf.dispose([x, mask, y, ...outs]);
    td.dispose();
    lstm.dispose();
  });

  it('passes training to the wrapped layer', async () => {
    const td = new TimeDistributed({ layer: new Dropout({ rate: 0.5, seed: 1 }) });
    const x = tf.ones([2, 3, 8]);
    const inf = td.apply(x);
    expectClose(await inf.data(), new Float32Array(48).fill(1), 0, 0, 'inference is identity');
    const tr = td.apply(x, { training: true });
    expect(new Set(await tr.data())).toEqual(new Set([0, 2]));
    tf.dispose([x, inf, tr]);
  });

  it('names the wrapped weights under its own path, infers shapes and round-trips through its config', () => {
    const td = new TimeDistributed({ layer: new Dense({ units: 4, name: 'dense' }), name: 'time_distributed' });
    expect(td.apply(input({ shape: [null, 3] })).shape).toEqual([null, null, 4]);
    expect(td.weightEntries.map((w) => w.name)).toEqual(['time_distributed/dense/kernel', 'time_distributed/dense/bias']);
    expect(td.countParams()).toBe(16);
    const c = serializeLayer(td);
    expect(c.config).toMatchObject({ name: 'time_distributed', layer: { className: 'Dense', config: { units: 4, name: 'dense' } } });
    const copy = deserializeLayer(c) as TimeDistributed;
    expect(copy.layer).toBeInstanceOf(Dense);
    expect(copy.getConfig()).toEqual(c.config);
    td.dispose();
  });

  it('rejects bad wrappers and inputs in Keras words', () => {
    expect(() => new TimeDistributed({ layer: {} as never })).toThrow(/Please initialize `TimeDistributed` layer with a `Layer` instance/);
    const td = new TimeDistributed({ layer: new Dense({ units: 2 }) });
    const x = tf.zeros([2, 3]);
    expect(() => td.apply(x)).toThrow('`TimeDistributed` Layer should be passed an `input_shape` with at least 3 dimensions, received: (2, 3)');
    x.dispose();
    td.dispose();
  });
});
