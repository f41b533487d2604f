import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import * as tfjs from '@tensorflow/tfjs';
import { valueAndGrads } from '@tessera/autograd';
import { cpu } from '@tessera/backend-cpu';
import { GRU } from './gru.js';
import type { GRUArgs } from './gru.js';
import { input } from '../core/input.js';
import { deserializeLayer, serializeLayer } from '../registry.js';
import { compareLayerWithTfjs, expectClose, seededValues } from '../testing/layer-parity.js';
import { compareMultiWithTfjs } from './test-utils.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
  await tfjs.setBackend('cpu');
});

// tfjs defaults recurrentActivation to hardSigmoid (Keras: sigmoid) and throws for resetAfter: true (its
// typings omit resetAfter, hence the cast).
type TfjsGruArgs = Parameters<typeof tfjs.layers.gru>[0];
const theirGru = (a: Record<string, unknown>) => tfjs.layers.gru({ recurrentActivation: 'sigmoid', resetAfter: false, ...a } as unknown as TfjsGruArgs);

interface Ref {
  x: number[];
  w: number[];
  u: number[];
  b: number[] | null;
  batch: number;
  time: number;
  features: number;
  units: number;
  resetAfter: boolean;
  goBackwards: boolean;
}

/** Keras's GRU equations in float64, written out by hand; returns the output sequence [batch, time, units]. */
function gruReference(r: Ref): number[] {
  const { batch, time, features: F, units: U } = r;
  const sig = (v: number) => 1 / (1 + Math.exp(-v));
  const out: number[] = new Array(batch * time * U).fill(0);
  for (let n = 0; n < batch; n++) {
    let h = new Array(U).fill(0);
    for (let k = 0; k < time; k++) {
      const t = r.goBackwards ? time - 1 - k : k;
      const xp = new Array(3 * U).fill(0); // x·W + input bias
      const hp = new Array(3 * U).fill(0); // h·U (+ recurrent bias with resetAfter)
      for (let j = 0; j < 3 * U; j++) {
        for (let f = 0; f < F; f++) xp[j] += r.x[(n * time + t) * F + f]! * r.w[f * 3 * U + j]!;
        for (let i = 0; i < U; i++) hp[j] += h[i]! * r.u[i * 3 * U + j]!;
        if (r.b) {
          xp[j] += r.b[j]!;
          if (r.resetAfter) hp[j] += r.b[3 * U + j]!;
        }
      }
      const next = new Array(U).fill(0);
      for (let i = 0; i < U; i++) {
        const z = sig(xp[i]! + hp[i]!);
        const rr = sig(xp[U + i]! + hp[U + i]!);
        let cand: number;
        if (r.resetAfter) cand = Math.tanh(xp[2 * U + i]! + rr * hp[2 * U + i]!);
        else {
          // (r ⊙ h) · U_h needs every unit's reset gate.
          let s = 0;
          for (let q = 0; q < U; q++) s += sig(xp[U + q]! + hp[U + q]!) * h[q]! * r.u[q * 3 * U + 2 * U + i]!;
          cand = Math.tanh(xp[2 * U + i]! + s);
        }
        next[i] = z * h[i]! + (1 - z) * cand;
      }
      h = next;
      for (let i = 0; i < U; i++) out[(n * time + k) * U + i] = h[i]!;
    }
  }
  return out;
}

async function refFor(l: GRU, x: Tensor, goBackwards: boolean, resetAfter: boolean): Promise<Ref> {
  const ws = await Promise.all(l.weights.map(async (w) => Array.from(await w.data())));
  const [batch, time, features] = x.shape as [number, number, number];
  return { x: Array.from(await x.data()), w: ws[0]!, u: ws[1]!, b: ws[2] ?? null, batch, time, features, units: l.units, resetAfter, goBackwards };
}

describe('GRU', () => {
  it('with resetAfter false matches tfjs-layers forward and backward (last output, sequences, goBackwards, no bias)', async () => {
    const variants: Partial<GRUArgs>[] = [{}, { returnSequences: true }, { returnSequences: true, goBackwards: true }, { useBias: false }];
    for (const v of variants) {
      const before = tf.memory().numTensors;
      const ours = new GRU({ units: 3, resetAfter: false, ...v });
      const theirs = theirGru({ units: 3, ...v });
      await compareLayerWithTfjs({ ours, theirs, inputShapes: [[2, 4, 3]] });
      ours.dispose();
      theirs.dispose();
      expect(tf.memory().numTensors, JSON.stringify(v)).toBe(before);
    }
  });

  it('with resetAfter false returns its state and takes an initial state as tfjs', async () => {
    const ours = new GRU({ units: 3, resetAfter: false, returnState: true });
    const theirs = theirGru({ units: 3, returnState: true });
    await compareMultiWithTfjs({
      ours,
      theirs,
      inputShapes: [[2, 4, 3], [2, 3]],
      callOurs: ([x, h]) => ours.apply(x!, { initialState: h }) as unknown as Tensor[],
      callTheirs: ([x, h]) => theirs.apply(x!, { initialState: [h!] }) as tfjs.Tensor[],
    });
    ours.dispose();
    theirs.dispose();
  });

  it('with resetAfter true (Keras default, bias [2, 3·units]) matches a float64 reference of Keras equations', async () => {
    const before = tf.memory().numTensors;
    for (const goBackwards of [false, true]) {
      for (const resetAfter of [true, false]) {
        // A non-zero bias so both bias rows matter.
        const l = new GRU({ units: 3, returnSequences: true, goBackwards, resetAfter, biasInitializer: { className: 'RandomUniform', config: { minval: -0.5, maxval: 0.5, seed: 3 } } });
        const x = tf.tensor(seededValues(2 * 4 * 2, 11), [2, 4, 2]);
        const y = l.apply(x);
        expect(l.weights.map((w) => w.shape)).toEqual([[2, 9], [3, 9], resetAfter ? [2, 9] : [9]]);
        expectClose(await y.data(), gruReference(await refFor(l, x, goBackwards, resetAfter)), 1e-5, 1e-6, `GRU resetAfter=${resetAfter} goBackwards=${goBackwards}`);
        tf.dispose([x, y]);
        l.dispose();
      }
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('with resetAfter true has gradients matching central differences of the float64 reference', async () => {
    const l = new GRU({ units: 2, returnSequences: true, biasInitializer: { className: 'RandomUniform', config: { minval: -0.5, maxval: 0.5, seed: 5 } } });
    const x = tf.tensor(seededValues(2 * 3 * 2, 13), [2, 3, 2]);
    l.apply(x).dispose();
    const wOut = seededValues(2 * 3 * 2, 14);
    const { value, grads } = valueAndGrads((xx: Tensor, ...vars: Tensor[]) => {
      void vars;
      return l.apply(xx).mul(tf.tensor(wOut, [2, 3, 2])).sum();
    })([x, ...l.trainableWeights]);
    const ref = await refFor(l, x, false, true);
    const loss = (r: Ref) => gruReference(r).reduce((s, v, i) => s + v * wOut[i]!, 0);
    const numeric = (key: 'x' | 'w' | 'u' | 'b'): number[] =>
      ref[key]!.map((_, i) => {
        const eps = 1e-6;
        const plus = { ...ref, [key]: ref[key]!.map((v, j) => (j === i ? v + eps : v)) };
        const minus = { ...ref, [key]: ref[key]!.map((v, j) => (j === i ? v - eps : v)) };
        return (loss(plus) - loss(minus)) / (2 * eps);
      });
    expectClose(await grads[0]!.data(), numeric('x'), 1e-3, 1e-5, 'd/dx');
    expectClose(await grads[1]!.data(), numeric('w'), 1e-3, 1e-5, 'd/dkernel');
    expectClose(await grads[2]!.data(), numeric('u'), 1e-3, 1e-5, 'd/drecurrent_kernel');
    expectClose(await grads[3]!.data(), numeric('b'), 1e-3, 1e-5, 'd/dbias');
    tf.dispose([value, ...grads, x]);
    l.dispose();
  });

  it('infers shapes symbolically and names its weights by Keras 3 paths', () => {
    const x = input({ shape: [7, 5] });
    const l = new GRU({ units: 4, returnSequences: true, returnState: true, name: 'gru_sym' });
    const outs = l.apply(x) as unknown as { shape: unknown }[];
    expect(outs.map((o) => o.shape)).toEqual([[null, 7, 4], [null, 4]]);
    expect(l.weightEntries.map((w) => [w.name, w.variable.shape])).toEqual([
      ['gru_sym/gru_cell/kernel', [5, 12]],
      ['gru_sym/gru_cell/recurrent_kernel', [4, 12]],
      ['gru_sym/gru_cell/bias', [2, 12]],
    ]);
    l.dispose();
  });

  it('round-trips through its config', () => {
    const l = new GRU({ units: 3, resetAfter: false, goBackwards: true, recurrentActivation: 'hard_sigmoid', name: 'cfg_gru' });
    const c = serializeLayer(l);
    expect(c.config).toMatchObject({ units: 3, resetAfter: false, goBackwards: true, recurrentActivation: 'hard_sigmoid', activation: 'tanh' });
    const l2 = deserializeLayer({ className: 'GRU', config: { ...c.config, name: 'cfg_gru_2' } }) as GRU;
    expect(l2.getConfig()).toEqual({ ...c.config, name: 'cfg_gru_2' });
  });

  it('rejects bad arguments in Keras words', () => {
    expect(() => new GRU({ units: -1 })).toThrow('Invalid value for argument `units`. Expected a positive integer. Received: units=-1');
    expect(() => new GRU({ units: 2, resetAfter: 1 as unknown as boolean })).toThrow('Invalid value for argument `reset_after`. Expected a boolean. Received: reset_after=1');
    expect(() => new GRU({ units: 2, recurrentDropout: -0.1 })).toThrow(/Invalid value for argument `recurrent_dropout`/);
    const l = new GRU({ units: 2, name: 'gru' });
    const x = tf.zeros([4, 3]);
    expect(() => l.apply(x)).toThrow('Input 0 of layer "gru" is incompatible with the layer: expected ndim=3, found ndim=2. Full shape received: (4, 3)');
    x.dispose();
  });
});
