import type { DType, TypedArray } from '@tessera/core';
import type { CaseExpected } from '@tessera/core/testing';
import type { Tolerance } from './options.js';

/** Whether one value matches: NaN equals NaN, infinities must be exact, finite values within tolerance. */
export function isClose(actual: number, expected: number, tol: Tolerance): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  if (!Number.isFinite(actual)) return false;
  return Math.abs(actual - expected) <= tol.atol + tol.rtol * Math.abs(expected);
}

const MAX_LISTED = 8;

/**
 * Throws when `actual` and `expected` differ in length or in any element beyond |a - e| <= atol + rtol·|e|
 * (NaN equals NaN; ±Infinity must match exactly). The message lists the first mismatches with their indices.
 */
export function assertClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: Partial<Tolerance> = {},
  label = 'values',
): void {
  const tol: Tolerance = { rtol: tolerance.rtol ?? 1e-5, atol: tolerance.atol ?? 1e-6 };
  if (actual.length !== expected.length) {
    throw new Error(`${label}: expected ${expected.length} values, got ${actual.length}`);
  }
  const bad: string[] = [];
  let count = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = Number(actual[i]);
    const e = Number(expected[i]);
    if (!isClose(a, e, tol)) {
      count++;
      if (bad.length < MAX_LISTED) bad.push(`  [${i}] actual ${fmt(a)}, expected ${fmt(e)}`);
    }
  }
  if (count > 0) {
    const more = count > bad.length ? `\n  ... and ${count - bad.length} more` : '';
    throw new Error(
      `${label}: ${count} of ${expected.length} values differ (rtol ${tol.rtol}, atol ${tol.atol}):\n${bad.join('\n')}${more}`,
    );
  }
}

function fmt(v: number): string {
  return Object.is(v, -0) ? '-0' : String(v);
}

/** Tolerance for a result dtype: exact for bool and int32. */
export function toleranceFor(dtype: DType, float32: Tolerance, float64: Tolerance): Tolerance {
  if (dtype === 'float32') return float32;
  if (dtype === 'float64') return float64;
  return { rtol: 0, atol: 0 };
}

export interface ActualResult {
  shape: readonly number[];
  dtype: DType;
  values: TypedArray;
}

/** Compares one result with its expectation: shape, dtype, then values (float32 expectations rounded first). */
export function assertResult(actual: ActualResult, expected: CaseExpected, tol: Tolerance, label: string): void {
  const dtype = expected.dtype ?? 'float32';
  if (actual.shape.length !== expected.shape.length || actual.shape.some((d, i) => d !== expected.shape[i])) {
    throw new Error(`${label}: shape [${actual.shape.join(',')}], expected [${expected.shape.join(',')}]`);
  }
  if (actual.dtype !== dtype) throw new Error(`${label}: dtype ${actual.dtype}, expected ${dtype}`);
  // A float64 reference value that overflows float32 must compare as the Infinity a float32 kernel stores.
  const want = dtype === 'float32' ? expected.values.map((v) => Math.fround(v)) : expected.values;
  const exact = dtype === 'bool' || dtype === 'int32';
  assertClose(actual.values, want, exact ? { rtol: 0, atol: 0 } : tol, label);
}
