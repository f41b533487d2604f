import { upcastType } from '../dtype.js';
import type { GradFn } from '../engine.js';
import { S } from '../scalar/expr.js';
import { broadcastShapes } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { convertToTensor } from './convert.js';
import type { TensorLike } from './convert.js';
import { backendOf, elementwiseOp } from './internal.js';
import { zerosLike } from './basic.js';

/** Picks from `a` where `condition` is true and from `b` elsewhere; all three broadcast (NumPy's where). */
export function where(condition: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  const C = convertToTensor(condition, 'condition', 'where');
  if (C.dtype !== 'bool') {
    throw new TypeError(`where: expected \`condition\` to be a bool tensor. Received: ${C.dtype}`);
  }
  const A = convertToTensor(a, 'a', 'where', undefined, C.backend);
  const B = convertToTensor(b, 'b', 'where', A.dtype, C.backend);
  backendOf('where', [C, A, B]);
  // Validate here so a mismatch names the arguments (condition, a, b) rather than the kernel's inputs.
  broadcastShapes('where', [C.shape, A.shape, B.shape], ['condition', 'a', 'b']);
  const grad: GradFn = (dys, { inputs }) => {
    const dy = dys[0]!;
    const z = zerosLike(dy);
    return [null, where(inputs[0]!, dy, z), where(inputs[0]!, z, dy)];
  };
  return elementwiseOp('where', S.where(S.in(0), S.in(1), S.in(2)), [C, A, B], upcastType(A.dtype, B.dtype), grad);
}
