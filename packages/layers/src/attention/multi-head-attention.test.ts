import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { gradcheck, valueAndGrads } from '@tessera/autograd';
import { MultiHeadAttention } from './multi-head-attention.js';
import { input } from '../core/input.js';
import { getMask, resetLayerNames, setMask } from '../engine/layer.js';
import { deserializeLayer, serializeLayer } from '../registry.js';
import { expectClose, seededValues } from '../testing/layer-parity.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
});

const randomBias = { className: 'RandomNormal', config: { stddev: 0.5, seed: 3 } };

/**
 * Keras's equations, written out in float64 on the host: per batch b, head n,
 *   q = (query·Wq + bq)/√H, k = key·Wk + bk, v = value·Wv + bv,
 *   p[t, s] = softmax_s(q[t]·k[s] − 1e9·(1 − mask[t, s])) · mask[t, s],
 *   out[t] = Σ_n Σ_c (Σ_s p[t, s] v[s, c]) · Wo[n, c] + bo.
 */
function reference(
  q: Float32Array, v: Float32Array, k: Float32Array, dims: { B: number; T: number; S: number; Dq: number; Dv: number; Dk: number; N: number; H: number; V: number; Do: number },
  w: Float32Array[], mask: ((b: number, t: number, s: number) => boolean) | null,
): { out: Float64Array; scores: Float64Array } {
  const { B, T, S, Dq, Dv, Dk, N, H, V, Do } = dims;
  const [wq, bq, wk, bk, wv, bv, wo, bo] = w as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  const proj = (x: Float32Array, b: number, pos: number, D: number, len: number, W: Float32Array, bias: Float32Array, n: number, F: number, f: number) => {
    let s = bias[n * F + f]!;
    for (let d = 0; d < D; d++) s += x[(b * len + pos) * D + d]! * W[(d * N + n) * F + f]!;
    return s;
  };
  const out = new Float64Array(B * T * Do);
  const scores = new Float64Array(B * N * T * S);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const acc = new Float64Array(Do).map((_, o) => bo[o]!);
      for (let n = 0; n < N; n++) {
        const logits = new Float64Array(S);
        for (let s = 0; s < S; s++) {
          let dot = 0;
          for (let h = 0; h < H; h++) dot += (proj(q, b, t, Dq, T, wq, bq, n, H, h) / Math.sqrt(H)) * proj(k, b, s, Dk, S, wk, bk, n, H, h);
          logits[s] = dot + (mask && !mask(b, t, s) ? -1e9 : 0);
        }
        const m = Math.max(...logits);
        const e = logits.map((l) => Math.exp(l - m));
        const z = e.reduce((a, c) => a + c, 0);
        for (let s = 0; s < S; s++) {
          const p = (e[s]! / z) * (mask && !mask(b, t, s) ? 0 : 1);
          scores[((b * N + n) * T + t) * S + s] = p;
          for (let c = 0; c < V; c++) {
            const vv = proj(v, b, s, Dv, S, wv, bv, n, V, c);
            for (let o = 0; o < Do; o++) acc[o] += p * vv * wo[(n * V + c) * Do + o]!;
          }
        }
      }
      out.set(acc, (b * T + t) * Do);
    }
  }
  return { out, scores };
}

describe('MultiHeadAttention', () => {
  it('matches a float64 reference of the equations (separate key, masks, scores)', async () => {
    const before = tf.memory().numTensors;
    const dims = { B: 2, T: 3, S: 4, Dq: 5, Dv: 3, Dk: 6, N: 2, H: 3, V: 2, Do: 5 };
    const layer = new MultiHeadAttention({ numHeads: 2, keyDim: 3, valueDim: 2, biasInitializer: randomBias });
    const hq = seededValues(2 * 3 * 5, 1);
    const hv = seededValues(2 * 4 * 3, 2);
    const hk = seededValues(2 * 4 * 6, 3);
    const q = tf.tensor(hq, [2, 3, 5]);
    const v = tf.tensor(hv, [2, 4, 3]);
    const k = tf.tensor(hk, [2, 4, 6]);
    const [out, scores] = layer.apply([q, v, k], { returnAttentionScores: true }) as tf.Tensor[];
    const ws = layer.getWeights();
    const hw = (await Promise.all(ws.map((x) => x.data()))) as Float32Array[];
    const ref = reference(hq, hv, hk, dims, hw, null);
    expect(out!.shape).toEqual([2, 3, 5]);
    expect(scores!.shape).toEqual([2, 2, 3, 4]);
    expectClose(await out!.data(), ref.out, 1e-5, 1e-6, 'output');
    expectClose(await scores!.data(), ref.scores, 1e-5, 1e-6, 'scores');

    // Explicit mask (one query row fully masked) AND the causal mask.
    const am = Array.from({ length: 2 * 3 * 4 }, (_, i) => i % 5 !== 2 && !(i >= 4 && i < 8));
    const amask = tf.tensor(am, [2, 3, 4], 'bool');
    const [mout, mscores] = layer.apply([q, v, k], { attentionMask: amask, useCausalMask: true, returnAttentionScores: true }) as tf.Tensor[];
    const mref = reference(hq, hv, hk, dims, hw, (b, t, s) => am[(b * 3 + t) * 4 + s]! && s <= t);
    expectClose(await mout!.data(), mref.out, 1e-5, 1e-6, 'masked output');
    expectClose(await mscores!.data(), mref.scores, 1e-5, 1e-6, 'masked scores');
    tf.dispose([q, v, k, out!, scores!, amask, mout!, mscores!, ...ws]);
    layer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('turns the inputs masks into the attention mask (query mask AND value mask), and passes on the query mask', async () => {
    const before = tf.memory().numTensors;
    const layer = new MultiHeadAttention({ numHeads: 2, keyDim: 2 });
    const q = tf.tensor(seededValues(2 * 3 * 4, 5), [2, 3, 4]);
    const v = tf.tensor(seededValues(2 * 2 * 4, 6), [2, 2, 4]);
    const qm = [true, true, false, true, false, true];
    const vm = [true, false, true, true];
    const qmask = tf.tensor(qm, [2, 3], 'bool');
    const vmask = tf.tensor(vm, [2, 2], 'bool');
    setMask(q, qmask);
    setMask(v, vmask);
    const y = layer.apply([q, v]);
    expect(getMask(y)).toBe(qmask);
    const explicit = tf.tensor(
      Array.from({ length: 2 * 3 * 2 }, (_, i) => qm[Math.floor(i / 2)]! && vm[Math.floor(i / 6) * 2 + (i % 2)]!),
      [2, 3, 2],
      'bool',
    );
    const y2 = layer.apply([q, v], { attentionMask: explicit, mask: null });
    expectClose(await y.data(), await y2.data(), 0, 0, 'auto vs explicit mask');
    tf.dispose([q, v, qmask, vmask, y, explicit, y2]);
    layer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('passes gradient checks in float64 (inputs by gradcheck, weights by finite differences)', async () => {
    const before = tf.memory().numTensors;
    const layer = new MultiHeadAttention({ numHeads: 2, keyDim: 2, valueDim: 3, dtype: 'float64', biasInitializer: randomBias });
    const q = tf.tensor(seededValues(1 * 2 * 4, 7), [1, 2, 4], 'float64');
    const v = tf.tensor(seededValues(1 * 3 * 3, 8), [1, 3, 3], 'float64');
    const call = (qi: tf.Tensor, vi: tf.Tensor) => layer.apply([qi, vi], { useCausalMask: true }) as tf.Tensor;
    const res = await gradcheck(call, [q, v]);
    expect(res.failures.slice(0, 3)).toEqual([]);
    expect(res.ok).toBe(true);

    const wOut = tf.tensor(seededValues(1 * 2 * 4, 9), [1, 2, 4], 'float64');
    const loss = () => tf.sum(tf.mul(call(q, v), wOut));
    const vars = layer.trainableWeights;
    expect(vars.length).toBe(8);
    const { value, grads } = valueAndGrads(loss)(vars);
    const evalLoss = async () => {
      const l = tf.tidy(loss);
      const r = (await l.data())[0]!;
      l.dispose();
      return r;
    };
    const eps = 1e-6;
    for (let i = 0; i < vars.length; i++) {
      const vr = vars[i]!;
      const host = Float64Array.from(await vr.data());
      const analytic = await grads[i]!.data();
      const numeric = new Float64Array(host.length);
      for (let j = 0; j < host.length; j++) {
        const set = (d: number) => tf.tidy(() => vr.assign(tf.tensor(host.map((x, m) => (m === j ? x + d : x)), [...vr.shape], 'float64')));
        set(eps);
        const up = await evalLoss();
        set(-eps);
        const down = await evalLoss();
        numeric[j] = (up - down) / (2 * eps);
      }
      tf.tidy(() => vr.assign(tf.tensor(host, [...vr.shape], 'float64')));
      expectClose(analytic, numeric, 1e-5, 1e-7, `d/d ${vr.name}`);
    }
    tf.dispose([q, v, wOut, value, ...grads]);
    layer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names and shapes its weights as Keras 3 (custom output shape, no bias)', () => {
    resetLayerNames();
    expect(new MultiHeadAttention({ numHeads: 1, keyDim: 1 }).name).toBe('multi_head_attention');
    const mha = new MultiHeadAttention({ numHeads: 4, keyDim: 3, valueDim: 5, name: 'mha' });
    mha.build([[null, 7, 6], [null, 9, 8]]);
    expect(mha.weightEntries.map((w) => [w.name, w.variable.shape])).toEqual([
      ['mha/query/kernel', [6, 4, 3]],
      ['mha/query/bias', [4, 3]],
      ['mha/key/kernel', [8, 4, 3]],
      ['mha/key/bias', [4, 3]],
      ['mha/value/kernel', [8, 4, 5]],
      ['mha/value/bias', [4, 5]],
      ['mha/attention_output/kernel', [4, 5, 6]],
      ['mha/attention_output/bias', [6]],
    ]);
    mha.dispose();
    const custom = new MultiHeadAttention({ numHeads: 2, keyDim: 2, useBias: false, outputShape: [2, 3] });
    const y = custom.apply([input({ shape: [4, 5] }), input({ shape: [6, 5] })]);
    expect(y.shape).toEqual([null, 4, 2, 3]);
    expect(custom.weights.map((w) => w.shape)).toEqual([[5, 2, 2], [5, 2, 2], [5, 2, 2], [2, 2, 2, 3]]);
    custom.dispose();
  });

  it('infers output and score shapes symbolically, for 1-D and 2-D attention', () => {
    const q = input({ shape: [3, 5] });
    const v = input({ shape: [4, 2] });
    expect(new MultiHeadAttention({ numHeads: 2, keyDim: 3 }).apply([q, v]).shape).toEqual([null, 3, 5]);
    const both = new MultiHeadAttention({ numHeads: 2, keyDim: 3 }).apply([q, v], { returnAttentionScores: true }) as unknown as { shape: unknown }[];
    expect(both.map((s) => s.shape)).toEqual([[null, 3, 5], [null, 2, 3, 4]]);
    const img = input({ shape: [2, 3, 4] });
    const scores2d = new MultiHeadAttention({ numHeads: 2, keyDim: 3, attentionAxes: [1, 2] }).apply([img, img], { returnAttentionScores: true }) as unknown as { shape: unknown }[];
    expect(scores2d.map((s) => s.shape)).toEqual([[null, 2, 3, 4], [null, 2, 2, 3, 2, 3]]);
    const rows = new MultiHeadAttention({ numHeads: 2, keyDim: 3, attentionAxes: 2 }).apply([img, img], { returnAttentionScores: true }) as unknown as { shape: unknown }[];
    expect(rows.map((s) => s.shape)).toEqual([[null, 2, 3, 4], [null, 2, 2, 3, 3]]);
  });

  it('attends over several axes as over their flattening, and over an inner axis as per-row attention', async () => {
    const before = tf.memory().numTensors;
    const x = tf.tensor(seededValues(2 * 2 * 3 * 4, 12), [2, 2, 3, 4]);
    const both = new MultiHeadAttention({ numHeads: 2, keyDim: 3, attentionAxes: [1, 2], biasInitializer: randomBias });
    const flat = new MultiHeadAttention({ numHeads: 2, keyDim: 3 });
    const y2d = both.apply([x, x]);
    const xf = tf.reshape(x, [2, 6, 4]);
    flat.apply([xf, xf]).dispose();
    const ws = both.getWeights();
    flat.setWeights(ws);
    const yf = flat.apply([xf, xf]);
    expectClose(await y2d.data(), await yf.data(), 1e-6, 1e-6, '2-D attention vs flattened');
    const rows = new MultiHeadAttention({ numHeads: 2, keyDim: 3, attentionAxes: [2] });
    rows.apply([x, x]).dispose();
    rows.setWeights(ws);
    const yr = rows.apply([x, x]);
    const xr = tf.reshape(x, [4, 3, 4]);
    const yrf = flat.apply([xr, xr]);
    expectClose(await yr.data(), await yrf.data(), 1e-6, 1e-6, 'row attention vs batched rows');
    tf.dispose([x, y2d, xf, yf, yr, xr, yrf, ...ws]);
    [both, flat, rows].forEach((l) => l.dispose());
    expect(tf.memory().numTensors).toBe(before);
  });

  it('drops attention probabilities only while training, reproducibly with a seed; scores are before dropout', async () => {
    const before = tf.memory().numTensors;
    const q = tf.tensor(seededValues(2 * 3 * 4, 13), [2, 3, 4]);
    const make = () => new MultiHeadAttention({ numHeads: 2, keyDim: 2, dropout: 0.5, seed: 5, kernelInitializer: { className: 'GlorotUniform', config: { seed: 1 } } });
    const a = make();
    const b = make();
    const [inf, sInf] = a.apply([q, q], { returnAttentionScores: true }) as tf.Tensor[];
    b.apply([q, q]).dispose();
    const ws = a.getWeights();
    b.setWeights(ws);
    tf.dispose(ws);
    const [tr1, s1] = a.apply([q, q], { training: true, returnAttentionScores: true }) as tf.Tensor[];
    const tr2 = a.apply([q, q], { training: true });
    const tb1 = b.apply([q, q], { training: true });
    expect(Array.from(await tr1!.data())).not.toEqual(Array.from(await inf!.data()));
    expect(Array.from(await tr1!.data())).not.toEqual(Array.from(await tr2.data()));
    expect(Array.from(await tb1.data())).toEqual(Array.from(await tr1!.data()));
    expect(Array.from(await s1!.data())).toEqual(Array.from(await sInf!.data()));
    tf.dispose([q, inf!, sInf!, tr1!, s1!, tr2, tb1]);
    a.dispose();
    b.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('round-trips its config', () => {
    const l = new MultiHeadAttention({ numHeads: 3, keyDim: 4, dropout: 0.1, outputShape: 7, attentionAxes: [1], seed: 2, kernelRegularizer: 'l2', name: 'mha_cfg' });
    const { className, config } = serializeLayer(l);
    expect(config).toMatchObject({ numHeads: 3, keyDim: 4, valueDim: 4, dropout: 0.1, useBias: true, outputShape: [7], attentionAxes: [1], seed: 2 });
    expect(deserializeLayer({ className, config }).getConfig()).toEqual(config);
  });

  it('rejects bad arguments and inputs', () => {
    expect(() => new MultiHeadAttention({ numHeads: 0, keyDim: 2 })).toThrow('Invalid value for argument `num_heads`. Expected a positive integer. Received: num_heads=0');
    expect(() => new MultiHeadAttention({ numHeads: 2, keyDim: 2, dropout: 2 })).toThrow('Invalid value for argument `dropout`');
    expect(() => new MultiHeadAttention({ numHeads: 2, keyDim: 2, attentionAxes: 'x' as never })).toThrow('`attention_axes` must be an int, list, or tuple.');
    const mha = new MultiHeadAttention({ numHeads: 2, keyDim: 2, name: 'mha_err' });
    const q = input({ shape: [3, 4] });
    expect(() => mha.apply(q)).toThrow('should be called on a list [query, value] or [query, value, key]');
    expect(() => mha.apply([q, input({ shape: [5, 4] }), input({ shape: [6, 4] })])).toThrow(
      'All dimensions of `value` and `key`, except the last one, must be equal. Received: value_shape=(None, 5, 4) and key_shape=(None, 6, 4)',
    );
    expect(() => new MultiHeadAttention({ numHeads: 2, keyDim: 2, attentionAxes: [3] }).apply([q, q])).toThrow('`attention_axes` [3] must be distinct axes');
    mha.apply([q, q]);
    expect(() => mha.apply([input({ shape: [3, 5] }), q])).toThrow('Input query of layer "mha_err" is incompatible with the layer: expected its last axis to have value 4');
    const t = tf.zeros([1, 3, 4]);
    const bad = tf.ones([1, 2, 2], 'bool');
    expect(() => mha.apply([t, t], { attentionMask: bad })).toThrow('does not broadcast to the attention scores');
    tf.dispose([t, bad]);
  });
});
