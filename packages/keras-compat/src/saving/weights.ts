import * as tf from '@tessera/core';
import { fmtShape } from '@tessera/core';
import type { DType } from '@tessera/core';
import type { NamedWeight } from './named-weights.js';
import type { WeightDType, WeightsManifestEntry } from './types.js';
import { isPlainObject } from './case.js';

export const WEIGHT_DTYPE_BYTES: Record<WeightDType, number> = { float32: 4, int32: 4, bool: 1, float64: 8 };
const MAX_RANK = 32;

/** A manifest entry after validation, with its place in the concatenated weight data. */
export interface CheckedEntry extends WeightsManifestEntry {
  offset: number;
  byteLength: number;
}

/** Reads every weight's values (in `named` order) into one buffer, with the matching manifest entries. */
export async function encodeWeights(named: NamedWeight[]): Promise<{ specs: WeightsManifestEntry[]; data: ArrayBuffer }> {
  const parts = await Promise.all(named.map((w) => w.variable.data()));
  const specs = named.map((w) => ({ name: w.name, shape: [...w.variable.shape], dtype: w.variable.dtype as WeightDType }));
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  const bytes = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    bytes.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), off);
    off += p.byteLength;
  }
  return { specs, data: bytes.buffer };
}

/**
 * Validates a list of manifest entries as data: names, shapes (non-negative integers), dtypes, and each entry's
 * byte count, all before anything is allocated. Offsets assume the entries' bytes are concatenated in order.
 */
export function checkWeightSpecs(specs: unknown, where: string): CheckedEntry[] {
  if (!Array.isArray(specs)) throw new Error(`${where}: expected the weight specs to be an array of { name, shape, dtype }. Received: ${describe(specs)}`);
  const out: CheckedEntry[] = [];
  const names = new Set<string>();
  let offset = 0;
  specs.forEach((s, i) => {
    const at = `${where}: weight ${i}`;
    if (!isPlainObject(s)) throw new Error(`${at} must be an object { name, shape, dtype }. Received: ${describe(s)}`);
    const { name, shape, dtype, group, quantization } = s;
    if (typeof name !== 'string' || name === '') throw new Error(`${at} has no name (expected a non-empty string; received ${describe(name)}).`);
    const label = `${where}: weight '${name}'`;
    if (!Array.isArray(shape) || shape.length > MAX_RANK || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
      throw new Error(`${label} has an invalid shape: expected an array of at most ${MAX_RANK} non-negative integers. Received: ${describe(shape)}`);
    }
    if (typeof dtype !== 'string' || !Object.hasOwn(WEIGHT_DTYPE_BYTES, dtype)) {
      throw new Error(`${label} has an unsupported dtype: expected one of ${Object.keys(WEIGHT_DTYPE_BYTES).join(', ')}. Received: ${describe(dtype)}`);
    }
    if (quantization !== undefined && quantization !== null) {
      throw new Error(`${label} is quantized (${describe(quantization)}); quantized weights are not supported. Save the model without quantization.`);
    }
    if (group !== undefined && group !== 'model' && group !== 'optimizer') {
      throw new Error(`${label} has an unknown group: expected 'model' or 'optimizer'. Received: ${describe(group)}`);
    }
    const key = `${group ?? 'model'}:${name}`;
    if (names.has(key)) throw new Error(`${label} appears twice in the manifest.`);
    names.add(key);
    const size = (shape as number[]).reduce((a, b) => a * b, 1);
    const byteLength = size * WEIGHT_DTYPE_BYTES[dtype as WeightDType];
    if (!Number.isSafeInteger(byteLength) || !Number.isSafeInteger(offset + byteLength)) {
      throw new Error(`${label} with shape ${fmtShape(shape as number[])} is too large to address.`);
    }
    out.push({ name, shape: [...(shape as number[])], dtype: dtype as WeightDType, ...(group ? { group } : {}), offset, byteLength });
    offset += byteLength;
  });
  return out;
}

export function totalBytes(entries: CheckedEntry[]): number {
  return entries.reduce((n, e) => n + e.byteLength, 0);
}

/** Checks the weight data's length against the manifest before joining shards; returns one buffer. */
export function checkWeightData(entries: CheckedEntry[], data: unknown, where: string): ArrayBuffer {
  const buffers = data === undefined || data === null ? [] : Array.isArray(data) ? data : [data];
  buffers.forEach((b, i) => {
    if (!(b instanceof ArrayBuffer)) throw new Error(`${where}: weight data ${buffers.length > 1 ? `shard ${i} ` : ''}must be an ArrayBuffer. Received: ${describe(b)}`);
  });
  const have = (buffers as ArrayBuffer[]).reduce((n, b) => n + b.byteLength, 0);
  const want = totalBytes(entries);
  if (have !== want) {
    throw new Error(
      `${where}: the weight data holds ${have} bytes, but the manifest's ${entries.length} weights need ${want} bytes (sum of product(shape) × bytes per dtype). The weights file is truncated, padded or belongs to another model.`,
    );
  }
  if (buffers.length === 1) return buffers[0] as ArrayBuffer;
  const joined = new Uint8Array(want);
  let off = 0;
  for (const b of buffers as ArrayBuffer[]) {
    joined.set(new Uint8Array(b), off);
    off += b.byteLength;
  }
  return joined.buffer;
}

/** One weight to set: the model's variable and where its values are in the data. */
export interface WeightAssignment {
  target: NamedWeight;
  entry: CheckedEntry;
}

/** Drops the second-to-last path segment: tfjs's fallback when a saved name has no exact match. */
function shortName(name: string): string | null {
  const t = name.split('/');
  return t.length < 3 ? null : [...t.slice(0, -2), t[t.length - 1]].join('/');
}

/**
 * Pairs saved entries with the model's weights by name (exact, else tfjs's rule that `lstm/kernel` and
 * `lstm/lstm_cell/kernel` are the same weight), checking shapes and dtypes. Nothing is allocated.
 */
export function planAssignments(model: string, weights: NamedWeight[], entries: CheckedEntry[], strict: boolean, where: string): WeightAssignment[] {
  const exact = new Map(weights.map((w) => [w.name, w]));
  const alias = new Map<string, NamedWeight | null>();
  for (const w of weights) {
    const s = shortName(w.name);
    if (s !== null && !exact.has(s)) alias.set(s, alias.has(s) ? null : w);
  }
  const find = (name: string): NamedWeight | undefined => {
    const s = shortName(name);
    return exact.get(name) ?? (s !== null ? exact.get(s) : undefined) ?? alias.get(name) ?? undefined;
  };
  const plan: WeightAssignment[] = [];
  const used = new Set<NamedWeight>();
  const unknown: string[] = [];
  for (const e of entries) {
    if (e.group === 'optimizer') continue;
    const target = find(e.name);
    if (!target) {
      unknown.push(e.name);
      continue;
    }
    if (used.has(target)) throw new Error(`${where}: weights '${e.name}' and another entry both map to the model's weight '${target.name}'.`);
    used.add(target);
    const want = target.variable.shape;
    if (e.shape.length !== want.length || e.shape.some((d, i) => d !== want[i])) {
      throw new Error(`${where}: weight '${e.name}' has shape ${fmtShape(e.shape)} in the file, but model "${model}" expects ${fmtShape([...want])} for '${target.name}'.`);
    }
    if (e.dtype !== target.variable.dtype) {
      throw new Error(`${where}: weight '${e.name}' has dtype ${e.dtype} in the file, but model "${model}" expects ${target.variable.dtype} for '${target.name}'.`);
    }
    plan.push({ target, entry: e });
  }
  if (strict && unknown.length > 0) {
    throw new Error(
      `${where}: ${unknown.length} weight(s) in the file match no weight of model "${model}": ${unknown.map((n) => `'${n}'`).join(', ')}. The model has: ${weights.map((w) => `'${w.name}'`).join(', ') || 'no weights'}.`,
    );
  }
  const missing = weights.filter((w) => !used.has(w));
  if (strict && missing.length > 0) {
    throw new Error(
      `${where}: the file has no values for ${missing.length} weight(s) of model "${model}": ${missing.map((w) => `'${w.name}'`).join(', ')}.`,
    );
  }
  return plan;
}

/** Copies each planned weight's bytes into its variable (only after every check has passed). */
export function assignWeights(plan: WeightAssignment[], data: ArrayBuffer): void {
  for (const { target, entry } of plan) {
    const bytes = data.slice(entry.offset, entry.offset + entry.byteLength);
    const values = typedArray(entry.dtype, bytes);
    tf.tidy(() => target.variable.assign(tf.tensor(values, entry.shape, entry.dtype as DType)));
  }
}

function typedArray(dtype: WeightDType, bytes: ArrayBuffer): Float32Array | Int32Array | Uint8Array | Float64Array {
  switch (dtype) {
    case 'float32':
      return new Float32Array(bytes);
    case 'int32':
      return new Int32Array(bytes);
    case 'float64':
      return new Float64Array(bytes);
    case 'bool':
      return new Uint8Array(bytes);
  }
}

export function describe(x: unknown): string {
  if (x === undefined) return 'undefined';
  if (x instanceof ArrayBuffer) return `an ArrayBuffer of ${x.byteLength} bytes`;
  try {
    const s = JSON.stringify(x);
    return s === undefined ? String(x) : s.length > 120 ? `${s.slice(0, 117)}...` : s;
  } catch {
    return Object.prototype.toString.call(x);
  }
}
