import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import { formatShape } from '../errors.js';

/** A projected tensor [batch, dims…, heads, features] laid out for batched matmuls over the attention axes. */
export interface AttentionLayout {
  /** [Π batch-like dims (incl. heads), Π attention dims, features] */
  flat: Tensor;
  /** Sizes of the batch-like dims: batch, non-attention dims and heads, in order. */
  batchShape: number[];
  /** Sizes of the attention dims. */
  positionShape: number[];
  /** [Π batch, Π positions, f] back to [batch, dims…, heads, f]. */
  unflatten(y: Tensor, f: number): Tensor;
}

/**
 * Keras's attention einsums as transposes + matmuls: axes not attended over (and the heads axis) act as batch
 * dims, the attention axes are flattened into one position axis.
 */
export function attentionLayout(x: Tensor, attentionAxes: number[]): AttentionLayout {
  const r = x.rank;
  const batchAxes = Array.from({ length: r - 1 }, (_, i) => i).filter((i) => !attentionAxes.includes(i));
  const perm = [...batchAxes, ...attentionAxes, r - 1];
  const batchShape = batchAxes.map((i) => x.shape[i]!);
  const positionShape = attentionAxes.map((i) => x.shape[i]!);
  const prod = (s: number[]) => s.reduce((a, b) => a * b, 1);
  const flat = tf.reshape(tf.transpose(x, perm), [prod(batchShape), prod(positionShape), x.shape[r - 1]!]);
  const inverse = perm.map((_, i) => perm.indexOf(i));
  return {
    flat,
    batchShape,
    positionShape,
    unflatten: (y, f) => tf.transpose(tf.reshape(y, [...batchShape, ...positionShape, f]), inverse),
  };
}

/** bool [1, tq, tk]: query position i may attend to key position j ≤ i. */
export function causalMask(tq: number, tk: number): Tensor {
  const rows = tf.reshape(tf.range(0, tq, 1, 'int32'), [1, tq, 1]);
  const cols = tf.reshape(tf.range(0, tk, 1, 'int32'), [1, 1, tk]);
  return tf.greaterEqual(rows, cols);
}

/** Keras's large negative logit for masked positions (-3e4 would be float16's). */
const LARGE_NEGATIVE = -1e9;

/**
 * Softmax of `logits` [B, Tq, Tk] over the key positions, where the bool `mask` (rank ≤ that of `scoresShape`, the
 * unflattened scores shape) is false the logit gets a large negative number and the probability is set to 0 (so a
 * fully masked row gives zeros, as Keras's Softmax layer). Missing leading dims of the mask are inserted just
 * before the attention dims, as Keras's _masked_softmax.
 */
export function maskedSoftmax(logits: Tensor, mask: Tensor | null, scoresShape: number[], numAttentionAxes: number): Tensor {
  if (!mask) return tf.softmax(logits, -1);
  let m = mask;
  if (m.rank > scoresShape.length) {
    throw new Error(`MultiHeadAttention: the attention mask has shape ${formatShape([...m.shape])}, which does not broadcast to the attention scores' shape ${formatShape(scoresShape)}.`);
  }
  while (m.rank < scoresShape.length) m = tf.expandDims(m, -2 * numAttentionAxes - 1);
  let full: Tensor;
  try {
    full = tf.broadcastTo(m, scoresShape);
  } catch {
    throw new Error(`MultiHeadAttention: the attention mask has shape ${formatShape([...mask.shape])}, which does not broadcast to the attention scores' shape ${formatShape(scoresShape)}.`);
  }
  const keep = tf.cast(tf.reshape(full, [...logits.shape]), logits.dtype);
  const adder = tf.mul(tf.sub(1, keep), LARGE_NEGATIVE);
  return tf.mul(tf.softmax(tf.add(logits, adder), -1), keep);
}
