import type { AnyBackend } from './backend/spec.js';
import { getBackend } from './engine.js';
import type { Tensor } from './tensor.js';
import { fromTypedArray } from './ops/convert.js';

/** Copies a tensor to another backend (by object or registered name). The source stays as it was. */
export async function moveTo(x: Tensor, backend: AnyBackend | string): Promise<Tensor> {
  const target = typeof backend === 'string' ? getBackend(backend) : backend;
  if (x.backend === target) return x;
  const data = await x.data();
  return fromTypedArray(data, x.shape, x.dtype, target);
}
