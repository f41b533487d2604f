import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import * as tfjs from '@tensorflow/tfjs';
import { cpu } from '@tessera/backend-cpu';
import { valueAndGrads } from '@tessera/autograd';
import { Embedding } from './embedding.js';
import { input } from '../core/input.js';
import { getMask, resetLayerNames } from '../engine/layer.js';
import { deserializeLayer, serializeLayer } from '../registry.js';
import { expectClose, seededValues } from '../testing/layer-parity.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
  await tfjs.setBackend('cpu');
});

/**
 * Outputs and the embeddings' gradient against tfjs-layers (the gradient with respect to the indices is not
 * compared: there is none, and tfjs's gather returns the indices themselves as their "gradient").
 */
async function compareEmbedding(ours: Embedding, theirs: tfjs.layers.Layer, indices: number[], shape: number[], dtype: 'int32' | 'float32') {
  const x = tf.tensor(indices, shape, dtype);
  const tx = tfjs.tensor(indices, shape, dtype);
  // Outputs carry masks (maskZero) that must be freed with them.
  const free = (t: tf.Tensor) => tf.dispose([t, ...(getMask(t) ? [getMask(t)!] : [])]);
  free(ours.apply(x));
  tfjs.dispose(theirs.apply(tx) as tfjs.Tensor);
  const ws = ours.getWeights();
  const tws = await Promise.all(ws.map(async (w) => tfjs.tensor(await w.data(), [...w.shape])));
  theirs.setWeights(tws);
  const y = ours.apply(x);
  const ty = theirs.apply(tx) as tfjs.Tensor;
  expect([...y.shape]).toEqual(ty.shape);
  expectClose(await y.data(), await ty.data(), 0, 0, 'embedding output');
  const outShape = [...y.shape];
  const w = seededValues(y.size, 11);
  const masks: tf.Tensor[] = [];
  const { value, grads } = valueAndGrads(() => {
    const out = ours.apply(x);
    if (getMask(out)) masks.push(getMask(out)!);
    return out.mul(tf.tensor(w, outShape)).sum();
  })([ours.embeddings!]);
  const tv = (theirs.trainableWeights[0] as unknown as { val: tfjs.Variable }).val;
  const tg = tfjs.variableGrads(() => (theirs.apply(tx) as tfjs.Tensor).mul(tfjs.tensor(w, outShape)).sum() as tfjs.Scalar, [tv]);
  expectClose(await grads[0]!.data(), await tg.grads[tv.name]!.data(), 1e-6, 1e-6, 'd/d embeddings');
  free(y);
  tf.dispose([x, value, ...grads, ...ws, ...masks]);
  ours.dispose();
  theirs.dispose();
  tfjs.dispose([tx, ty, tg.value, ...Object.values(tg.grads), ...tws]);
}

describe('Embedding', () => {
  it('matches tfjs-layers (outputs and embeddings gradient), int32 and float indices, repeated indices', async () => {
    const before = tf.memory().numTensors;
    const idx = [0, 3, 3, 1, 4, 0, 2, 2];
    await compareEmbedding(new Embedding({ inputDim: 5, outputDim: 3 }), tfjs.layers.embedding({ inputDim: 5, outputDim: 3 }), idx, [2, 4], 'int32');
    await compareEmbedding(
      new Embedding({ inputDim: 5, outputDim: 2, maskZero: true }),
      tfjs.layers.embedding({ inputDim: 5, outputDim: 2, maskZero: true }),
      idx.map((i) => i + 0.7),
      [4, 2],
      'float32',
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('initializes uniformly in [-0.05, 0.05] and names its weight', async () => {
    resetLayerNames();
    const e = new Embedding({ inputDim: 50, outputDim: 20 });
    e.build([null, 3]);
    expect(e.weightEntries.map((w) => [w.name, w.variable.shape])).toEqual([['embedding/embeddings', [50, 20]]]);
    const v = await e.embeddings!.data();
    expect(Math.max(...v)).toBeLessThanOrEqual(0.05);
    expect(Math.min(...v)).toBeGreaterThanOrEqual(-0.05);
    expect(Math.max(...v) - Math.min(...v)).toBeGreaterThan(0.08);
    e.dispose();
  });

  it('produces a [batch, time] mask with maskZero (none without)', async () => {
    const before = tf.memory().numTensors;
    const x = tf.tensor([[1, 2, 0, 0], [3, 0, 0, 0]], [2, 4], 'int32');
    const e = new Embedding({ inputDim: 4, outputDim: 2, maskZero: true });
    const y = e.apply(x);
    const m = getMask(y)!;
    expect(m.shape).toEqual([2, 4]);
    expect(m.dtype).toBe('bool');
    expect(Array.from(await m.data())).toEqual([1, 1, 0, 0, 1, 0, 0, 0]);
    const plain = new Embedding({ inputDim: 4, outputDim: 2 });
    const z = plain.apply(x);
    expect(getMask(z)).toBeNull();
    tf.dispose([x, y, m, z]);
    e.dispose();
    plain.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('adds the embeddings regularizer to its losses', async () => {
    const e = new Embedding({ inputDim: 3, outputDim: 2, embeddingsInitializer: 'ones', embeddingsRegularizer: { className: 'L2', config: { l2: 0.5 } } });
    const x = tf.tensor([0, 1], [1, 2], 'int32');
    const y = e.apply(x);
    const [loss] = e.losses;
    expect(Array.from(await loss!.data())).toEqual([3]);
    tf.dispose([x, y, loss!]);
    e.dispose();
  });

  it('infers shapes symbolically (float output from int indices) and round-trips its config', () => {
    const x = input({ shape: [5], dtype: 'int32' });
    const y = new Embedding({ inputDim: 10, outputDim: 8, inputLength: 5 }).apply(x);
    expect(y.shape).toEqual([null, 5, 8]);
    expect(y.dtype).toBe('float32');
    const e = new Embedding({ inputDim: 10, outputDim: 4, maskZero: true, embeddingsConstraint: 'non_neg', name: 'emb_cfg' });
    const { className, config } = serializeLayer(e);
    expect(config).toMatchObject({
      inputDim: 10,
      outputDim: 4,
      maskZero: true,
      embeddingsInitializer: { className: 'RandomUniform', config: { minval: -0.05, maxval: 0.05, seed: null } },
      embeddingsConstraint: { className: 'NonNeg', config: {} },
    });
    expect(config).not.toHaveProperty('inputLength');
    expect(deserializeLayer({ className, config }).getConfig()).toEqual(config);
  });

  it('rejects bad arguments and out-of-range indices', () => {
    expect(() => new Embedding({ inputDim: 0, outputDim: 2 })).toThrow('Invalid value for argument `input_dim`. Expected a positive integer. Received: input_dim=0');
    expect(() => new Embedding({ inputDim: 2, outputDim: 1.5 })).toThrow('Invalid value for argument `output_dim`');
    expect(() => new Embedding({ inputDim: 2, outputDim: 2, embeddingsInitializer: 'nope' })).toThrow('Invalid value for argument `embeddings_initializer`');
    const e = new Embedding({ inputDim: 3, outputDim: 2 });
    const x = tf.tensor([1, 3], [1, 2], 'int32');
    expect(() => e.apply(x)).toThrow(/gather/);
    x.dispose();
    e.dispose();
  });
});
