import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import * as tfjs from '@tensorflow/tfjs';
import { cpu } from '@tessera/backend-cpu';
import { SimpleRNN } from './simple-rnn.js';
import type { SimpleRNNArgs } from './simple-rnn.js';
import { input } from '../core/input.js';
import { deserializeLayer, serializeLayer } from '../registry.js';
import { compareLayerWithTfjs, expectClose } from '../testing/layer-parity.js';
import { compareMultiWithTfjs } from './test-utils.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
  await tfjs.setBackend('cpu');
});

/** A linear SimpleRNN with identity kernels: h_t = x_t·mask + (h_{t-1}·recurrent mask). */
function identityRnn(args: Partial<SimpleRNNArgs>): SimpleRNN {
  return new SimpleRNN({ units: 4, activation: null, useBias: false, kernelInitializer: 'identity', recurrentInitializer: 'identity', returnSequences: true, ...args });
}

describe('SimpleRNN', () => {
  it('matches tfjs-layers forward and backward (last output, sequences, goBackwards, relu without bias)', async () => {
    const variants: Partial<SimpleRNNArgs>[] = [{}, { returnSequences: true }, { goBackwards: true, returnSequences: true }, { activation: 'relu', useBias: false }];
    for (const v of variants) {
      const before = tf.memory().numTensors;
      const ours = new SimpleRNN({ units: 4, ...v });
      const theirs = tfjs.layers.simpleRNN({ units: 4, ...(v as object) });
      await compareLayerWithTfjs({ ours, theirs, inputShapes: [[3, 5, 2]] });
      ours.dispose();
      theirs.dispose();
      expect(tf.memory().numTensors, JSON.stringify(v)).toBe(before);
    }
  });

  it('returns its final state as tfjs', async () => {
    const ours = new SimpleRNN({ units: 3, returnState: true, returnSequences: true });
    const theirs = tfjs.layers.simpleRNN({ units: 3, returnState: true, returnSequences: true });
    await compareMultiWithTfjs({
      ours,
      theirs,
      inputShapes: [[2, 4, 3]],
      callOurs: ([x]) => ours.apply(x!) as unknown as Tensor[],
      callTheirs: ([x]) => theirs.apply(x!) as tfjs.Tensor[],
    });
    ours.dispose();
    theirs.dispose();
  });

  it('input dropout: training only, one mask for every time step of a call', async () => {
    const before = tf.memory().numTensors;
    const l = identityRnn({ dropout: 0.5, recurrentInitializer: 'zeros', seed: 42 });
    const x = tf.ones([3, 5, 4]);
    const inference = l.apply(x, { training: false });
    expect(Array.from(await inference.data()).every((v) => v === 1)).toBe(true);
    const training = l.apply(x, { training: true });
    const y = await training.data();
    // h_t = x_t ⊙ mask: each (sample, unit) is 0 or 2 and the same at every step.
    const rows = Array.from({ length: 3 }, (_, n) => Array.from({ length: 4 }, (_, u) => Array.from({ length: 5 }, (_, t) => y[(n * 5 + t) * 4 + u]!)));
    for (const r of rows.flat()) {
      expect([0, 2]).toContain(r[0]);
      expect(new Set(r).size).toBe(1);
    }
    expect(new Set(rows.flat().map((r) => r[0])).size).toBe(2); // both kept and dropped units occur
    tf.dispose([x, inference, training]);
    l.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('recurrent dropout: one mask on the state for every step of a call, a fresh one per call', async () => {
    const l = identityRnn({ recurrentDropout: 0.5, seed: 7 });
    const x = tf.ones([4, 4, 4]);
    const seqs = async () => {
      const y = l.apply(x, { training: true });
      const d = await y.data();
      y.dispose();
      return Array.from({ length: 16 }, (_, k) => Array.from({ length: 4 }, (_, t) => d[(Math.floor(k / 4) * 4 + t) * 4 + (k % 4)]!));
    };
    // h_t = 1 + m·h_{t-1} with m ∈ {0, 2} fixed over time: 1,1,1,1 or 1,3,7,15.
    const a = await seqs();
    for (const s of a) expect([[1, 1, 1, 1], [1, 3, 7, 15]]).toContainEqual(s);
    const b = await seqs();
    expect(b).not.toEqual(a);
    x.dispose();
    l.dispose();
  });

  it('lists regularization penalties of its weights and applies constraints', async () => {
    const l = new SimpleRNN({
      units: 2,
      kernelRegularizer: 'l2',
      recurrentRegularizer: { className: 'L1', config: { l1: 0.5 } },
      biasRegularizer: 'l1',
      kernelConstraint: { className: 'NonNeg' },
      recurrentConstraint: { className: 'NonNeg' },
      biasInitializer: 'ones',
      biasConstraint: { className: 'MaxNorm', config: { maxValue: 0.5, axis: 0 } },
    });
    const x = tf.ones([1, 2, 3]);
    l.apply(x).dispose();
    const losses = l.losses;
    expect(losses.length).toBe(3);
    const [k, u] = await Promise.all(l.weights.map((w) => w.data()));
    const l2 = 0.01 * Array.from(k!).reduce((s, v) => s + v * v, 0);
    const l1 = 0.5 * Array.from(u!).reduce((s, v) => s + Math.abs(v), 0);
    expectClose(await losses[0]!.data(), [l2], 1e-5, 1e-7, 'kernel penalty');
    expectClose(await losses[1]!.data(), [l1], 1e-5, 1e-7, 'recurrent penalty');
    expectClose(await losses[2]!.data(), [0.01 * 2], 1e-5, 1e-7, 'bias penalty');
    tf.dispose(losses);
    l.applyConstraints();
    const after = await Promise.all(l.weights.map((w) => w.data()));
    expect(Array.from(after[0]!).every((v) => v >= 0)).toBe(true);
    expect(Array.from(after[1]!).every((v) => v >= 0)).toBe(true);
    expectClose(after[2]!, [0.5 / Math.SQRT2, 0.5 / Math.SQRT2], 1e-5, 1e-6, 'max-norm bias');
    x.dispose();
    l.dispose();
  });

  it('supports timeMajor inputs', async () => {
    const a = new SimpleRNN({ units: 3, returnSequences: true });
    const b = new SimpleRNN({ units: 3, returnSequences: true, timeMajor: true });
    const x = tf.randomUniform([2, 4, 3], -1, 1, 'float32', 3);
    const ya = a.apply(x);
    const xt = tf.transpose(x, [1, 0, 2]);
    b.apply(xt).dispose();
    b.setWeights(a.weights);
    const yb = b.apply(xt);
    expect(yb.shape).toEqual([4, 2, 3]);
    const back = tf.transpose(yb, [1, 0, 2]);
    expectClose(await back.data(), await ya.data(), 0, 0, 'time-major = batch-major transposed');
    expect(b.apply(input({ shape: [2, 3] })).shape).toEqual([null, 2, 3]); // inputs [time=None, batch=2, 3]
    tf.dispose([x, ya, xt, yb, back]);
    a.dispose();
    b.dispose();
  });

  it('infers shapes and round-trips through its config', () => {
    const x = input({ shape: [6, 2] });
    const l = new SimpleRNN({ units: 5, returnSequences: true, name: 'cfg_srnn', activation: 'relu' });
    expect(l.apply(x).shape).toEqual([null, 6, 5]);
    expect(l.weightEntries.map((w) => w.name)).toEqual(['cfg_srnn/simple_rnn_cell/kernel', 'cfg_srnn/simple_rnn_cell/recurrent_kernel', 'cfg_srnn/simple_rnn_cell/bias']);
    const c = serializeLayer(l);
    expect(c.config).toMatchObject({ units: 5, activation: 'relu', returnSequences: true, kernelInitializer: { className: 'GlorotUniform' } });
    const l2 = deserializeLayer({ className: 'SimpleRNN', config: { ...c.config, name: 'cfg_srnn_2' } });
    expect(l2.getConfig()).toEqual({ ...c.config, name: 'cfg_srnn_2' });
    l.dispose();
  });
});
