import { isFloat } from '../dtype.js';
import type { GradFn } from '../engine.js';
import { zerosLike } from './basic.js';

/** Gradient of ops that are piecewise constant (round, sign, comparisons): zeros for float inputs, as tfjs. */
export const zeroGrad: GradFn = (_dys, { inputs }) => inputs.map((x) => (isFloat(x.dtype) ? zerosLike(x) : null));
