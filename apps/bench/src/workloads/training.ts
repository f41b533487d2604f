import * as tf from '@tessera/core';
import { Adam } from '@tessera/optimizers';
import * as tfjs from '@tensorflow/tfjs';
import type { BenchCase, Prepared } from '../harness.js';
import type { HostBatch, ModelKind } from './models.js';
import { LEARNING_RATE, initialWeights, mnistBatches, oursModel, setOursWeights, setTheirsWeights, theirsAdam, theirsModel } from './models.js';
import { torchReference } from '../torch.js';
import type { Size, Workload } from './types.js';

/**
 * Workloads 8 and 9 (MNIST MLP and CNN training steps), 11 (batch-1 inference latency of the MLP) and 12 (peak
 * memory during a training epoch of the MLP). Both sides build the same Keras model, start from the same weights,
 * use Adam 1e-3 and categorical cross-entropy, and step with trainOnBatch over the same batches in the same order.
 */

const first = (r: number | number[]): number => (Array.isArray(r) ? r[0]! : r);

interface TrainSpec {
  kind: ModelKind;
  batch: number;
  /** Digits to cycle through. */
  count: number;
}

function trainSpec(kind: ModelKind, size: Size): TrainSpec {
  // The quick CNN uses batch 4: tfjs's CPU backend takes about a minute per batch-64 step here.
  const batch = size === 'tiny' ? 8 : kind === 'mlp' ? 128 : size === 'quick' ? 4 : 64;
  const count = size === 'tiny' ? 32 : size === 'quick' ? 512 : 8000;
  return { kind, batch, count };
}

async function oursTrainer(spec: TrainSpec, perStepBatches = false): Promise<Prepared & { model: ReturnType<typeof oursModel>; losses: number[]; runEpoch(batches: HostBatch[]): Promise<void> }> {
  const [ws, batches] = await Promise.all([initialWeights(spec.kind), mnistBatches(spec.kind, spec.count, spec.batch)]);
  const model = oursModel(spec.kind);
  await setOursWeights(model, ws);
  const opt = new Adam({ learningRate: LEARNING_RATE });
  model.compile({ optimizer: opt, loss: 'categorical_crossentropy' });
  const data = perStepBatches ? [] : batches.map((b) => [tf.tensor(b.x.values, b.x.shape), tf.tensor(b.y.values, b.y.shape)] as const);
  const losses: number[] = [];
  let i = 0;
  return {
    model,
    losses,
    step: async () => {
      const [x, y] = data[i++ % data.length]!;
      losses.push(first(await model.trainOnBatch(x, y)));
    },
    async runEpoch(epoch: HostBatch[]) {
      for (const b of epoch) {
        const x = tf.tensor(b.x.values, b.x.shape);
        const y = tf.tensor(b.y.values, b.y.shape);
        losses.push(first(await model.trainOnBatch(x, y)));
        tf.dispose([x, y]);
      }
    },
    finish: () => ({ finalLoss: losses.at(-1) ?? NaN, steps: losses.length }),
    dispose: () => {
      for (const [x, y] of data) tf.dispose([x, y]);
      model.dispose();
      opt.dispose();
    },
  };
}

async function theirsTrainer(spec: TrainSpec, perStepBatches = false): Promise<Prepared & { model: tfjs.Sequential; losses: number[]; runEpoch(batches: HostBatch[]): Promise<void> }> {
  const [ws, batches] = await Promise.all([initialWeights(spec.kind), mnistBatches(spec.kind, spec.count, spec.batch)]);
  const model = theirsModel(spec.kind);
  setTheirsWeights(model, ws);
  const opt = theirsAdam();
  model.compile({ optimizer: opt, loss: 'categoricalCrossentropy' });
  const data = perStepBatches ? [] : batches.map((b) => [tfjs.tensor(b.x.values, b.x.shape), tfjs.tensor(b.y.values, b.y.shape)] as const);
  const losses: number[] = [];
  let i = 0;
  return {
    model,
    losses,
    step: async () => {
      const [x, y] = data[i++ % data.length]!;
      losses.push(first(await model.trainOnBatch(x, y)));
    },
    async runEpoch(epoch: HostBatch[]) {
      for (const b of epoch) {
        const x = tfjs.tensor(b.x.values, b.x.shape);
        const y = tfjs.tensor(b.y.values, b.y.shape);
        losses.push(first(await model.trainOnBatch(x, y)));
        tfjs.dispose([x, y]);
      }
    },
    finish: () => ({ finalLoss: losses.at(-1) ?? NaN, steps: losses.length }),
    dispose: () => {
      for (const [x, y] of data) tfjs.dispose([x, y]);
      model.dispose();
      opt.dispose();
    },
  };
}

function trainingCase(workload: number, kind: ModelKind, size: Size, backend: string): BenchCase {
  const spec = trainSpec(kind, size);
  const heavy = kind === 'cnn';
  const c: BenchCase = {
    workload,
    id: `${kind}-b${spec.batch}`,
    title:
      kind === 'mlp'
        ? `MLP 784-512-256-10, Adam 1e-3, batch ${spec.batch}: trainOnBatch`
        : `CNN conv32-pool-conv64-pool-dense128-10, Adam 1e-3, batch ${spec.batch}: trainOnBatch`,
    fixedInner: true,
    reps: size === 'full' ? (heavy ? { warmup: 2, minRounds: 5, maxRounds: 15, budgetMs: 40_000 } : { warmup: 3, minRounds: 15, maxRounds: 60, budgetMs: 30_000 }) : heavy && size === 'quick' ? { minRounds: 2, maxRounds: 3 } : {},
    note: `real MNIST digits (the first ${spec.count} of the training part), same initial weights, same batch order; finalLoss is the last step's loss`,
    ours: () => oursTrainer(spec),
    theirs: () => theirsTrainer(spec),
  };
  if (backend === 'cpu' && size !== 'tiny') {
    c.reference = (result) => torchReference(kind, spec, result);
  }
  return c;
}

export const mnistMlpTraining: Workload = {
  id: 8,
  name: 'MNIST MLP training step',
  cases: ({ size, backend }) => [trainingCase(8, 'mlp', size, backend)],
};

export const mnistCnnTraining: Workload = {
  id: 9,
  name: 'MNIST CNN training step',
  cases: ({ size, backend }) => [trainingCase(9, 'cnn', size, backend)],
};

export const mlpInference: Workload = {
  id: 11,
  name: 'batch-1 inference latency of the MLP',
  cases: () => [
    {
      workload: 11,
      id: 'mlp-b1',
      title: 'MLP 784-512-256-10: predict on one digit, read the 10 probabilities',
      ours: async () => {
        const [ws, [b]] = await Promise.all([initialWeights('mlp'), mnistBatches('mlp', 1, 1)]);
        const model = oursModel('mlp');
        await setOursWeights(model, ws);
        const x = tf.tensor(b!.x.values, b!.x.shape);
        return {
          step: async () => {
            const y = model.predict(x) as tf.Tensor;
            await y.data();
            y.dispose();
          },
          dispose: () => {
            x.dispose();
            model.dispose();
          },
        };
      },
      theirs: async () => {
        const [ws, [b]] = await Promise.all([initialWeights('mlp'), mnistBatches('mlp', 1, 1)]);
        const model = theirsModel('mlp');
        setTheirsWeights(model, ws);
        const x = tfjs.tensor(b!.x.values, b!.x.shape);
        return {
          step: async () => {
            const y = model.predict(x) as tfjs.Tensor;
            await y.data();
            y.dispose();
          },
          dispose: () => {
            x.dispose();
            model.dispose();
          },
        };
      },
    },
  ],
};

/** Peak bytes of live tensors on one Tessera backend, sampled after every op (nested ones included). */
function trackPeak(backendName: string): { stop(): { peakBytes: number; peakBackendBytes: number } } {
  let peak = 0;
  let peakBackend = 0;
  const sample = () => {
    const m = tf.memory();
    peak = Math.max(peak, m.backends[backendName]?.numBytes ?? m.numBytes);
    const bm = tf.getBackend(backendName).memory();
    if (typeof bm.bytes === 'number') peakBackend = Math.max(peakBackend, bm.bytes);
  };
  sample();
  const remove = tf.addOpHook((_call, run) => {
    const out = run();
    sample();
    return out;
  });
  return {
    stop() {
      remove();
      return { peakBytes: peak, peakBackendBytes: peakBackend };
    },
  };
}

export const trainingMemory: Workload = {
  id: 12,
  name: 'peak memory during a training epoch (MLP)',
  cases: ({ size }) => {
    const spec = trainSpec('mlp', size);
    return [
      {
        workload: 12,
        id: `mlp-epoch${spec.count}`,
        title: `peak tensor bytes, one epoch of the MLP over ${spec.count} digits, batch ${spec.batch}`,
        mode: 'once',
        primary: 'peakBytes',
        note: "bytes of live tensors after each op (tfjs: profile()'s peakBytes, the same definition); each batch is made and freed inside the step; the ratio is theirs / ours (>1: Tessera uses less)",
        ours: async () => {
          const t = await oursTrainer(spec, true);
          const epoch = await mnistBatches('mlp', spec.count, spec.batch);
          const name = tf.getBackend().name;
          let result: Record<string, number> = {};
          return {
            step: async () => {
              const before = tf.memory().numTensors;
              const peak = trackPeak(name);
              const t0 = performance.now();
              try {
                await t.runEpoch(epoch);
              } finally {
                const p = peak.stop();
                result = { ...p, epochMs: performance.now() - t0, steps: epoch.length, tensorsAdded: tf.memory().numTensors - before };
              }
            },
            finish: () => ({ ...result, finalLoss: t.losses.at(-1) ?? NaN }),
            dispose: () => t.dispose(),
          };
        },
        theirs: async () => {
          const t = await theirsTrainer(spec, true);
          const epoch = await mnistBatches('mlp', spec.count, spec.batch);
          let result: Record<string, number> = {};
          return {
            step: async () => {
              const before = tfjs.memory().numTensors;
              const t0 = performance.now();
              const info = await tfjs.profile(() => t.runEpoch(epoch));
              result = { peakBytes: info.peakBytes, epochMs: performance.now() - t0, steps: epoch.length, tensorsAdded: tfjs.memory().numTensors - before };
            },
            finish: () => ({ ...result, finalLoss: t.losses.at(-1) ?? NaN }),
            dispose: () => t.dispose(),
          };
        },
      },
    ];
  },
};
