import type { GradFn } from '../engine.js';
import { runOp, tidy } from '../engine.js';
import { isFloat } from '../dtype.js';
import { normalizeAxis } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { convertToTensor } from './convert.js';
import type { TensorLike } from './convert.js';
import { div, mul, sub } from './binary.js';
import { exp, log } from './unary.js';
import { max, sum } from './reduce.js';

function checkFloat(t: Tensor, opName: string): void {
  if (!isFloat(t.dtype)) throw new TypeError(`${opName}: expected a float tensor for argument \`logits\`. Received: ${t.dtype}`);
}

/** exp(x - max) / sum(exp(x - max)) along `dim` (default the last). */
export function softmax(logits: TensorLike, dim = -1): Tensor {
  const t = convertToTensor(logits, 'logits', 'softmax');
  checkFloat(t, 'softmax');
  const ax = normalizeAxis(dim, t.rank, 'softmax', 'dim');
  const grad: GradFn = (dys, { outputs }) => {
    const y = outputs[0]!;
    const dyy = mul(dys[0]!, y);
    return [sub(dyy, mul(sum(dyy, ax, true), y))];
  };
  return runOp({ name: 'softmax', inputs: [t], attrs: { dim: ax }, grad }, () =>
    tidy(() => {
      const e = exp(sub(t, max(t, ax, true)));
      return div(e, sum(e, ax, true));
    }),
  );
}

/** x - logSumExp(x) along `axis` (default the last). */
export function logSoftmax(logits: TensorLike, axis = -1): Tensor {
  const t = convertToTensor(logits, 'logits', 'logSoftmax');
  checkFloat(t, 'logSoftmax');
  const ax = normalizeAxis(axis, t.rank, 'logSoftmax');
  const grad: GradFn = (dys, { outputs }) => [sub(dys[0]!, mul(exp(outputs[0]!), sum(dys[0]!, ax, true)))];
  // (x - max) - log(sum(exp(x - max))): subtracting the max first keeps float32 precision for large logits
  // (x - logSumExp(x) cancels two large numbers).
  return runOp({ name: 'logSoftmax', inputs: [t], attrs: { axis: ax }, grad }, () =>
    tidy(() => {
      const shifted = sub(t, max(t, ax, true));
      return sub(shifted, log(sum(exp(shifted), ax, true)));
    }),
  );
}
