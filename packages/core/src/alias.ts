import { keep } from './engine.js';
import { Tensor } from './tensor.js';

/**
 * A new tensor object sharing `t`'s storage and layout, kept out of every tidy scope. Autograd uses it to hold
 * what a backward pass needs while the user's own tensors are disposed; dispose it when done.
 */
export function aliasKept(t: Tensor): Tensor {
  t.assertAlive('aliasKept');
  return keep(new Tensor(t.storage, t.shape, t.dtype, t.strides, t.offset));
}
