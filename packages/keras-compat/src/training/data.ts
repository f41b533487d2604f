import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import type { Model } from '../engine/model.js';

export type ModelData = Tensor | Tensor[] | Record<string, Tensor>;

/** Orders x (or y) as the model's inputs (or outputs) and checks it is all tensors. */
export function standardize(data: ModelData | undefined, names: string[], what: 'x' | 'y' | 'sampleWeight'): Tensor[] {
  if (data === undefined || data === null) throw new Error(`Invalid value for argument \`${what}\`. Expected a tensor, an array of tensors, or a record keyed by ${what === 'x' ? 'input' : 'output'} name. Received: ${String(data)}`);
  if (tf.isTensor(data)) return [data];
  if (Array.isArray(data)) {
    data.forEach((t, i) => {
      if (!tf.isTensor(t)) throw new Error(`Invalid value for argument \`${what}\`: item ${i} is not a Tensor.`);
    });
    if (names.length && data.length !== names.length) {
      throw new Error(`Invalid value for argument \`${what}\`. The model has ${names.length} ${what === 'x' ? 'inputs' : 'outputs'} (${names.join(', ')}), but ${data.length} arrays were given.`);
    }
    return data;
  }
  return names.map((n) => {
    const t = (data as Record<string, Tensor>)[n];
    if (!t) throw new Error(`Invalid value for argument \`${what}\`: no entry for '${n}'. Keys given: ${Object.keys(data).join(', ')}.`);
    return t;
  });
}

export function inputNames(model: Model): string[] {
  return model.isFunctional ? model.inputs.map((s) => s.node!.layer.name) : [];
}

export function outputNames(model: Model): string[] {
  return model.isFunctional ? model.outputNames : [];
}

/** Number of samples, checking every array agrees (Keras's "Data cardinality is ambiguous"). */
export function cardinality(xs: Tensor[], ys: Tensor[]): number {
  const sizes = [...xs, ...ys].map((t) => (t.rank === 0 ? 1 : t.shape[0]!));
  if (new Set(sizes).size > 1) {
    throw new Error(
      `Data cardinality is ambiguous: x sizes: ${xs.map((t) => t.shape[0]).join(', ')}; y sizes: ${ys.map((t) => t.shape[0]).join(', ')}. Make sure all arrays contain the same number of samples.`,
    );
  }
  return sizes[0] ?? 0;
}

/** Rows [start, start+size) of every tensor (views, no copy). */
export function sliceRows(ts: Tensor[], start: number, size: number): Tensor[] {
  return ts.map((t) => tf.slice(t, [start, ...new Array(t.rank - 1).fill(0)], [size, ...t.shape.slice(1)]));
}

/** Rows at `indices` of every tensor. */
export function gatherRows(ts: Tensor[], indices: Tensor): Tensor[] {
  return ts.map((t) => tf.gather(t, indices, 0));
}

/** The batches of one epoch: index ranges into a (maybe shuffled) order. */
export function batchRanges(n: number, batchSize: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let s = 0; s < n; s += batchSize) out.push([s, Math.min(batchSize, n - s)]);
  return out;
}
