import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import * as O from './index.js';

beforeAll(async () => {
  if (tf.listBackends().includes('cpu')) await tf.setBackend(tf.getBackend('cpu'));
  else await tf.setBackend(cpu());
});

let baseline = 0;
beforeEach(() => {
  baseline = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(baseline);
});

let uid = 0;
const v = (values: number[] | number[][], name = `opt_test_${uid++}`) => tf.variable(values, true, name);
const read = (t: tf.Tensor) => Array.from(t.dataSync());
const close = (got: ArrayLike<number>, want: number[], digits = 6) => {
  expect(got.length).toBe(want.length);
  Array.from(got).forEach((g, i) => expect(g).toBeCloseTo(want[i]!, digits));
};
/** Applies a constant gradient `steps` times and returns the variable's values. */
function run(opt: O.Optimizer, x0: number[], g: number[], steps = 1): number[] {
  const x = v(x0);
  const gt = tf.tensor(g);
  for (let i = 0; i < steps; i++) opt.applyGradients([[gt, x]]);
  const out = read(x);
  tf.dispose([x, gt]);
  opt.dispose();
  return out;
}

describe('update rules (hand-computed)', () => {
  it('SGD: x - lr·g', () => {
    close(run(O.sgd(0.1), [1, 2], [0.5, -1]), [0.95, 2.1]);
    close(run(O.sgd(), [1], [1]), [0.99]); // Keras default learning rate 0.01
  });

  it('SGD with momentum and Nesterov', () => {
    // m1 = -0.1·1 = -0.1, x1 = 0.9; m2 = 0.9·(-0.1) - 0.1 = -0.19, x2 = 0.71
    close(run(O.sgd({ learningRate: 0.1, momentum: 0.9 }), [1], [1], 2), [0.71]);
    // Nesterov: x1 = 1 + 0.9·(-0.1) - 0.1 = 0.81; m2 = -0.19, x2 = 0.81 + 0.9·(-0.19) - 0.1 = 0.539
    close(run(O.sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true }), [1], [1], 2), [0.539]);
  });

  it('RMSprop (Keras docstring: one step on x²/2 from 10 gives 9.683772)', () => {
    const x = v([10]);
    const opt = O.rmsprop(0.1);
    opt.minimize(() => tf.div(tf.square(x), 2).sum(), [x]);
    close(read(x), [9.683772], 5);
    x.dispose();
    opt.dispose();
  });

  it('RMSprop with momentum and centered', () => {
    // v = 0.1·4 = 0.4, a = 0.1·2 = 0.2, denominator = 0.4 - 0.04 + 1e-7
    const inc = (0.1 * 2) / Math.sqrt(0.36 + 1e-7);
    close(run(O.rmsprop({ learningRate: 0.1, centered: true }), [1], [2]), [1 - inc]);
    const inc2 = (0.1 * 2) / Math.sqrt(0.4 + 1e-7);
    close(run(O.rmsprop({ learningRate: 0.1, momentum: 0.5 }), [1], [2], 2), [1 - inc2 - (0.5 * inc2 + (0.1 * 2) / Math.sqrt(0.9 * 0.4 + 0.4 + 1e-7))]);
  });

  it('Adam: the first step is about lr·sign(g); epsilon sits outside the uncorrected √v', () => {
    const g = 2;
    const m = 0.1 * g;
    const vv = 0.001 * g * g;
    const alpha = (0.1 * Math.sqrt(1 - 0.999)) / (1 - 0.9);
    close(run(O.adam({ learningRate: 0.1, epsilon: 1e-3 }), [1], [g]), [1 - (alpha * m) / (Math.sqrt(vv) + 1e-3)]);
  });

  it('Adam with amsgrad keeps the running maximum of v', async () => {
    const opt = O.adam({ learningRate: 0.1, amsgrad: true });
    const x = v([1]);
    const g1 = tf.tensor([2]);
    const g2 = tf.tensor([0.01]);
    opt.applyGradients([[g1, x]]);
    opt.applyGradients([[g2, x]]);
    const w = await opt.getWeights();
    const byName = Object.fromEntries(w.map((e) => [e.name, read(e.tensor)[0]!]));
    expect(byName[`${x.name}/velocity`]).toBeCloseTo(0.999 * 0.004 + 0.001 * 0.0001, 7);
    expect(byName[`${x.name}/velocity_hat`]).toBeCloseTo(0.004, 7);
    tf.dispose([x, g1, g2, ...w.map((e) => e.tensor)]);
    opt.dispose();
  });

  it('Adagrad starts its accumulator at 0.1 (Keras and tfjs)', () => {
    close(run(O.adagrad(0.1), [1], [1]), [1 - 0.1 / Math.sqrt(1.1 + 1e-7)]);
    close(run(O.adagrad({ learningRate: 0.1, initialAccumulatorValue: 0 }), [1], [1]), [1 - 0.1 / Math.sqrt(1 + 1e-7)]);
  });

  it('Adadelta uses the updated gradient accumulator', () => {
    const G = 0.05 * 4;
    const delta = (-Math.sqrt(1e-7) * 2) / Math.sqrt(G + 1e-7);
    close(run(O.adadelta(1), [1], [2]), [1 + delta], 7);
  });

  it('Adamax and Nadam, one step', () => {
    // Adamax: m = 0.2, u = 2, x = 1 - 0.1·0.2/((1-0.9)(2+1e-7))
    close(run(O.adamax(0.1), [1], [2]), [1 - (0.1 * 0.2) / (0.1 * (2 + 1e-7))]);
    const mu1 = 0.9 * (1 - 0.5 * 0.96);
    const mu2 = 0.9 * (1 - 0.5 * 0.96 ** 2);
    const mHat = (mu2 * 0.2) / (1 - mu1 * mu2) + ((1 - mu1) * 2) / (1 - mu1);
    const vHat = (0.001 * 4) / (1 - 0.999);
    close(run(O.nadam(0.1), [1], [2]), [1 - (0.1 * mHat) / (Math.sqrt(vHat) + 1e-7)], 5);
  });

  it('Ftrl, one step (defaults: power -0.5, accumulator 0.1)', () => {
    const n1 = 0.1 + 4;
    const z = 2 - ((Math.sqrt(n1) - Math.sqrt(0.1)) / 0.1) * 1;
    const x1 = (0 - z) / (Math.sqrt(n1) / 0.1);
    close(run(O.ftrl(0.1), [1], [2]), [x1], 5);
    // With l1 larger than |z| the weight becomes exactly 0.
    close(run(O.ftrl({ learningRate: 0.1, l1RegularizationStrength: 20 }), [1], [2]), [0]);
  });

  it('the pure update functions compute new values without touching their inputs', () => {
    const x = tf.tensor([1, 2]);
    const g = tf.tensor([0.5, 0.5]);
    const slots = [tf.zeros([2]), tf.zeros([2])];
    const r = O.adamUpdate(x, g, slots, { lr: 0.1, step: 1, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, amsgrad: false });
    close(read(x), [1, 2]);
    close(read(slots[0]!), [0, 0]);
    close(read(r.slots[0]!), [0.05, 0.05]);
    tf.dispose([x, g, ...slots, r.x, ...r.slots]);
  });
});

describe('clipping, weight decay and learning rates', () => {
  it('clipnorm rescales each gradient to the norm', () => {
    // g = [3, 4] (norm 5) clipped to norm 1 → [0.6, 0.8]
    close(run(O.sgd({ learningRate: 1, clipnorm: 1 }), [0, 0], [3, 4]), [-0.6, -0.8]);
    close(run(O.sgd({ learningRate: 1, clipnorm: 10 }), [0, 0], [3, 4]), [-3, -4]);
    close(run(O.sgd({ learningRate: 1, clipnorm: 1 }), [0, 0], [0, 0]), [0, 0]);
  });

  it('clipvalue clips elements; globalClipnorm scales all gradients together', () => {
    close(run(O.sgd({ learningRate: 1, clipvalue: 0.5 }), [0, 0], [3, -0.25]), [-0.5, 0.25]);
    const a = v([0, 0]);
    const b = v([0]);
    const ga = tf.tensor([3, 0]);
    const gb = tf.tensor([4]);
    const opt = O.sgd({ learningRate: 1, globalClipnorm: 1 });
    opt.applyGradients([[ga, a], [gb, b]]);
    close(read(a), [-0.6, 0]);
    close(read(b), [-0.8]);
    tf.dispose([a, b, ga, gb]);
    opt.dispose();
  });

  it('weightDecay is decoupled: x ← x - x·wd·lr before the step', () => {
    close(run(O.sgd({ learningRate: 0.1, weightDecay: 0.5 }), [1, -2], [0, 1]), [0.95, -2 * 0.95 - 0.1]);
    // AdamW defaults to weightDecay 0.004
    const w = O.adamw({ learningRate: 0.1 });
    expect(w.weightDecay).toBe(0.004);
    expect(() => O.adamw({ weightDecay: null })).toThrow('AdamW: invalid value for argument `weightDecay`. Expected a number.');
    w.dispose();
  });

  it('excludeFromWeightDecay by variable or by name', () => {
    const kernel = v([1], 'dense/kernel_wd');
    const bias = v([1], 'dense/bias_wd');
    const other = v([1]);
    const g = tf.tensor([0]);
    const opt = O.sgd({ learningRate: 0.1, weightDecay: 1 });
    opt.excludeFromWeightDecay([other], ['bias']);
    opt.applyGradients([[g, kernel], [g, bias], [g, other]]);
    close(read(kernel), [0.9]);
    close(read(bias), [1]);
    close(read(other), [1]);
    tf.dispose([kernel, bias, other, g]);
    opt.dispose();
  });

  it('a schedule or a callable gets the number of updates already applied', () => {
    const seen: number[] = [];
    const opt = O.sgd({
      learningRate: (step: number) => {
        seen.push(step);
        return 1 / (step + 1);
      },
    });
    close(run(opt, [0], [1], 3), [-(1 + 1 / 2 + 1 / 3)]);
    expect(seen).toEqual([0, 1, 2]);
    const sched = O.sgd({ learningRate: O.piecewiseConstantDecay({ boundaries: [1], values: [1, 0.1] }) });
    close(run(sched, [0], [1], 3), [-(1 + 1 + 0.1)]);
  });

  it('learningRate reads the current rate and can be set (not over a schedule)', () => {
    const opt = O.sgd(0.5);
    expect(opt.learningRate).toBe(0.5);
    opt.learningRate = 0.25;
    expect(opt.learningRate).toBe(0.25);
    const s = O.sgd({ learningRate: O.exponentialDecay({ initialLearningRate: 1, decaySteps: 1, decayRate: 0.5 }) });
    expect(s.learningRate).toBe(1);
    expect(() => {
      s.learningRate = 0.1;
    }).toThrow(/created with a learning-rate schedule/);
    expect(() => O.sgd({ learningRate: (() => NaN) as never }).learningRate).toThrow(/returned NaN at step 0/);
  });
});

describe('applyGradients, minimize and state', () => {
  it('accepts [gradient, variable] pairs, a name map with varList, and tfjs NamedTensors; skips null gradients', () => {
    const a = v([1]);
    const b = v([1]);
    const g = tf.tensor([1]);
    const opt = O.sgd(0.1);
    opt.applyGradients([[g, a], [null, b]]);
    opt.applyGradients({ [a.name]: g, [b.name]: g }, [a, b]);
    opt.applyGradients([{ name: b.name, tensor: g }]);
    close(read(a), [0.8]);
    close(read(b), [0.8]);
    expect(opt.iterations).toBe(3);
    tf.dispose([a, b, g]);
    opt.dispose();
  });

  it('minimize differentiates with autograd; both tfjs and Keras-style argument orders', () => {
    const x = v([3]);
    const opt = O.sgd(0.25);
    const f = () => tf.square(x).sum();
    expect(opt.minimize(f, [x])).toBeNull();
    const cost = opt.minimize(f, true, [x])!;
    close(read(cost), [2.25]);
    cost.dispose();
    const cost2 = opt.minimize(f, [x], true)!;
    cost2.dispose();
    close(read(x), [3 * 0.5 ** 3]);
    expect(opt.iterations).toBe(3);
    x.dispose();
    opt.dispose();
  });

  it('getWeights lists iterations then <variable>/<slot>; setWeights restores a run exactly', async () => {
    const a = v([1, 2], 'state_a');
    const b = v([[3]], 'state_b');
    const ga = tf.tensor([0.5, -1]);
    const gb = tf.tensor([[2]]);
    const opt = O.adam(0.1);
    opt.applyGradients([[ga, a], [gb, b]]);
    const w = await opt.getWeights();
    expect(w.map((e) => e.name)).toEqual(['iterations', 'state_a/momentum', 'state_b/momentum', 'state_a/velocity', 'state_b/velocity']);
    expect(w[0]!.tensor.dtype).toBe('int32');
    // Continue on two copies: the original, and a fresh optimizer given the state.
    const a2 = v(read(a), 'state_a2');
    const copy = O.adam(0.1);
    await copy.setWeights(w.map((e) => ({ name: e.name.replace('state_a/', 'state_a2/'), tensor: e.tensor })).filter((e) => !e.name.startsWith('state_b')));
    expect(copy.iterations).toBe(1);
    opt.applyGradients([[ga, a]]);
    copy.applyGradients([[ga, a2]]);
    close(read(a2), read(a));
    tf.dispose([a, b, a2, ga, gb, ...w.map((e) => e.tensor)]);
    opt.dispose();
    copy.dispose();
  });

  it('Nadam keeps its momentum product as state', async () => {
    const opt = O.nadam();
    const x = v([1]);
    const g = tf.tensor([1]);
    opt.applyGradients([[g, x]]);
    const w = await opt.getWeights();
    expect(w.map((e) => e.name)).toEqual(['iterations', 'u_product', `${x.name}/momentum`, `${x.name}/velocity`]);
    expect(read(w[1]!.tensor)[0]).toBeCloseTo(O.nadamMu(0.9, 1), 6);
    tf.dispose([x, g, ...w.map((e) => e.tensor)]);
    opt.dispose();
  });

  it('getConfig in camelCase with Keras defaults', () => {
    const opt = O.adam();
    expect(opt.getConfig()).toEqual({
      name: 'adam', learningRate: 0.001, weightDecay: null, clipnorm: null, globalClipnorm: null, clipvalue: null,
      beta1: 0.9, beta2: 0.999, epsilon: 1e-7, amsgrad: false,
    });
    const s = O.sgd({ learningRate: O.cosineDecay({ initialLearningRate: 0.1, decaySteps: 10 }) });
    expect(s.getConfig().learningRate).toEqual({ className: 'CosineDecay', config: { initialLearningRate: 0.1, decaySteps: 10, alpha: 0, warmupTarget: null, warmupSteps: 0 } });
    const rebuilt = O.get({ className: 'SGD', config: s.getConfig() });
    expect(rebuilt.learningRate).toBeCloseTo(0.1, 10);
    [opt, s, rebuilt].forEach((o) => o.dispose());
  });

  it('get: Keras names and defaults (not tfjs string defaults)', () => {
    const rates: Record<string, number> = { sgd: 0.01, rmsprop: 0.001, adam: 0.001, adamw: 0.001, adamax: 0.001, nadam: 0.001, adagrad: 0.001, adadelta: 0.001, ftrl: 0.001 };
    for (const [name, lr] of Object.entries(rates)) {
      const o = O.get(name);
      expect(o.learningRate).toBe(lr);
      expect(O.get(o.className).className).toBe(o.className);
      o.dispose();
    }
    expect(() => O.get('adamm')).toThrow(/optimizers.get: unknown optimizer 'adamm'. Valid names: sgd, SGD, rmsprop/);
  });

  it('errors name the problem', () => {
    const x = v([1, 2]);
    const g = tf.tensor([1]);
    const opt = O.sgd();
    expect(() => opt.applyGradients([[g, x]])).toThrow(`SGD.applyGradients: the gradient for variable '${x.name}' has shape [1], but the variable has shape [2].`);
    expect(() => opt.applyGradients({ nope: g })).toThrow("SGD.applyGradients: no variable named 'nope' is alive.");
    expect(() => opt.applyGradients([[null, x]])).toThrow('SGD.applyGradients: no gradients provided for any variable.');
    expect(() => opt.minimize(() => tf.scalar(1), [x])).toThrow(/no gradients provided/);
    expect(() => opt.minimize(() => tf.mul(x, 2), [x])).toThrow(/f returned a tensor of shape \[2\]/);
    expect(() => O.sgd({ clipnorm: 1, clipvalue: 1 })).toThrow(
      'SGD: only one of `clipnorm`, `clipvalue` and `globalClipnorm` can be set. Received: clipnorm=1, clipvalue=1, globalClipnorm=null',
    );
    expect(() => O.sgd({ momentum: 1.5 })).toThrow('SGD: invalid value for argument `momentum`. Expected a number in [0, 1]. Received: momentum=1.5');
    expect(() => O.adam({ beta_1: 0.9 } as never)).toThrow(/Adam: unknown option\(s\) `beta_1`. Valid options: learningRate/);
    expect(() => O.adam({ learningRate: 'fast' as never })).toThrow(/Adam: invalid value for argument `learningRate`/);
    expect(() => O.ftrl({ learningRatePower: 0.5 })).toThrow(/Ftrl: invalid value for argument `learningRatePower`. Expected a number <= 0/);
    tf.dispose([x, g]);
    opt.dispose();
    expect(() => opt.applyGradients([[g, x]])).toThrow('SGD.applyGradients: the optimizer has been disposed.');
  });

  it('leaves no tensors behind, inside or outside a tidy', () => {
    const x = v([[1, 2], [3, 4]]);
    const opts = [O.sgd({ momentum: 0.9, clipnorm: 1 }), O.rmsprop({ centered: true, momentum: 0.5 }), O.adam({ amsgrad: true }), O.adamw(), O.adamax(), O.nadam(), O.adagrad(), O.adadelta(), O.ftrl({ l2ShrinkageRegularizationStrength: 0.1, beta: 0.5 })];
    const before = tf.memory().numTensors;
    for (const opt of opts) {
      for (let i = 0; i < 3; i++) {
        tf.tidy(() => {
          opt.minimize(() => tf.square(x).sum(), [x]);
        });
        opt.minimize(() => tf.square(x).sum(), [x]);
      }
    }
    // Only slots remain, and dispose frees them.
    opts.forEach((o) => o.dispose());
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
