// Every layer, forward and backward, on every backend available here, against the CPU backend's results:
// the layers are written once against core's ops, so they must run and train anywhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import type { AnyBackend, Tensor } from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { valueAndGrads } from '@tessera/autograd';
import * as L from './index.js';
import type { Layer } from './index.js';

interface Spec {
  name: string;
  make: () => Layer;
  inputs: number[][];
  /** int32 inputs (indices) by position. */
  int?: number[];
  training?: boolean;
}

const SPECS: Spec[] = [
  { name: 'Dense', make: () => new L.Dense({ units: 4, activation: 'relu' }), inputs: [[3, 5]] },
  { name: 'Activation', make: () => new L.Activation({ activation: 'gelu' }), inputs: [[3, 5]] },
  { name: 'Dropout (training, rate 0)', make: () => new L.Dropout({ rate: 0 }), inputs: [[3, 5]], training: true },
  { name: 'Flatten', make: () => new L.Flatten(), inputs: [[2, 3, 4]] },
  { name: 'BatchNormalization (training)', make: () => new L.BatchNormalization({}), inputs: [[6, 4]], training: true },
  { name: 'BatchNormalization (inference)', make: () => new L.BatchNormalization({}), inputs: [[6, 4]] },
  { name: 'LayerNormalization', make: () => new L.LayerNormalization({}), inputs: [[3, 5]] },
  { name: 'Conv1D', make: () => new L.Conv1D({ filters: 3, kernelSize: 3, padding: 'same' }), inputs: [[2, 7, 2]] },
  { name: 'Conv2D', make: () => new L.Conv2D({ filters: 3, kernelSize: 3, strides: 2, activation: 'relu' }), inputs: [[2, 7, 7, 2]] },
  { name: 'Conv2DTranspose', make: () => new L.Conv2DTranspose({ filters: 2, kernelSize: 3, strides: 2 }), inputs: [[1, 4, 4, 3]] },
  { name: 'DepthwiseConv2D', make: () => new L.DepthwiseConv2D({ kernelSize: 3, depthMultiplier: 2 }), inputs: [[1, 5, 5, 2]] },
  { name: 'SeparableConv2D', make: () => new L.SeparableConv2D({ filters: 3, kernelSize: 3 }), inputs: [[1, 5, 5, 2]] },
  { name: 'MaxPooling2D', make: () => new L.MaxPooling2D({ poolSize: 2 }), inputs: [[2, 4, 4, 3]] },
  { name: 'AveragePooling1D', make: () => new L.AveragePooling1D({ poolSize: 2, padding: 'same' }), inputs: [[2, 5, 3]] },
  { name: 'GlobalAveragePooling2D', make: () => new L.GlobalAveragePooling2D({}), inputs: [[2, 3, 3, 4]] },
  { name: 'GlobalMaxPooling1D', make: () => new L.GlobalMaxPooling1D({}), inputs: [[2, 5, 3]] },
  { name: 'ZeroPadding2D', make: () => new L.ZeroPadding2D({ padding: 1 }), inputs: [[1, 3, 3, 2]] },
  { name: 'Cropping2D', make: () => new L.Cropping2D({ cropping: 1 }), inputs: [[1, 5, 5, 2]] },
  { name: 'UpSampling2D bilinear', make: () => new L.UpSampling2D({ size: 2, interpolation: 'bilinear' }), inputs: [[1, 3, 3, 2]] },
  { name: 'Reshape', make: () => new L.Reshape({ targetShape: [3, -1] }), inputs: [[2, 6]] },
  { name: 'Permute', make: () => new L.Permute({ dims: [2, 1] }), inputs: [[2, 3, 4]] },
  { name: 'RepeatVector', make: () => new L.RepeatVector({ n: 3 }), inputs: [[2, 4]] },
  { name: 'SimpleRNN', make: () => new L.SimpleRNN({ units: 3, returnSequences: true }), inputs: [[2, 4, 3]] },
  { name: 'LSTM', make: () => new L.LSTM({ units: 3 }), inputs: [[2, 4, 3]] },
  { name: 'GRU', make: () => new L.GRU({ units: 3 }), inputs: [[2, 4, 3]] },
  { name: 'Bidirectional(LSTM)', make: () => new L.Bidirectional({ layer: new L.LSTM({ units: 2, returnSequences: true }) }), inputs: [[2, 3, 2]] },
  { name: 'TimeDistributed(Dense)', make: () => new L.TimeDistributed({ layer: new L.Dense({ units: 2 }) }), inputs: [[2, 3, 4]] },
  { name: 'Embedding', make: () => new L.Embedding({ inputDim: 10, outputDim: 3 }), inputs: [[2, 4]], int: [0] },
  { name: 'Add', make: () => new L.Add({}), inputs: [[2, 3], [2, 3]] },
  { name: 'Concatenate', make: () => new L.Concatenate({ axis: -1 }), inputs: [[2, 3], [2, 2]] },
  { name: 'Dot', make: () => new L.Dot({ axes: 1, normalize: true }), inputs: [[2, 3], [2, 3]] },
  { name: 'MultiHeadAttention', make: () => new L.MultiHeadAttention({ numHeads: 2, keyDim: 2 }), inputs: [[1, 3, 4], [1, 2, 4]] },
  { name: 'GaussianNoise (inference)', make: () => new L.GaussianNoise({ stddev: 0.5 }), inputs: [[2, 3]] },
];

function values(shape: number[], seed: number, int: boolean): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const rng = new tf.SeededRandom(seed);
  const v = Array.from({ length: n }, () => (int ? rng.nextInt(10) : rng.next() * 2 - 1));
  return tf.tensor(v, shape, int ? 'int32' : 'float32');
}

/** Outputs and gradients (w.r.t. float inputs and trainable weights) of a layer with the given weights. */
async function run(spec: Spec, weights: Float32Array[] | null): Promise<{ outs: Float32Array[]; grads: Float32Array[]; weights: Float32Array[] }> {
  tf.setGlobalSeed(5);
  const layer = spec.make();
  const xs = spec.inputs.map((s, i) => values(s, 10 + i, spec.int?.includes(i) ?? false));
  const call = (ins: Tensor[]) => layer.apply(ins.length === 1 ? ins[0]! : ins, { training: spec.training ?? false }) as Tensor | Tensor[];
  const own = (o: Tensor | Tensor[]) => (Array.isArray(o) ? o : [o]).filter((t) => !xs.includes(t));
  tf.dispose(own(call(xs)));
  if (weights) {
    const ws = layer.weights.map((w, i) => tf.tensor(weights[i]!, [...w.shape]));
    layer.setWeights(ws);
    tf.dispose(ws);
  }
  const ownWeights = await Promise.all(layer.weights.map(async (w) => Float32Array.from(await w.data())));
  const floatIdx = xs.map((x, i) => (x.dtype === 'float32' ? i : -1)).filter((i) => i >= 0);
  const outT = call(xs);
  const outs = await Promise.all((Array.isArray(outT) ? outT : [outT]).map(async (t) => Float32Array.from(await t.data())));
  tf.dispose(own(outT));
  const vars = layer.trainableWeights;
  const { value, grads } = valueAndGrads((...args: Tensor[]) => {
    const ins = xs.map((x, i) => (floatIdx.includes(i) ? args[floatIdx.indexOf(i)]! : x));
    const o = call(ins);
    return (Array.isArray(o) ? o : [o]).map((t, k) => t.mul(tf.linspace(0.5, 1.5, t.size).reshape([...t.shape])).sum().mul(k + 1)).reduce((a, b) => a.add(b));
  })([...floatIdx.map((i) => xs[i]!), ...vars]);
  const gs = await Promise.all(grads.map(async (g) => Float32Array.from(await g.data())));
  tf.dispose([value, ...grads, ...xs]);
  layer.dispose();
  tf.setGlobalSeed(null);
  return { outs, grads: gs, weights: ownWeights };
}

function expectClose(a: Float32Array, b: Float32Array, what: string): void {
  expect(a.length, `${what}: length`).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    if (!(Math.abs(a[i]! - b[i]!) <= 1e-4 + 1e-4 * Math.abs(b[i]!))) expect.fail(`${what}[${i}]: ${a[i]} vs CPU ${b[i]}`);
  }
}

/** The backends to check, besides the CPU reference: each one that loads on this machine. */
async function otherBackends(): Promise<Array<{ name: string; create: () => Promise<AnyBackend> }>> {
  const found: Array<{ name: string; create: () => Promise<AnyBackend> }> = [];
  const { wasm } = await import('@tessera/backend-wasm');
  found.push({ name: 'wasm', create: () => wasm({ name: 'wasm-matrix', threads: 2 }) });
  // WebGPU joins wherever an adapter exists (in CI, lavapipe is installed so it always does).
  process.env.LP_NATIVE_VECTOR_WIDTH ??= '128';
  const { webgpu, hasWebGpu } = await import('@tessera/backend-webgpu');
  if ((await hasWebGpu()) || process.env.CI) found.push({ name: 'webgpu', create: () => webgpu({ name: 'webgpu-matrix' }) });
  else console.warn('layers backend matrix: no WebGPU adapter here, so WebGPU is left out (see packages/backend-webgpu/README.md).');
  return found;
}

const backends = await otherBackends();
let reference: AnyBackend;
beforeAll(async () => {
  reference = cpu({ name: 'cpu-matrix' });
  tf.registerBackend(reference);
});
afterAll(() => tf.removeBackend('cpu-matrix'));

for (const b of backends) {
  describe(`layers on ${b.name}`, () => {
    let backend: AnyBackend;
    beforeAll(async () => {
      backend = await b.create();
      tf.registerBackend(backend);
    });
    afterAll(() => tf.removeBackend(backend.name));
    for (const spec of SPECS) {
      it(`${spec.name}: forward and backward match the CPU backend, nothing leaks`, async () => {
        await tf.setBackend(reference);
        const ref = await run(spec, null);
        await tf.setBackend(backend);
        const before = tf.memory().backends[backend.name]!.numTensors;
        const got = await run(spec, ref.weights);
        ref.outs.forEach((o, k) => expectClose(got.outs[k]!, o, `${spec.name} output ${k}`));
        ref.grads.forEach((g, k) => expectClose(got.grads[k]!, g, `${spec.name} gradient ${k}`));
        expect(tf.memory().backends[backend.name]!.numTensors).toBe(before);
      });
    }
  });
}
