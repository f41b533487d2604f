import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import {
  BatchNormalization,
  Bidirectional,
  Conv2D,
  DepthwiseConv2D,
  Dense,
  Dropout,
  Flatten,
  GRU,
  InputLayer,
  LSTM,
  MaxPooling2D,
  Reshape,
  input,
  resetLayerNames,
} from '@tessera/layers';
import type { CallArgs, SymbolicTensor } from '@tessera/layers';
import { Model, Sequential, io, loadLayersModel, loadWeights, model as functional, saveWeights } from '../index.js';

let dir: string;
beforeAll(async () => {
  await tf.setBackend(cpu());
  dir = await mkdtemp(join(tmpdir(), 'tessera-saving-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Deterministic, non-trivial data of `shape`. */
function data(shape: number[], seed = 1): tf.Tensor {
  const rng = new tf.SeededRandom(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => rng.normal()), shape);
}

/** Sets every weight to seeded values (so moving statistics and biases are not their initial 0/1). */
function randomizeWeights(m: Model, seed = 7): void {
  const rng = new tf.SeededRandom(seed);
  for (const v of m.weights) {
    const vals = Float32Array.from({ length: v.size }, () => rng.normal() * 0.5);
    // Variances must stay positive.
    if (v.name.includes('moving_variance')) vals.forEach((x, i) => (vals[i] = 0.5 + Math.abs(x)));
    tf.tidy(() => v.assign(tf.tensor(vals, [...v.shape])));
  }
}

function outputs(m: Model, x: tf.Tensor | tf.Tensor[]): Float32Array[] {
  const y = m.predict(x);
  const ys = Array.isArray(y) ? y : [y];
  const vals = ys.map((t) => t.dataSync() as Float32Array);
  tf.dispose(ys);
  return vals;
}

async function roundTrip(m: Model, x: tf.Tensor | tf.Tensor[], via: 'memory' | 'file' = 'memory'): Promise<Model> {
  let loaded: Model;
  if (via === 'memory') {
    const mem = io.memory();
    await m.save(mem);
    loaded = await loadLayersModel(mem);
  } else {
    const path = join(dir, `${m.name}-${Math.random().toString(36).slice(2)}`);
    await m.save(`file://${path}`);
    loaded = await loadLayersModel(`file://${path}`);
  }
  const want = outputs(m, x);
  const got = outputs(loaded, x);
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(Array.from(g)).toEqual(Array.from(want[i]!)));
  expect(loaded.weights.map((w) => [...w.shape])).toEqual(m.weights.map((w) => [...w.shape]));
  return loaded;
}

/** Runs `fn` and checks that the tensors it leaves behind are exactly the ones it returns a count of. */
async function noLeak(fn: () => Promise<void>): Promise<void> {
  const before = tf.memory().numTensors;
  await fn();
  expect(tf.memory().numTensors).toBe(before);
}

describe('ours → ours', () => {
  it('Sequential (Dense, BatchNormalization moving statistics, Dropout), to memory and to file://', async () => {
    await noLeak(async () => {
      resetLayerNames();
      const m = new Sequential({
        layers: [new Dense({ units: 5, inputShape: [4], activation: 'relu' }), new BatchNormalization(), new Dropout({ rate: 0.3 }), new Dense({ units: 3, activation: 'softmax' })],
      });
      randomizeWeights(m);
      const x = data([6, 4]);
      const a = await roundTrip(m, x, 'memory');
      const b = await roundTrip(m, x, 'file');
      expect(b.layers.map((l) => l.className)).toEqual(['Dense', 'BatchNormalization', 'Dropout', 'Dense']);
      const bn = b.layers[1] as BatchNormalization;
      expect(Array.from(bn.weights.find((w) => w.name.includes('moving_mean'))!.dataSync())).toEqual(
        Array.from(m.layers[1]!.weights.find((w) => w.name.includes('moving_mean'))!.dataSync()),
      );
      for (const t of [a, b, m]) t.dispose();
      x.dispose();
    });
  });

  it('a Sequential built from data (no input shape in its config) saves its input shape', async () => {
    await noLeak(async () => {
      const m = new Sequential({ layers: [new Dense({ units: 2 }), new Dense({ units: 1 })] });
      const x = data([3, 5]);
      outputs(m, x);
      const loaded = await roundTrip(m, x);
      expect(loaded.inputs[0]!.shape).toEqual([null, 5]);
      m.dispose();
      loaded.dispose();
      x.dispose();
    });
  });

  it('functional: two inputs, two outputs, a layer shared between both branches', async () => {
    await noLeak(async () => {
      const a = input({ shape: [4], name: 'in_a' });
      const b = input({ shape: [4], name: 'in_b' });
      const shared = new Dense({ units: 3, activation: 'tanh', name: 'shared' });
      const ya = new Dense({ units: 2, name: 'head_a' }).apply(shared.apply(a));
      const yb = new Dense({ units: 1, name: 'head_b' }).apply(shared.apply(b));
      const m = functional({ inputs: [a, b], outputs: [ya, yb], name: 'two_heads' });
      randomizeWeights(m);
      const xs = [data([5, 4], 1), data([5, 4], 2)];
      const loaded = await roundTrip(m, xs);
      expect(loaded.inputs.length).toBe(2);
      expect(loaded.outputNames).toEqual(['head_a', 'head_b']);
      // The shared layer is one layer with two calls, not two layers.
      expect(loaded.layers.filter((l) => l.name === 'shared').length).toBe(1);
      expect(loaded.getLayer('shared').inboundNodes.length).toBe(2);
      m.dispose();
      loaded.dispose();
      tf.dispose(xs);
    });
  });

  it('nested models: a Sequential and a functional model (called twice) inside a functional model', async () => {
    await noLeak(async () => {
      const ii = input({ shape: [3], name: 'inner_in' });
      const inner = functional({ inputs: ii, outputs: new Dense({ units: 3, activation: 'tanh', name: 'inner_dense' }).apply(ii), name: 'inner' });
      const seq = new Sequential({ name: 'seq_block', layers: [new Dense({ units: 3, inputShape: [3], name: 'seq_dense' })] });
      const x = input({ shape: [3], name: 'outer_in' });
      const y = new Dense({ units: 1, name: 'out' }).apply(seq.apply(inner.apply(inner.apply(x))) as SymbolicTensor);
      const m = functional({ inputs: x, outputs: y, name: 'outer' });
      randomizeWeights(m);
      const xs = data([4, 3]);
      const mem = io.memory();
      await m.save(mem);
      const topo = mem.artifacts!.modelTopology as { config: { layers: { name: string; inbound_nodes: unknown[] }[] } };
      // As tfjs and Keras: a nested model's node 0 is its own graph, so its calls are nodes 1 and 2.
      expect(topo.config.layers.find((l) => l.name === 'seq_block')!.inbound_nodes).toEqual([[['inner', 2, 0, {}]]]);
      expect(topo.config.layers.find((l) => l.name === 'inner')!.inbound_nodes).toEqual([[['outer_in', 0, 0, {}]], [['inner', 1, 0, {}]]]);
      const loaded = await roundTrip(m, xs);
      expect(loaded.layers.map((l) => l.name)).toEqual(['inner', 'seq_block', 'out']);
      m.dispose();
      loaded.dispose();
      xs.dispose();
    });
  });

  it('a Sequential inside a Sequential, and a Sequential that starts with an InputLayer', async () => {
    await noLeak(async () => {
      const inner = new Sequential({ layers: [new Dense({ units: 4, inputShape: [3], activation: 'relu' })] });
      const m = new Sequential({ layers: [inner, new Dense({ units: 2 })] });
      const withInput = new Sequential({ layers: [new InputLayer({ inputShape: [3], name: 'features' }), new Dense({ units: 2 })] });
      const x = data([2, 3]);
      for (const model of [m, withInput]) {
        randomizeWeights(model);
        const loaded = await roundTrip(model, x);
        loaded.dispose();
        model.dispose();
      }
      x.dispose();
    });
  });

  it('recurrent: LSTM (sequences) → GRU, and Bidirectional(LSTM)', async () => {
    await noLeak(async () => {
      const m = new Sequential({
        layers: [new LSTM({ units: 4, returnSequences: true, inputShape: [5, 3] }), new GRU({ units: 3, returnSequences: true }), new Bidirectional({ layer: new LSTM({ units: 2 }) })],
      });
      randomizeWeights(m);
      const x = data([2, 5, 3]);
      const loaded = await roundTrip(m, x, 'file');
      m.dispose();
      loaded.dispose();
      x.dispose();
    });
  });

  it('convolutional: Conv2D, MaxPooling2D, DepthwiseConv2D, Flatten, Dense', async () => {
    await noLeak(async () => {
      const m = new Sequential({
        layers: [
          new Conv2D({ filters: 3, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [8, 8, 2] }),
          new MaxPooling2D({ poolSize: 2 }),
          new DepthwiseConv2D({ kernelSize: 2, depthMultiplier: 2 }),
          new Flatten(),
          new Dense({ units: 2 }),
        ],
      });
      randomizeWeights(m);
      const x = data([2, 8, 8, 2]);
      const mem = io.memory();
      await m.save(mem);
      // tfjs's name for the depthwise kernel, so tf.loadLayersModel reads the file.
      expect(mem.artifacts!.weightSpecs!.map((s) => s.name)).toContain(`${m.layers[2]!.name}/depthwise_kernel`);
      const loaded = await roundTrip(m, x);
      m.dispose();
      loaded.dispose();
      x.dispose();
    });
  });

  it('a compiled model saved with includeOptimizer loads compiled (loss, metrics, optimizer config)', async () => {
    await noLeak(async () => {
      const m = new Sequential({ layers: [new Dense({ units: 1, inputShape: [2], activation: 'sigmoid' })] });
      m.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy', metrics: ['accuracy'] });
      const mem = io.memory();
      await m.save(mem, { includeOptimizer: true });
      const tc = mem.artifacts!.trainingConfig!;
      expect(tc.loss).toBe('binary_crossentropy');
      expect(tc.metrics).toEqual(['accuracy']);
      expect(tc.optimizer_config.class_name).toBe('RMSProp');
      const loaded = await loadLayersModel(mem);
      expect(loaded.compiled).not.toBeNull();
      const x = data([8, 2]);
      const y = tf.tensor([1, 0, 1, 0, 1, 1, 0, 0], [8, 1]);
      const h = await loaded.fit(x, y, { epochs: 1, verbose: 0 });
      expect(Object.keys(h.history)).toEqual(['loss', 'accuracy']);
      // Without includeOptimizer nothing about training is written (as tfjs).
      await m.save(mem);
      expect(mem.artifacts!.trainingConfig).toBeUndefined();
      m.dispose();
      loaded.dispose();
      tf.dispose([x, y]);
    });
  });
});

class TwoLayer extends Model {
  hidden = new Dense({ units: 4, activation: 'relu' });
  blocks = [new Dense({ units: 3 }), new Dense({ units: 2 })];
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: CallArgs): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return this.blocks.reduce((h, l) => l.apply(h, kwargs) as tf.Tensor, this.hidden.apply(x, kwargs) as tf.Tensor);
  }
}

describe('subclassed models', () => {
  it('save weights under property paths and load into a new instance of the class', async () => {
    await noLeak(async () => {
      const a = new TwoLayer();
      const x = data([3, 5]);
      outputs(a, x);
      randomizeWeights(a);
      const path = join(dir, 'subclassed');
      await a.save(`file://${path}`);
      const json = JSON.parse(await readFile(join(path, 'model.json'), 'utf8'));
      expect(json.modelTopology.class_name).toBe('TwoLayer');
      expect(json.modelTopology.config).toBeNull();
      expect(json.weightsManifest[0].weights.map((w: { name: string }) => w.name)).toEqual([
        'hidden/kernel',
        'hidden/bias',
        'blocks/0/kernel',
        'blocks/0/bias',
        'blocks/1/kernel',
        'blocks/1/bias',
      ]);
      // The structure is code: loadLayersModel says how to load it instead.
      await expect(loadLayersModel(`file://${path}`)).rejects.toThrow(/saved without a config.*loadWeights/);
      const b = new TwoLayer();
      await expect(loadWeights(b, `file://${path}`)).rejects.toThrow(/has no weights yet.*call it once/i);
      outputs(b, x);
      await loadWeights(b, `file://${path}`);
      expect(outputs(b, x)).toEqual(outputs(a, x));
      a.dispose();
      b.dispose();
      x.dispose();
    });
  });

  it('saveWeights + loadWeights work for a functional model too', async () => {
    await noLeak(async () => {
      const make = () => new Sequential({ layers: [new Dense({ units: 3, inputShape: [2], name: 'd' })] });
      const a = make();
      randomizeWeights(a);
      const mem = io.memory();
      await saveWeights(a, mem);
      const b = make();
      await loadWeights(b, mem);
      const x = data([2, 2]);
      expect(outputs(b, x)).toEqual(outputs(a, x));
      tf.dispose([x]);
      a.dispose();
      b.dispose();
    });
  });
});

describe('file:// layout', () => {
  it('writes model.json and weights.bin as tfjs-node does, and loads from the folder or the model.json path', async () => {
    const m = new Sequential({ layers: [new Reshape({ targetShape: [2, 2], inputShape: [4] }), new Flatten(), new Dense({ units: 2, name: 'only' })] });
    const path = join(dir, 'layout');
    const res = await m.save(`file://${path}`);
    expect(res.modelArtifactsInfo.weightDataBytes).toBe(4 * (4 * 2 + 2));
    expect((await readdir(path)).sort()).toEqual(['model.json', 'weights.bin']);
    const json = JSON.parse(await readFile(join(path, 'model.json'), 'utf8'));
    expect(Object.keys(json)).toEqual(['modelTopology', 'format', 'generatedBy', 'convertedBy', 'weightsManifest']);
    expect(json.format).toBe('layers-model');
    expect(json.convertedBy).toBeNull();
    expect(json.modelTopology.class_name).toBe('Sequential');
    expect(Object.keys(json.modelTopology)).toEqual(['class_name', 'config', 'keras_version', 'backend']);
    expect(json.weightsManifest).toEqual([
      {
        paths: ['weights.bin'],
        weights: [
          { name: 'only/kernel', shape: [4, 2], dtype: 'float32' },
          { name: 'only/bias', shape: [2], dtype: 'float32' },
        ],
      },
    ]);
    // snake_case keys throughout, as tfjs writes them.
    expect(json.modelTopology.config.layers[0].config.target_shape).toEqual([2, 2]);
    expect(json.modelTopology.config.layers[0].config.batch_input_shape).toEqual([null, 4]);
    const a = await loadLayersModel(`file://${path}`);
    const b = await loadLayersModel(`file://${join(path, 'model.json')}`);
    expect(a.layers.length).toBe(3);
    for (const x of [m, a, b]) x.dispose();
  });
});
