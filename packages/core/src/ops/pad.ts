import type { GradFn } from '../engine.js';
import { runOp } from '../engine.js';
import { fmtShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { convertToTensor } from './convert.js';
import type { TensorLike } from './convert.js';
import { composeInto } from './compose.js';
import { slice } from './transform.js';

/** Pads each dim with `paddings[i] = [before, after]` copies of `constantValue`. */
export function pad(x: TensorLike, paddings: ReadonlyArray<readonly [number, number]>, constantValue = 0): Tensor {
  const t = convertToTensor(x, 'x', 'pad');
  if (!Array.isArray(paddings) || paddings.length !== t.rank || paddings.some((p) => !Array.isArray(p) || p.length !== 2 || p.some((v) => !Number.isInteger(v) || v < 0))) {
    throw new Error(
      `pad: invalid value for argument \`paddings\`. Expected ${t.rank} pairs of non-negative integers for x of shape ${fmtShape(t.shape)}. Received: ${JSON.stringify(paddings)}`,
    );
  }
  const outShape = t.shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1]);
  const grad: GradFn = (dys, { inputs }) => [slice(dys[0]!, paddings.map((p) => p[0]), [...inputs[0]!.shape])];
  return runOp({ name: 'pad', inputs: [t], attrs: { paddings, constantValue }, grad }, () =>
    composeInto(t.backend, outShape, t.dtype, constantValue, [{ src: t, begin: paddings.map((p) => p[0]) }], 'set', 'pad'),
  );
}
