import * as tf from '@tessera/core';
import { Conv2D, Dense, Flatten, MaxPooling2D } from '@tessera/layers';
import { Sequential } from '@tessera/keras-compat';
import type { Model } from '@tessera/keras-compat';
import { loadMnist } from '@tessera/data';
import * as tfjs from '@tensorflow/tfjs';

/**
 * The two benchmark models, built the same way in Tessera and in tfjs-layers, the same initial weights for both
 * (drawn once by Tessera's seeded initializers and copied into each model), and MNIST batches as host arrays.
 */

export type ModelKind = 'mlp' | 'cnn';

/** MLP 784-512-256-10 (535,818 parameters) or CNN conv32-pool-conv64-pool-dense128-10 (225,034 parameters). */
export function oursModel(kind: ModelKind): Sequential {
  const layers =
    kind === 'mlp'
      ? [new Dense({ units: 512, activation: 'relu', inputShape: [784] }), new Dense({ units: 256, activation: 'relu' }), new Dense({ units: 10, activation: 'softmax' })]
      : [
          new Conv2D({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }),
          new MaxPooling2D({ poolSize: 2 }),
          new Conv2D({ filters: 64, kernelSize: 3, activation: 'relu' }),
          new MaxPooling2D({ poolSize: 2 }),
          new Flatten(),
          new Dense({ units: 128, activation: 'relu' }),
          new Dense({ units: 10, activation: 'softmax' }),
        ];
  return new Sequential({ layers });
}

export function theirsModel(kind: ModelKind): tfjs.Sequential {
  const L = tfjs.layers;
  const layers =
    kind === 'mlp'
      ? [L.dense({ units: 512, activation: 'relu', inputShape: [784] }), L.dense({ units: 256, activation: 'relu' }), L.dense({ units: 10, activation: 'softmax' })]
      : [
          L.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }),
          L.maxPooling2d({ poolSize: 2 }),
          L.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
          L.maxPooling2d({ poolSize: 2 }),
          L.flatten(),
          L.dense({ units: 128, activation: 'relu' }),
          L.dense({ units: 10, activation: 'softmax' }),
        ];
  return tfjs.sequential({ layers });
}

export interface HostTensor {
  values: Float32Array;
  shape: number[];
}

const weightCache = new Map<ModelKind, Promise<HostTensor[]>>();

/** The initial weights both sides start from: Tessera's Keras initializers with seed 1234, read to the host. */
export function initialWeights(kind: ModelKind): Promise<HostTensor[]> {
  let p = weightCache.get(kind);
  if (!p) {
    p = (async () => {
      tf.setGlobalSeed(1234);
      const m = oursModel(kind);
      try {
        const ws = m.getWeights();
        const out = await Promise.all(ws.map(async (w) => ({ values: Float32Array.from(await w.data()), shape: [...w.shape] })));
        tf.dispose(ws);
        return out;
      } finally {
        m.dispose();
        tf.setGlobalSeed(null);
      }
    })();
    weightCache.set(kind, p);
  }
  return p;
}

export async function setOursWeights(m: Model, ws: HostTensor[]): Promise<void> {
  const ts = ws.map((w) => tf.tensor(w.values, w.shape));
  m.setWeights(ts);
  tf.dispose(ts);
}

export function setTheirsWeights(m: tfjs.LayersModel, ws: HostTensor[]): void {
  const ts = ws.map((w) => tfjs.tensor(w.values, w.shape));
  m.setWeights(ts);
  tfjs.dispose(ts);
}

export interface HostBatch {
  x: HostTensor;
  y: HostTensor;
}

const dataCache = new Map<string, Promise<HostTensor[]>>();

/** The first `count` training digits (flat or image), one-hot labels, as host arrays. */
async function mnistHost(count: number, shape: 'flat' | 'image'): Promise<HostTensor[]> {
  const key = `${count}/${shape}`;
  let p = dataCache.get(key);
  if (!p) {
    p = (async () => {
      const { xs, ys } = await loadMnist({ split: 'train', count, shape });
      const out = [
        { values: Float32Array.from(await xs.data()), shape: [...xs.shape] },
        { values: Float32Array.from(await ys.data()), shape: [...ys.shape] },
      ];
      tf.dispose([xs, ys]);
      return out;
    })();
    dataCache.set(key, p);
  }
  return p;
}

function rows(t: HostTensor, start: number, size: number): HostTensor {
  const per = t.shape.slice(1).reduce((a, b) => a * b, 1);
  return { values: t.values.subarray(start * per, (start + size) * per), shape: [size, ...t.shape.slice(1)] };
}

/** `count` real digits cut into full batches of `batchSize`, in the package's fixed order. */
export async function mnistBatches(kind: ModelKind, count: number, batchSize: number): Promise<HostBatch[]> {
  const [x, y] = await mnistHost(count, kind === 'mlp' ? 'flat' : 'image');
  const out: HostBatch[] = [];
  for (let s = 0; s + batchSize <= x!.shape[0]!; s += batchSize) out.push({ x: rows(x!, s, batchSize), y: rows(y!, s, batchSize) });
  if (out.length === 0) throw new Error(`mnistBatches: ${count} digits do not make one batch of ${batchSize}`);
  return out;
}

/** Adam 1e-3 on both sides (β 0.9/0.999, ε 1e-7; Tessera adds ε to √v as Keras, tfjs to the corrected √v̂). */
export const LEARNING_RATE = 1e-3;
export const theirsAdam = () => tfjs.train.adam(LEARNING_RATE, 0.9, 0.999, 1e-7);
