import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import * as tfjs from '@tensorflow/tfjs';
import { BatchNormalization, Conv2D, DepthwiseConv2D, Dense, Flatten, GRU, LSTM, MaxPooling2D, input } from '@tessera/layers';
import type { SymbolicTensor } from '@tessera/layers';
import { Model, Sequential, io, loadLayersModel, model as functional } from '../index.js';
import type { ModelArtifacts } from '../index.js';

// Both sides are compared on the same inputs; the tolerance is the task's 1e-5 (tfjs's CPU backend computes in
// doubles and rounds on store, so last-ulp differences are expected).
const TOL = 1e-5;

let dir: string;
beforeAll(async () => {
  await tf.setBackend(cpu());
  await tfjs.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'tessera-tfjs-interop-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Tessera's side leaks nothing (tfjs's own tensors are not counted here).
let before = 0;
beforeEach(() => {
  before = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(before);
});

function seeded(n: number, seed: number, scale = 1): Float32Array {
  const rng = new tf.SeededRandom(seed);
  return Float32Array.from({ length: n }, () => rng.normal() * scale);
}

function randomizeOurs(m: Model, seed = 3): void {
  let s = seed;
  for (const v of m.weights) {
    const vals = seeded(v.size, s++, 0.5);
    if (v.name.includes('moving_variance')) vals.forEach((x, i) => (vals[i] = 0.5 + Math.abs(x)));
    tf.tidy(() => v.assign(tf.tensor(vals, [...v.shape])));
  }
}

function randomizeTfjs(m: tfjs.LayersModel, seed = 3): void {
  let s = seed;
  const ws = m.weights.map((w) => {
    const shape = w.shape as number[];
    const vals = seeded(shape.reduce((a, b) => a * b, 1), s++, 0.5);
    if (w.name.includes('moving_variance')) vals.forEach((x, i) => (vals[i] = 0.5 + Math.abs(x)));
    return tfjs.tensor(vals, shape);
  });
  m.setWeights(ws);
  tfjs.dispose(ws);
}

/** The same seeded inputs for both libraries. */
function inputsFor(shapes: number[][]): { ours: tf.Tensor[]; theirs: tfjs.Tensor[] } {
  const vals = shapes.map((s, i) => seeded(s.reduce((a, b) => a * b, 1), 100 + i));
  return { ours: vals.map((v, i) => tf.tensor(v, shapes[i]!)), theirs: vals.map((v, i) => tfjs.tensor(v, shapes[i]!)) };
}

function expectClose(a: ArrayLike<number>, b: ArrayLike<number>): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(TOL * Math.max(1, Math.abs(b[i]!)));
}

function compare(ours: Model, theirs: tfjs.LayersModel, shapes: number[][]): void {
  const { ours: xo, theirs: xt } = inputsFor(shapes);
  const po = ours.predict(xo.length === 1 ? xo[0]! : xo);
  const yo = (Array.isArray(po) ? po : [po]).map((t) => t.dataSync());
  const pt = theirs.predict(xt.length === 1 ? xt[0]! : xt);
  const yt = (Array.isArray(pt) ? pt : [pt]).map((t) => t.dataSync());
  tf.dispose(po);
  tfjs.dispose(pt);
  expect(yo.length).toBe(yt.length);
  yo.forEach((y, i) => expectClose(y, yt[i]!));
  tf.dispose(xo);
  tfjs.dispose(xt);
}

/** ours → tfjs: save to memory, load with tf.loadLayersModel(tf.io.fromMemory(...)). */
async function toTfjs(m: Model): Promise<tfjs.LayersModel> {
  const mem = io.memory();
  await m.save(mem);
  return tfjs.loadLayersModel(tfjs.io.fromMemory(mem.artifacts as never));
}

/** tfjs → ours: tf.io.withSaveHandler captures the artifacts, our io.fromMemory loads them. */
async function fromTfjs(m: tfjs.LayersModel): Promise<Model> {
  let artifacts: ModelArtifacts | undefined;
  await m.save(tfjs.io.withSaveHandler(async (a) => ((artifacts = a as ModelArtifacts), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
  return loadLayersModel(io.fromMemory(artifacts!));
}

describe('ours → tfjs (tf.loadLayersModel)', () => {
  it('Sequential with Dense and BatchNormalization (moving statistics)', async () => {
    const m = new Sequential({ layers: [new Dense({ units: 5, inputShape: [4], activation: 'relu' }), new BatchNormalization(), new Dense({ units: 3, activation: 'softmax' })] });
    randomizeOurs(m);
    const t = await toTfjs(m);
    expect(t.layers.map((l) => l.getClassName())).toEqual(['Dense', 'BatchNormalization', 'Dense']);
    compare(m, t, [[6, 4]]);
    m.dispose();
    t.dispose();
  });

  it('functional: two inputs, two outputs, a shared layer, a nested Sequential', async () => {
    const a = input({ shape: [4], name: 'a' });
    const b = input({ shape: [4], name: 'b' });
    const shared = new Dense({ units: 3, activation: 'tanh', name: 'shared' });
    const block = new Sequential({ name: 'block', layers: [new Dense({ units: 3, inputShape: [3], name: 'block_dense', activation: 'sigmoid' })] });
    const ya = new Dense({ units: 2, name: 'head_a' }).apply(block.apply(shared.apply(a)) as SymbolicTensor);
    const yb = new Dense({ units: 1, name: 'head_b' }).apply(shared.apply(b));
    const m = functional({ inputs: [a, b], outputs: [ya, yb] });
    randomizeOurs(m);
    const t = await toTfjs(m);
    compare(m, t, [[5, 4], [5, 4]]);
    m.dispose();
    t.dispose();
  });

  it('Conv2D, MaxPooling2D, DepthwiseConv2D, Flatten, through model.json and weights.bin on disk', async () => {
    const m = new Sequential({
      layers: [
        new Conv2D({ filters: 3, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [8, 8, 2] }),
        new MaxPooling2D({ poolSize: 2 }),
        new DepthwiseConv2D({ kernelSize: 2 }),
        new Flatten(),
        new Dense({ units: 2 }),
      ],
    });
    randomizeOurs(m);
    const path = join(dir, 'conv');
    await m.save(`file://${path}`);
    // tfjs-node is not available here: hand tfjs the files' contents, as its file:// loader would.
    const json = JSON.parse(await readFile(join(path, 'model.json'), 'utf8'));
    const bin = await readFile(join(path, 'weights.bin'));
    const weightSpecs = json.weightsManifest.flatMap((g: { weights: unknown[] }) => g.weights);
    const t = await tfjs.loadLayersModel(tfjs.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs, weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength), format: json.format }));
    compare(m, t, [[2, 8, 8, 2]]);
    m.dispose();
    t.dispose();
  });

  it('a Sequential inside a Sequential', async () => {
    const m = new Sequential({ layers: [new Sequential({ layers: [new Dense({ units: 4, inputShape: [3], activation: 'relu' })] }), new Dense({ units: 2 })] });
    randomizeOurs(m);
    const t = await toTfjs(m);
    compare(m, t, [[2, 3]]);
    m.dispose();
    t.dispose();
  });

  it('LSTM and GRU (resetAfter false, the only GRU tfjs has)', async () => {
    const m = new Sequential({ layers: [new LSTM({ units: 4, returnSequences: true, inputShape: [5, 3] }), new GRU({ units: 3, resetAfter: false })] });
    randomizeOurs(m);
    const t = await toTfjs(m);
    compare(m, t, [[2, 5, 3]]);
    m.dispose();
    t.dispose();
  });

  it('our model.save accepts tfjs handlers (tf.io.withSaveHandler)', async () => {
    const m = new Sequential({ layers: [new Dense({ units: 2, inputShape: [3] })] });
    let got: tfjs.io.ModelArtifacts | undefined;
    await m.save(tfjs.io.withSaveHandler(async (a) => ((got = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })) as never);
    expect(got!.format).toBe('layers-model');
    const t = await tfjs.loadLayersModel(tfjs.io.fromMemory(got!));
    compare(m, t, [[2, 3]]);
    m.dispose();
    t.dispose();
  });
});

describe('tfjs → ours (tf.io.withSaveHandler artifacts)', () => {
  it('Sequential with Dense, BatchNormalization and an L2 regularizer', async () => {
    const t = tfjs.sequential();
    t.add(tfjs.layers.dense({ units: 5, inputShape: [4], activation: 'relu', kernelRegularizer: tfjs.regularizers.l2({ l2: 0.1 }) }));
    t.add(tfjs.layers.batchNormalization());
    t.add(tfjs.layers.dense({ units: 3, activation: 'softmax' }));
    randomizeTfjs(t);
    const m = await fromTfjs(t);
    expect(m.layers.map((l) => l.className)).toEqual(['Dense', 'BatchNormalization', 'Dense']);
    expect(m.layers[0]!.name).toBe(t.layers[0]!.name);
    compare(m, t, [[6, 4]]);
    m.dispose();
    t.dispose();
  });

  it('functional with a shared layer, two outputs and a nested functional model called twice', async () => {
    const ii = tfjs.input({ shape: [3], name: 'ii' });
    const inner = tfjs.model({ inputs: ii, outputs: tfjs.layers.dense({ units: 3, activation: 'tanh', name: 'innerD' }).apply(ii) as tfjs.SymbolicTensor, name: 'inner' });
    const a = tfjs.input({ shape: [3], name: 'a' });
    const b = tfjs.input({ shape: [3], name: 'b' });
    const shared = tfjs.layers.dense({ units: 3, name: 'shared' });
    const ha = inner.apply(inner.apply(shared.apply(a) as tfjs.SymbolicTensor) as tfjs.SymbolicTensor) as tfjs.SymbolicTensor;
    const o1 = tfjs.layers.dense({ units: 2, name: 'o1' }).apply(ha) as tfjs.SymbolicTensor;
    const o2 = tfjs.layers.dense({ units: 1, name: 'o2' }).apply(shared.apply(b) as tfjs.SymbolicTensor) as tfjs.SymbolicTensor;
    const t = tfjs.model({ inputs: [a, b], outputs: [o1, o2], name: 'outer' });
    randomizeTfjs(t);
    const m = await fromTfjs(t);
    expect(m.name).toBe('outer');
    compare(m, t, [[4, 3], [4, 3]]);
    m.dispose();
    t.dispose();
  });

  it('merge layers: Concatenate and Add', async () => {
    const a = tfjs.input({ shape: [3] });
    const b = tfjs.input({ shape: [3] });
    const d = tfjs.layers.dense({ units: 3 });
    const cat = tfjs.layers.concatenate().apply([d.apply(a) as tfjs.SymbolicTensor, b]) as tfjs.SymbolicTensor;
    const sum = tfjs.layers.add().apply([d.apply(b) as tfjs.SymbolicTensor, a]) as tfjs.SymbolicTensor;
    const t = tfjs.model({ inputs: [a, b], outputs: [tfjs.layers.dense({ units: 2 }).apply(cat) as tfjs.SymbolicTensor, sum] });
    randomizeTfjs(t);
    const m = await fromTfjs(t);
    compare(m, t, [[4, 3], [4, 3]]);
    const back = await toTfjs(m);
    compare(m, back, [[4, 3], [4, 3]]);
    m.dispose();
    t.dispose();
    back.dispose();
  });

  it('Conv2D, MaxPooling2D, DepthwiseConv2D (depthwise_kernel), Flatten', async () => {
    const t = tfjs.sequential();
    t.add(tfjs.layers.conv2d({ inputShape: [8, 8, 2], filters: 3, kernelSize: 3, padding: 'same', activation: 'relu' }));
    t.add(tfjs.layers.maxPooling2d({ poolSize: 2 }));
    t.add(tfjs.layers.depthwiseConv2d({ kernelSize: 2, depthMultiplier: 2 }));
    t.add(tfjs.layers.flatten());
    t.add(tfjs.layers.dense({ units: 2 }));
    randomizeTfjs(t);
    const m = await fromTfjs(t);
    compare(m, t, [[2, 8, 8, 2]]);
    m.dispose();
    t.dispose();
  });

  it("LSTM and GRU with tfjs's defaults (hardSigmoid, weights named lstm/kernel)", async () => {
    const t = tfjs.sequential();
    t.add(tfjs.layers.lstm({ units: 4, inputShape: [5, 3], returnSequences: true }));
    t.add(tfjs.layers.gru({ units: 3 }));
    randomizeTfjs(t);
    const m = await fromTfjs(t);
    compare(m, t, [[2, 5, 3]]);
    m.dispose();
    t.dispose();
  });

  it("hard_sigmoid keeps tfjs's meaning through tfjs → ours → tfjs; Tessera's Keras 3 hard_sigmoid is written under its own name", async () => {
    const t = tfjs.sequential();
    t.add(tfjs.layers.dense({ units: 4, inputShape: [3], activation: 'hardSigmoid' }));
    randomizeTfjs(t);
    const m = await fromTfjs(t);
    const back = await toTfjs(m);
    compare(m, back, [[5, 3]]);
    compare(m, t, [[5, 3]]);
    const mem = io.memory();
    await m.save(mem);
    expect(JSON.stringify(mem.artifacts!.modelTopology)).toContain('"activation":"hard_sigmoid"');

    const k3 = new Sequential({ layers: [new Dense({ units: 2, inputShape: [3], activation: 'hard_sigmoid' })] });
    await k3.save(mem);
    expect(JSON.stringify(mem.artifacts!.modelTopology)).toContain('"activation":"keras3_hard_sigmoid"');
    const k3b = await loadLayersModel(mem);
    expect((k3b.layers[0] as Dense).activation.name).toBe('hard_sigmoid');
    await expect(tfjs.loadLayersModel(tfjs.io.fromMemory(mem.artifacts as never))).rejects.toThrow(/keras3HardSigmoid|Unknown activation/);
    for (const x of [m, k3, k3b]) x.dispose();
    t.dispose();
    back.dispose();
  });

  it('a compiled tfjs model saved with includeOptimizer loads compiled', async () => {
    const t = tfjs.sequential();
    t.add(tfjs.layers.dense({ units: 1, inputShape: [2], activation: 'sigmoid' }));
    t.compile({ optimizer: tfjs.train.adam(0.01), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    let artifacts: ModelArtifacts | undefined;
    await t.save(tfjs.io.withSaveHandler(async (a) => ((artifacts = a as ModelArtifacts), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })), { includeOptimizer: true });
    // tfjs appends optimizer state (group 'optimizer'); Tessera skips it but still checks its bytes.
    expect(artifacts!.weightSpecs!.some((s) => s.group === 'optimizer')).toBe(true);
    const m = await loadLayersModel(io.fromMemory(artifacts!));
    expect(m.compiled).not.toBeNull();
    const opt = (m.compiled as { optimizer: { className: string; learningRate: number } }).optimizer;
    expect(opt.className).toBe('Adam');
    expect(opt.learningRate).toBeCloseTo(0.01);
    compare(m, t, [[3, 2]]);
    m.dispose();
    t.dispose();
  });
});
