import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { Dense } from '@tessera/layers';
import { LambdaCallback, Model, ModelCheckpoint, Sequential, loadLayersModel, loadWeights } from '../index.js';
import { formatCheckpointPath } from './model-checkpoint.js';

let dir: string;
beforeAll(async () => {
  await tf.setBackend(cpu());
  dir = await mkdtemp(join(tmpdir(), 'tessera-checkpoint-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function problem() {
  const rng = new tf.SeededRandom(11);
  const n = 32;
  const xs = Float32Array.from({ length: n * 2 }, () => rng.normal());
  const ys = Float32Array.from({ length: n }, (_, i) => xs[2 * i]! - 2 * xs[2 * i + 1]!);
  return { x: tf.tensor(xs, [n, 2]), y: tf.tensor(ys, [n, 1]) };
}

function makeModel(): Model {
  tf.setGlobalSeed(1);
  const m = new Sequential({ layers: [new Dense({ units: 1, inputShape: [2], name: 'lin' })] });
  m.compile({ optimizer: 'sgd', loss: 'mse' });
  return m;
}

function predictions(m: Model, x: tf.Tensor): number[] {
  const y = m.predict(x) as tf.Tensor;
  const out = Array.from(y.dataSync());
  y.dispose();
  return out;
}

describe('formatCheckpointPath', () => {
  it("fills Keras's placeholders", () => {
    const v = { epoch: 3, val_loss: 0.123456, loss: 0.00042, batch: 7 };
    expect(formatCheckpointPath('ckpt-{epoch:02d}', v)).toBe('ckpt-03');
    expect(formatCheckpointPath('ckpt-{epoch}-{val_loss:.2f}', v)).toBe('ckpt-3-0.12');
    expect(formatCheckpointPath('{loss:.3e}/{batch:4d}/{epoch:03}', v)).toBe('4.200e-04/   7/003');
    expect(() => formatCheckpointPath('ckpt-{val_acc:.2f}', v)).toThrow(/uses \{val_acc\}, which is not available\. Available: \{epoch\}, \{val_loss\}, \{loss\}, \{batch\}/);
    expect(() => formatCheckpointPath('ckpt-{epoch:>5x}', v)).toThrow(/unsupported format spec ':>5x'/);
  });
});

describe('ModelCheckpoint', () => {
  it('saves every epoch to a {epoch:02d} path through the file:// saver; the last one loads with the trained weights', async () => {
    const { x, y } = problem();
    const m = makeModel();
    const ckpt = new ModelCheckpoint(join(dir, 'every', 'model-{epoch:02d}'));
    await m.fit(x, y, { epochs: 3, batchSize: 8, verbose: 0, shuffle: false, callbacks: [ckpt] });
    expect((await readdir(join(dir, 'every'))).sort()).toEqual(['model-01', 'model-02', 'model-03']);
    expect(ckpt.saved).toEqual([1, 2, 3].map((e) => `file://${join(dir, 'every', `model-0${e}`)}`));
    const last = await loadLayersModel(`file://${join(dir, 'every', 'model-03')}`);
    expect(predictions(last, x)).toEqual(predictions(m, x));
    for (const t of [m, last]) t.dispose();
    tf.dispose([x, y]);
  });

  it('saveBestOnly keeps the best epoch by val_loss (mode auto → min), and logs as Keras does', async () => {
    const { x, y } = problem();
    const m = makeModel();
    const path = join(dir, 'best');
    const ckpt = new ModelCheckpoint(path, { monitor: 'val_loss', saveBestOnly: true, verbose: 1 });
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    // Make epoch 3 worse than epoch 2 by perturbing the weights after epoch 2 is saved.
    let best: number[] = [];
    const spoil = new LambdaCallback({
      onEpochEnd: (epoch) => {
        if (epoch === 1) {
          best = predictions(m, x);
          tf.tidy(() => m.weights[0]!.assign(m.weights[0]!.mul(-5)));
        }
      },
    });
    await m.fit(x, y, { epochs: 3, batchSize: 8, verbose: 0, shuffle: false, validationData: [x, y], callbacks: [ckpt, spoil] });
    const lines = log.mock.calls.map((c) => String(c[0]));
    log.mockRestore();
    expect(ckpt.saved.length).toBe(2);
    expect(lines[0]).toMatch(/^Epoch 1: val_loss improved from inf to \d+\.\d{5}, saving model to file:\/\//i);
    expect(lines[2]).toMatch(/^Epoch 3: val_loss did not improve from \d+\.\d{5}$/);
    const loaded = await loadLayersModel(`file://${path}`);
    expect(predictions(loaded, x)).toEqual(best);
    for (const t of [m, loaded]) t.dispose();
    tf.dispose([x, y]);
  });

  it('saveWeightsOnly writes a config-less model.json that loadWeights reads; saveFreq counts batches', async () => {
    const { x, y } = problem();
    const m = makeModel();
    const ckpt = new ModelCheckpoint(`file://${join(dir, 'weights', 'e{epoch}-b{batch}')}`, { saveWeightsOnly: true, saveFreq: 2 });
    await m.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, shuffle: false, callbacks: [ckpt] });
    // 4 batches per epoch, a save every 2.
    expect((await readdir(join(dir, 'weights'))).sort()).toEqual(['e1-b2', 'e1-b4', 'e2-b2', 'e2-b4']);
    const json = JSON.parse(await readFile(join(dir, 'weights', 'e2-b4', 'model.json'), 'utf8'));
    expect(json.modelTopology.config).toBeNull();
    const fresh = new Sequential({ layers: [new Dense({ units: 1, inputShape: [2], name: 'lin' })] });
    await loadWeights(fresh, `file://${join(dir, 'weights', 'e2-b4')}`);
    expect(predictions(fresh, x)).toEqual(predictions(m, x));
    for (const t of [m, fresh]) t.dispose();
    tf.dispose([x, y]);
  });

  it('validates its arguments and warns when the monitored value is missing', async () => {
    expect(() => new ModelCheckpoint('')).toThrow(/Invalid value for argument `filepath`/);
    expect(() => new ModelCheckpoint('x', { saveFreq: 0 })).toThrow(/Invalid value for argument `saveFreq`.*saveFreq=0/);
    expect(() => new ModelCheckpoint('x', { mode: 'up' as never })).toThrow(/Invalid value for argument `mode`/);
    expect(() => new ModelCheckpoint('x-{epoch:q}')).toThrow(/unsupported format spec ':q'/);
    const { x, y } = problem();
    const m = makeModel();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const ckpt = new ModelCheckpoint(join(dir, 'never'), { saveBestOnly: true });
    await m.fit(x, y, { epochs: 1, batchSize: 32, verbose: 0, callbacks: [ckpt] });
    const warned = warn.mock.calls.map((c) => String(c[0]));
    warn.mockRestore();
    expect(warned[0]).toMatch(/can save best model only with val_loss available, skipping/);
    expect(ckpt.saved).toEqual([]);
    m.dispose();
    tf.dispose([x, y]);
  });
});
