import * as tf from '@tessera/core';
import * as tfjs from '@tensorflow/tfjs';
import type { BackendId } from '../backends.js';
import type { BenchCase } from '../harness.js';
import type { HostTensor } from './models.js';

/** 'tiny' is the smoke test's (seconds), 'quick' the CI run's (minutes), 'full' the hand run's. */
export type Size = 'tiny' | 'quick' | 'full';

export interface WorkloadContext {
  size: Size;
  backend: BackendId;
}

export interface Workload {
  id: number;
  name: string;
  /** The cases to run on one backend pair (may be none where the workload does not apply). */
  cases(ctx: WorkloadContext): BenchCase[];
}

/** Uniform values in [lo, hi) from a seeded generator: both libraries get the same numbers. */
export function hostRandom(shape: number[], seed: number, lo = -1, hi = 1): HostTensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const rng = new tf.SeededRandom(seed);
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = lo + (hi - lo) * rng.next();
  return { values, shape };
}

export const ours = (h: HostTensor): tf.Tensor => tf.tensor(h.values, h.shape);
export const theirs = (h: HostTensor): tfjs.Tensor => tfjs.tensor(h.values, h.shape);

/** One-hot rows [n, classes] with a fixed pseudo-random class per row. */
export function hostOneHot(n: number, classes: number, seed: number): HostTensor {
  const rng = new tf.SeededRandom(seed);
  const values = new Float32Array(n * classes);
  for (let i = 0; i < n; i++) values[i * classes + Math.floor(rng.next() * classes)] = 1;
  return { values, shape: [n, classes] };
}

/** Picks by size. */
export function bySize<T>(size: Size, v: { tiny: T; quick: T; full: T }): T {
  return v[size];
}
