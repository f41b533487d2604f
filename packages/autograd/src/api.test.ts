import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { customGrad, grad, grads, stopGradient, valueAndGrad, valueAndGrads, variableGrads } from './index.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
});

const arr = async (t: tf.Tensor) => {
  const v = await t.array();
  t.dispose();
  return v;
};

describe('gradient APIs', () => {
  it('grad of a scalar function', async () => {
    const x = tf.tensor([1, 2, 3]);
    expect(await arr(grad((v) => v.square().sum())(x))).toEqual([2, 4, 6]);
    x.dispose();
  });

  it('grad with dy weights a non-scalar result', async () => {
    const x = tf.tensor([1, 2, 3]);
    expect(await arr(grad((v) => v.square())(x, tf.tensor([1, 0, 2])))).toEqual([2, 0, 12]);
    x.dispose();
  });

  it('grads with broadcasting reduces each gradient to its input shape', async () => {
    const [ga, gb] = grads((a, b) => a.mul(b).sum())([tf.ones([2, 3]), tf.tensor([1, 2, 3])]);
    expect(await arr(ga!)).toEqual([[1, 2, 3], [1, 2, 3]]);
    expect(await arr(gb!)).toEqual([2, 2, 2]);
  });

  it('valueAndGrad(s) return the value too', async () => {
    const { value, grad: g } = valueAndGrad((v) => v.mul(3).sum())(tf.tensor([1, 2]));
    expect(await arr(value)).toBe(9);
    expect(await arr(g)).toEqual([3, 3]);
    const r = valueAndGrads((a, b) => tf.matMul(a, b).sum())([tf.ones([2, 2]), tf.eye(2)]);
    expect(await arr(r.value)).toBe(4);
    expect(await arr(r.grads[0]!)).toEqual([[1, 1], [1, 1]]);
    expect(await arr(r.grads[1]!)).toEqual([[2, 2], [2, 2]]);
  });

  it('second and third derivatives (gradients of gradients)', async () => {
    const x = tf.tensor([1, 2, 3]);
    const d2 = grad((v: tf.Tensor) => grad((u: tf.Tensor) => u.pow(3).sum())(v).sum());
    expect(await arr(d2(x))).toEqual([6, 12, 18]);
    const d3 = grad((v: tf.Tensor) => grad((u: tf.Tensor) => grad((w: tf.Tensor) => w.pow(3).sum())(u).sum())(v).sum());
    expect(await arr(d3(x))).toEqual([6, 6, 6]);
    // d²/dx² sin(x) = -sin(x)
    const s = await arr(grad((v: tf.Tensor) => grad((u: tf.Tensor) => u.sin().sum())(v).sum())(x));
    (s as number[]).forEach((v, i) => expect(v).toBeCloseTo(-Math.sin(i + 1), 5));
    x.dispose();
  });

  it('variableGrads differentiates trainable variables by name', async () => {
    const w = tf.variable(tf.tensor([1, 2]), true, 'vg_w');
    const frozen = tf.variable(tf.tensor([5, 5]), false, 'vg_frozen');
    const unused = tf.variable(tf.tensor([0]), true, 'vg_unused');
    const { value, grads: g } = variableGrads(() => w.mul(frozen).sum());
    expect(await arr(value)).toBe(15);
    expect(Object.keys(g)).toEqual(['vg_w']);
    expect(await arr(g.vg_w!)).toEqual([5, 5]);
    [w, frozen, unused].forEach((v) => v.dispose());
  });

  it('customGrad replaces the gradient', async () => {
    const f = customGrad((x: tf.Tensor, save: (t: tf.Tensor[]) => void) => {
      save([x]);
      return { value: x.square(), gradFunc: (dy: tf.Tensor, [sx]: tf.Tensor[]) => dy.mul(sx!).mul(10) };
    });
    const g = grad((x) => f(x).sum())(tf.tensor([1, 2]));
    expect(await arr(g)).toEqual([10, 20]);
  });

  it('stopGradient blocks the flow', async () => {
    const g = grad((x) => x.mul(stopGradient(x)).sum())(tf.tensor([3, 4]));
    expect(await arr(g)).toEqual([3, 4]);
  });

  it('max gradient splits ties equally (TensorFlow rule)', async () => {
    expect(await arr(grad((x) => x.max())(tf.tensor([1, 5, 5])))).toEqual([0, 0.5, 0.5]);
  });
});

describe('gradient errors', () => {
  it('non-scalar result without dy', () => {
    expect(() => grad((x) => x.square())(tf.tensor([1, 2]))).toThrow(/f returned a tensor of shape \[2\], not a scalar/);
  });
  it('function that does not use its input', () => {
    const other = tf.tensor([1, 2]);
    expect(() => grad(() => other.sum())(tf.tensor([1, 2]))).toThrow(/does not depend on it/);
    other.dispose();
  });
  it('integer input', () => {
    expect(() => grad((x) => x.sum())(tf.tensor([1, 2], [2], 'int32'))).toThrow(/float tensors only; input 0 is int32/);
  });
  it('dy of the wrong shape', () => {
    expect(() => grad((x) => x.square())(tf.tensor([1, 2]), tf.tensor([1, 2, 3]))).toThrow(/dy must have the shape of f's result, \[2\]/);
  });
  it('f that returns a non-tensor', () => {
    expect(() => grad((() => 3) as never)(tf.tensor([1]))).toThrow(/must return a Tensor/);
  });
});

describe('memory', () => {
  it('a training step in tidy leaves nothing behind, and the tape frees what it saved', () => {
    const init = tf.randomNormal([4, 1], 0, 1, 'float32', 3);
    const w = tf.variable(init, true, 'mem_w');
    init.dispose();
    const x = tf.randomNormal([8, 4], 0, 1, 'float32', 4);
    const before = tf.memory();
    for (let i = 0; i < 20; i++) {
      tf.tidy(() => {
        const { grads: g } = variableGrads(() => tf.sigmoid(tf.matMul(x, w)).square().mean(), [w]);
        w.assign(w.sub(g.mem_w!.mul(0.1)));
      });
    }
    const after = tf.memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numBytes).toBe(before.numBytes);
    w.dispose();
    x.dispose();
  });

  it('errors leave nothing behind', () => {
    const before = tf.memory().numTensors;
    expect(() => grad((x) => x.square().add(1))(tf.tidy(() => tf.tensor([1, 2])))).toThrow();
    // the input tensor created for the call stays alive (it is the caller's); nothing else does
    expect(tf.memory().numTensors).toBe(before + 1);
  });
});
