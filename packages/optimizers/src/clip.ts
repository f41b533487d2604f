import type { Tensor } from '@tessera/core';
import { add, clipByValue, div, greater, maximum, minimum, mul, onesLike, sqrt, square, stack, sub, sum, tidy, where } from '@tessera/core';

// Gradient clipping as Keras's base optimizer does it, all in tensor ops (no reads), so it runs on any backend.

/** g · clipnorm / max(‖g‖, clipnorm): rescales g when its L2 norm exceeds clipnorm. */
export function clipByNorm(g: Tensor, clipnorm: number): Tensor {
  return tidy(() => {
    const l2sum = sum(square(g), undefined, true);
    // Two-tap where: the gradient of sqrt at 0 never reaches a NaN (as Keras).
    const positive = greater(l2sum, 0);
    const l2norm = where(positive, sqrt(where(positive, l2sum, onesLike(l2sum))), l2sum);
    return div(mul(g, clipnorm), maximum(l2norm, clipnorm));
  });
}

/** Scales every gradient by clipnorm / max(global norm, clipnorm); a non-finite global norm makes them all NaN. */
export function clipByGlobalNorm(gs: readonly Tensor[], clipnorm: number): Tensor[] {
  return tidy(() => {
    const norm = sqrt(sum(stack(gs.map((g) => sum(square(g))))));
    const scaleFinite = mul(minimum(div(1, norm), 1 / clipnorm), clipnorm);
    const scale = add(scaleFinite, sub(norm, norm));
    return gs.map((g) => mul(g, scale));
  });
}

export function clipByValueSymmetric(g: Tensor, clipvalue: number): Tensor {
  return clipByValue(g, -clipvalue, clipvalue);
}
