// Core's engine behaviour (tidy, memory, backends, views, variables, errors), exercised on the reference backend.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import type { BackendV1, TypedArray } from '@tessera/core';
import { cpu } from './index.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
});

/** A CPU backend that pretends to be a GPU: no synchronous reads. */
function asyncOnlyBackend(name: string): BackendV1<TypedArray> {
  const inner = cpu({ name });
  return {
    specificationVersion: 'v1',
    name,
    capabilities: { ...inner.capabilities, syncRead: false },
    alloc: (d, n) => inner.alloc(d, n),
    write: (b, d) => inner.write(b, d),
    read: (b) => inner.read(b),
    free: (b) => inner.free(b),
    flush: () => inner.flush(),
    memory: () => inner.memory(),
    kernels: inner.kernels,
    dispose: () => inner.dispose(),
  };
}

describe('tidy, keep, dispose, memory', () => {
  it('tidy disposes intermediates and keeps what it returns (also in arrays and objects)', () => {
    const before = tf.memory().numTensors;
    const r = tf.tidy(() => {
      const a = tf.tensor([1, 2, 3]);
      const b = a.square().add(1);
      return { sum: b.sum(), parts: [b.max()] };
    });
    expect(tf.memory().numTensors).toBe(before + 2);
    expect(r.sum.dataSync()[0]).toBe(17);
    tf.dispose(r);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keep survives tidy; nested tidy moves results to the parent scope', () => {
    const before = tf.memory().numTensors;
    let kept!: tf.Tensor;
    const outer = tf.tidy(() => {
      kept = tf.keep(tf.scalar(5));
      const inner = tf.tidy(() => tf.scalar(2).mul(3));
      return inner.add(1);
    });
    expect(outer.dataSync()[0]).toBe(7);
    expect(kept.isDisposed).toBe(false);
    outer.dispose();
    kept.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('tidy disposes everything when fn throws, and refuses async functions', () => {
    const before = tf.memory().numTensors;
    expect(() =>
      tf.tidy(() => {
        tf.ones([3]);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(tf.memory().numTensors).toBe(before);
    expect(() => tf.tidy((async () => tf.scalar(1)) as never)).toThrow(/returned a Promise/);
  });

  it('views share storage: bytes are counted once and freed with the last view', () => {
    const before = tf.memory();
    const a = tf.zeros([256, 4]);
    const t = a.transpose();
    const s = a.slice([1, 0], [2, 4]);
    const m = tf.memory();
    expect(m.numTensors).toBe(before.numTensors + 3);
    expect(m.numBytes).toBe(before.numBytes + 256 * 4 * 4);
    a.dispose();
    t.dispose();
    expect(tf.memory().numBytes).toBe(before.numBytes + 256 * 4 * 4);
    s.dispose();
    expect(tf.memory().numBytes).toBe(before.numBytes);
    expect(tf.memory().backends.cpu!.numDataBuffers).toBe(before.backends.cpu!.numDataBuffers);
  });

  it('tensors made from plain numbers and arrays are freed by the op that made them', () => {
    const before = tf.memory().numTensors;
    const x = tf.tensor([1, 2, 3]);
    const cond = tf.tensor([true, false]);
    x.add(2).dispose();
    tf.mul(2, x).dispose();
    tf.add(1, 2).dispose();
    tf.sum([1, 2]).dispose();
    const m = tf.moments([1, 2, 3, 4]);
    tf.dispose([m.mean, m.variance]);
    tf.dot([1, 2], [3, 4]).dispose();
    tf.outerProduct([1, 2], [3, 4]).dispose();
    tf.expandDims([1, 2]).dispose();
    tf.where(cond, 1, 0).dispose();
    tf.matMul([[1, 2]], [[3], [4]]).dispose();
    tf.dispose([x, cond]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('Symbol.dispose works with `using`-style disposal', () => {
    const before = tf.memory().numTensors;
    const t = tf.ones([2]);
    t[Symbol.dispose]();
    expect(t.isDisposed).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => t.add(1)).toThrow(/has been disposed/);
  });
});

describe('reading', () => {
  it('data, array, dataSync, arraySync and toString of a non-contiguous view', async () => {
    const t = tf.tensor([[1, 2, 3], [4, 5, 6]]).transpose();
    expect(Array.from(await t.data())).toEqual([1, 4, 2, 5, 3, 6]);
    expect(await t.array()).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(t.arraySync()).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(t.toString()).toBe('Tensor\n    [[1, 4],\n     [2, 5],\n     [3, 6]]');
    expect(tf.scalar(3).toString()).toBe('Tensor\n    3');
  });

  it('dataSync on a backend without synchronous reads says to use await data()', async () => {
    const b = asyncOnlyBackend('async-test');
    tf.registerBackend(b);
    const x = await tf.moveTo(tf.tensor([1, 2]), 'async-test');
    expect(() => x.dataSync()).toThrow(/cannot read synchronously.*await tensor.data\(\)/);
    expect(Array.from(await x.data())).toEqual([1, 2]);
    x.dispose();
    tf.removeBackend('async-test');
  });
});

describe('backends', () => {
  it('several backends live in one process; mixing them says how to move a tensor', async () => {
    const other = cpu({ name: 'cpu-2' });
    tf.registerBackend(other);
    const a = tf.tensor([1, 2]);
    const b = await tf.moveTo(tf.tensor([3, 4]), 'cpu-2');
    expect(b.backend.name).toBe('cpu-2');
    expect(() => a.add(b)).toThrow(/inputs live on different backends \(input 0 on 'cpu', input 1 on 'cpu-2'\).*moveTo/);
    const b2 = await tf.moveTo(b, 'cpu');
    expect(Array.from(await a.add(b2).data())).toEqual([4, 6]);
    tf.removeBackend('cpu-2');
    expect(b.isDisposed).toBe(true);
  });

  it('rejects objects that are not v1 backends', async () => {
    await expect(tf.setBackend({} as never)).rejects.toThrow(/specificationVersion 'v1'/);
    expect(() => tf.getBackend('nope')).toThrow(/no backend named 'nope'/);
  });
});

describe('variables', () => {
  it('assign checks shape and dtype; tidy never disposes a variable', () => {
    const v = tf.tidy(() => tf.variable(tf.zeros([2]), true, 'eng_v'));
    expect(v.isDisposed).toBe(false);
    tf.tidy(() => v.assign(tf.tensor([1, 2])));
    expect(Array.from(v.dataSync())).toEqual([1, 2]);
    expect(() => v.assign(tf.zeros([3]))).toThrow(/expected a value of shape \[2\]. Received: \[3\]/);
    expect(() => v.assign(tf.zeros([2], 'int32'))).toThrow(/expected a value of dtype float32. Received: int32/);
    expect(() => tf.variable(tf.zeros([1]), true, 'eng_v')).toThrow(/already exists/);
    v.dispose();
  });
});

describe('errors name the argument', () => {
  it('shape and dtype errors', () => {
    expect(() => tf.matMul(tf.zeros([2, 3]), tf.zeros([4, 5]))).toThrow('matMul: inner dimensions must match: a is [2,3], b is [4,5]');
    expect(() => tf.add(tf.zeros([2, 3]), tf.zeros([4]))).toThrow('add: shapes cannot be broadcast together: a is [2,3], b is [4]');
    expect(() => tf.reshape(tf.zeros([2, 3]), [4])).toThrow(/cannot reshape a tensor of shape \[2,3\] \(6 elements\) into \[4\]/);
    expect(() => tf.sum(tf.zeros([2]), 3)).toThrow(/sum: invalid value for argument `axis`.*Received: axis=3/);
    expect(() => tf.tensor([[1, 2], [3]])).toThrow(/ragged/);
    expect(() => tf.zeros([2], 'float16' as never)).toThrow(/argument `dtype`.*Received: float16/);
    expect(() => tf.logicalAnd(tf.zeros([1]), tf.zeros([1]))).toThrow(/expected bool tensors/);
  });
});
