import type { Tensor, TensorLike } from '@tessera/core';
import { broadcastShapes, cast, div, divNoNan, fmtShape, mul, sizeOf, sum, tidy } from '@tessera/core';
import { alignRanks, toTensor } from './util.js';

/**
 * How a Loss object turns per-sample losses into its result (Keras's names):
 * - 'sum_over_batch_size' (default) and its alias 'mean': the sum of the weighted losses divided by their count;
 * - 'sum': the sum of the weighted losses;
 * - 'mean_with_sample_weight': the sum divided by the sum of the sample weights;
 * - 'none' (or null): the weighted per-sample losses, unreduced.
 */
export type Reduction = 'sum_over_batch_size' | 'sum' | 'none' | 'mean' | 'mean_with_sample_weight' | null;

const REDUCTIONS: readonly Reduction[] = ['sum_over_batch_size', 'sum', 'none', 'mean', 'mean_with_sample_weight', null];

export function standardizeReduction(reduction: unknown, op = 'Loss'): Reduction {
  if (!REDUCTIONS.includes(reduction as Reduction)) {
    throw new Error(
      `${op}: invalid value for argument \`reduction\`. Expected one of 'sum_over_batch_size', 'sum', 'none', 'mean', 'mean_with_sample_weight' or null. Received: reduction=${JSON.stringify(reduction)}`,
    );
  }
  return reduction as Reduction;
}

/**
 * Keras's `reduce_weighted_values`: merges a mask into the sample weights, multiplies, then reduces. Sample weights
 * align with the losses as labels do ([batch] weights against [batch, 1] losses) and otherwise broadcast.
 * A mask (from `ignoreClass`) under a mean reduction divides by the number of entries that count, not all of them.
 */
export function reduceWeightedValues(
  values: Tensor,
  sampleWeight: TensorLike | null | undefined,
  reduction: Reduction,
  mask: Tensor | null = null,
  op = 'Loss',
): Tensor {
  return tidy(() => {
    let weight: Tensor | null = null;
    if (sampleWeight !== null && sampleWeight !== undefined) {
      weight = toTensor(sampleWeight, 'sampleWeight', op);
      if (weight.dtype !== values.dtype) weight = cast(weight, values.dtype);
    }
    if (mask) {
      let m = cast(mask, values.dtype);
      if (reduction === 'mean' || reduction === 'sum_over_batch_size') {
        // Weight valid entries by total/valid so the mean over all entries is the mean over the valid ones.
        m = mul(m, divNoNan(sizeOf(mask.shape), sum(m)));
      }
      if (weight) {
        const [m2, w2] = alignRanks(m, weight);
        weight = mul(w2, m2);
      } else weight = m;
    }
    let v = values;
    if (weight) {
      let w: Tensor;
      [v, w] = alignRanks(v, weight);
      try {
        broadcastShapes(op, [v.shape, w.shape]);
      } catch {
        throw new Error(`${op}: sampleWeight of shape ${fmtShape(weight.shape)} does not broadcast against the per-sample losses of shape ${fmtShape(values.shape)}.`);
      }
      v = mul(v, w);
      weight = w;
    }
    return reduceValues(v, weight, reduction);
  });
}

function reduceValues(values: Tensor, weight: Tensor | null, reduction: Reduction): Tensor {
  if (reduction === null || reduction === 'none' || values.rank === 0 || (values.rank === 1 && values.shape[0] === 0)) {
    return values;
  }
  const total = sum(values);
  if (reduction === 'sum') return total;
  if (reduction === 'mean_with_sample_weight' && weight) return divNoNan(total, sum(weight));
  const n = sizeOf(values.shape);
  return n > 0 ? div(total, n) : total;
}
