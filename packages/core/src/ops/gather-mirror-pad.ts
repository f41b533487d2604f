import { runOp, tidy } from '../engine.js';
import { fmtShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { convertToTensor, fromTypedArray } from './convert.js';
import type { TensorLike } from './convert.js';
import { clone } from './basic.js';
import { gather } from './gather.js';

/**
 * Pads with mirrored copies of x, as tfjs's mirrorPad: 'reflect' leaves out the edge ([1,2,3] → 3,2,|1,2,3|,2,1),
 * 'symmetric' repeats it ([1,2,3] → 2,1,|1,2,3|,3,2). One gather per padded axis, so the gradient is gather's.
 */
export function mirrorPad(x: TensorLike, paddings: Array<[number, number]>, mode: 'reflect' | 'symmetric'): Tensor {
  if (mode !== 'reflect' && mode !== 'symmetric') {
    throw new TypeError(`mirrorPad: invalid value for argument \`mode\`. Expected 'reflect' or 'symmetric'. Received: mode=${String(mode)}`);
  }
  const t = convertToTensor(x, 'x', 'mirrorPad');
  if (t.rank === 0) throw new Error('mirrorPad: invalid value for argument `x`. Expected a tensor of rank >= 1. Received: a scalar');
  const edge = mode === 'reflect' ? 1 : 0;
  if (!Array.isArray(paddings) || paddings.length !== t.rank) {
    throw new Error(`mirrorPad: invalid value for argument \`paddings\`. Expected ${t.rank} pairs for x of shape ${fmtShape(t.shape)}. Received: ${JSON.stringify(paddings)}`);
  }
  paddings.forEach((p, i) => {
    const limit = t.shape[i]! - edge;
    if (!Array.isArray(p) || p.length !== 2 || p.some((v) => !Number.isInteger(v) || v < 0 || v > limit)) {
      throw new RangeError(
        `mirrorPad: invalid value for argument \`paddings\`. Expected paddings[${i}] to be two integers in [0, ${limit}] in '${mode}' mode for x of shape ${fmtShape(t.shape)}. Received: ${JSON.stringify(p)}`,
      );
    }
  });
  if (paddings.every(([a, b]) => a === 0 && b === 0)) return clone(t);
  // No gradient of its own: autograd walks through the gathers.
  return runOp({ name: 'mirrorPad', inputs: [t], attrs: { paddings, mode } }, () =>
    tidy(() => {
      let y = t;
      paddings.forEach(([before, after], axis) => {
        if (before === 0 && after === 0) return;
        const n = t.shape[axis]!;
        const src = new Int32Array(before + n + after);
        for (let p = 0; p < src.length; p++) {
          const c = p - before;
          src[p] = c < 0 ? -c - 1 + edge : c >= n ? 2 * n - 1 - c - edge : c;
        }
        y = gather(y, fromTypedArray(src, [src.length], 'int32', t.backend), axis);
      });
      return y;
    }),
  );
}
