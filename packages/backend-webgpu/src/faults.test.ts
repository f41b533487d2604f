import { afterEach, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import { webgpu, WebGpuError } from './index.js';
import type { WebGpuBackend } from './index.js';
import { allocationFailed } from './errors.js';
import { runGpuTests, SKIP_MESSAGE } from './testing/gpu-available.js';

/**
 * Faults: no adapter, device lost, out of memory and buffers over the binding limit each give an error that says
 * what happened and what to do, and none of them changes the values of other tensors.
 */
describe('no adapter', () => {
  it('says so and says how to get one', async () => {
    const gpu = { requestAdapter: async () => null } as unknown as GPU;
    const err = await webgpu({ gpu }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebGpuError);
    expect((err as WebGpuError).kind).toBe('no-adapter');
    expect((err as Error).message).toMatch(/no WebGPU adapter was found/);
    expect((err as Error).message).toMatch(/lavapipe/);
    expect((err as Error).message).toMatch(/mesa-vulkan-drivers/);
  });
});

describe('out-of-memory messages', () => {
  it('name the size and what to do', () => {
    class GPUOutOfMemoryError {
      message = 'Allocation failed';
    }
    const e = allocationFailed('webgpu', 1 << 30, new GPUOutOfMemoryError() as unknown as GPUError);
    expect(e.kind).toBe('out-of-memory');
    expect(e.message).toMatch(/out of memory: a buffer of 1073741824 bytes could not be allocated/);
    expect(e.message).toMatch(/dispose tensors/);
    expect(e.message).toMatch(/other tensors are intact/);
  });
});

const gpuDescribe = runGpuTests ? describe : describe.skip;

gpuDescribe('GPU faults', () => {
  const names: string[] = [];
  const make = async (name: string) => {
    names.push(name);
    const b = (await webgpu({ name })) as WebGpuBackend;
    await tf.setBackend(b);
    return b;
  };
  afterEach(() => {
    for (const n of names.splice(0)) tf.removeBackend(n);
  });

  it('a buffer over maxStorageBufferBindingSize is refused up front with the limit named', async () => {
    const b = await make('webgpu-limit');
    const keep = tf.tensor([1, 2, 3]);
    const limit = b.capabilities.maxBufferBytes;
    const n = limit / 4 + 1;
    // Through core: checked against capabilities before any kernel runs.
    expect(() => tf.zeros([n])).toThrow(/over the 'webgpu-limit' backend's limit of \d+ bytes per tensor/);
    // Straight to the backend: its own check names the WebGPU limit.
    let err: unknown;
    try {
      b.alloc('float32', n);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WebGpuError);
    expect((err as WebGpuError).kind).toBe('buffer-too-large');
    expect((err as Error).message).toMatch(/maxStorageBufferBindingSize|maxBufferSize/);
    expect((err as Error).message).toMatch(/requiredLimits/);
    expect(Array.from(await keep.data())).toEqual([1, 2, 3]);
    keep.dispose();
  });

  it('a failed allocation poisons only what depends on it', async () => {
    const b = await make('webgpu-oom');
    const a = tf.tensor([1, 2, 3, 4]);
    const before = tf.exp(a);
    expect(Array.from(await before.data()).map((v) => +v.toFixed(3))).toEqual([2.718, 7.389, 20.086, 54.598]);
    // The next new GPU buffer fails to be created, as an out-of-memory allocation would.
    const device = b.device;
    const create = device.createBuffer.bind(device);
    let fail = true;
    device.createBuffer = (d: GPUBufferDescriptor) => {
      if (fail) {
        fail = false;
        return create({ ...d, size: 2 ** 52 });
      }
      return create(d);
    };
    const big = tf.tensor(new Float32Array(4096).fill(2)); // a size class not pooled yet: its buffer fails
    device.createBuffer = create;
    const derived = tf.add(big, 1);
    const independent = tf.neg(a);
    await expect(big.data()).rejects.toThrow(WebGpuError);
    await expect(big.data()).rejects.toThrow(/refused to create a buffer|out of memory/);
    await expect(derived.data()).rejects.toThrow(WebGpuError);
    expect(Array.from(await independent.data())).toEqual([-1, -2, -3, -4]);
    expect(Array.from(await a.data())).toEqual([1, 2, 3, 4]);
    expect(Array.from(await before.data()).map((v) => +v.toFixed(3))).toEqual([2.718, 7.389, 20.086, 54.598]);
    // The bad buffer never returns to the pool: the same size works afterwards.
    big.dispose();
    derived.dispose();
    const again = tf.fill([4096], 3);
    expect((await again.data())[4095]).toBe(3);
    for (const t of [a, before, independent, again]) t.dispose();
    await b.flush();
    expect(b.memory().buffers).toBe(0);
  });

  it('a lost device turns every later call, and reads in flight, into an error that says to recreate the backend', async () => {
    const other = await make('webgpu-survivor');
    const kept = tf.tensor([5, 6, 7]);
    const b = await make('webgpu-lost');
    const x = tf.tensor([1, 2, 3]);
    const y = tf.mul(x, 2);
    const pending = y.data();
    b.device.destroy();
    await b.device.lost;
    const r = await pending.then(
      (v) => v,
      (e: unknown) => e,
    );
    // A read racing the loss may still complete; if it fails it must say why.
    if (r instanceof Error) expect(r.message).toMatch(/device was lost/);
    expect(() => tf.add(x, 1)).toThrow(/the GPU device was lost/);
    expect(() => tf.add(x, 1)).toThrow(/await webgpu\(\)/);
    await expect(x.data()).rejects.toThrow(/device was lost/);
    // Tensors on another backend are untouched.
    await tf.setBackend(other);
    expect(Array.from(await kept.data())).toEqual([5, 6, 7]);
    expect(Array.from(await tf.add(kept, 1).data())).toEqual([6, 7, 8]);
  });

  it('dataSync says to use await data()', async () => {
    await make('webgpu-sync');
    const x = tf.tensor([1, 2]);
    expect(() => x.dataSync()).toThrow(/Use `await tensor.data\(\)`/);
    x.dispose();
  });
});

if (!runGpuTests) {
  describe('GPU faults', () => {
    it.skip(SKIP_MESSAGE, () => {});
  });
}
