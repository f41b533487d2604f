import { isTensor } from '@tessera/core';
import type { Tensor } from '@tessera/core';

/**
 * What a dataset element may be: a tensor, a plain value, or arrays / plain objects of them (nested).
 * The same containers `tidy` and `dispose` look through, so ownership rules agree with core's.
 */
export type Element = unknown;

export function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !isTensor(x) && Object.getPrototypeOf(x) === Object.prototype;
}

/** Every tensor found in an element (arrays and plain objects are searched). */
export function tensorsIn(x: unknown, out: Set<Tensor> = new Set()): Set<Tensor> {
  if (isTensor(x)) out.add(x);
  else if (Array.isArray(x)) for (const v of x) tensorsIn(v, out);
  else if (isPlainObject(x)) for (const v of Object.values(x)) tensorsIn(v, out);
  return out;
}

/** Disposes the tensors of an element (an element the pipeline owns and will not pass on). */
export function disposeElement(x: unknown): void {
  for (const t of tensorsIn(x)) t.dispose();
}

/** Disposes the tensors of `input` that do not appear in `output` (what a map step consumed). */
export function disposeConsumed(input: unknown, output: unknown): void {
  const kept = tensorsIn(output);
  for (const t of tensorsIn(input)) if (!kept.has(t)) t.dispose();
}

export function describeValue(x: unknown): string {
  if (x === null) return 'null';
  if (x === undefined) return 'undefined';
  if (isTensor(x)) return `Tensor(${x.dtype}, [${x.shape.join(',')}])`;
  if (Array.isArray(x)) return `array of length ${x.length}`;
  if (ArrayBuffer.isView(x)) return `${x.constructor.name} of length ${(x as unknown as ArrayLike<unknown>).length}`;
  if (typeof x === 'object') return (x as object).constructor?.name ?? 'object';
  if (typeof x === 'string') return `string ${JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x)}`;
  return `${typeof x} ${String(x)}`;
}

export function checkCount(value: unknown, name: string, op: string, allowZero = true): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new TypeError(
      `${op}: invalid value for argument \`${name}\`. Expected ${allowZero ? 'a non-negative' : 'a positive'} integer. Received: ${describeValue(value)}`,
    );
  }
  return value;
}
