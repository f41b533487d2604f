import { describe, expect, it } from 'vitest';
import type { OpCase } from '@tessera/core/testing';
import { assertClose, isClose } from './compare.js';
import { checkExpectedFailures, withExpectation } from './expected-failures.js';
import { caseInputToHost, hostTensor, seededValues } from './host.js';
import { deriveVariants } from './variants.js';

const tol = { rtol: 1e-5, atol: 1e-6 };

describe('isClose / assertClose', () => {
  it('treats NaN as equal to NaN and infinities exactly', () => {
    expect(isClose(NaN, NaN, tol)).toBe(true);
    expect(isClose(1, NaN, tol)).toBe(false);
    expect(isClose(NaN, 1, tol)).toBe(false);
    expect(isClose(Infinity, Infinity, tol)).toBe(true);
    expect(isClose(-Infinity, Infinity, tol)).toBe(false);
    expect(isClose(1e30, Infinity, tol)).toBe(false);
    expect(isClose(Infinity, 1e30, tol)).toBe(false);
  });
  it('uses atol + rtol·|expected|', () => {
    expect(isClose(1 + 1e-6, 1, tol)).toBe(true);
    expect(isClose(1 + 2e-5, 1, tol)).toBe(false);
    expect(isClose(5e-7, 0, tol)).toBe(true);
    expect(isClose(2e-6, 0, tol)).toBe(false);
  });
  it('names the mismatching indices and counts', () => {
    expect(() => assertClose([1, 2, 3], [1, 2.5, 3], tol, 'x')).toThrow(/x: 1 of 3 values differ.*\n\s+\[1\] actual 2, expected 2.5/);
    expect(() => assertClose([1, 2], [1, 2, 3], tol, 'x')).toThrow(/x: expected 3 values, got 2/);
    expect(() => assertClose(new Float32Array([0.1]), [0.1], tol)).not.toThrow();
  });
});

describe('host tensors', () => {
  it('store values as the dtype does', () => {
    expect(hostTensor([1.5, -1.7, 3e9], [3], 'int32').values).toEqual([1, -1, -1294967296]);
    expect(hostTensor([0, 2, NaN], [3], 'bool').values).toEqual([0, 1, 0]);
    expect(hostTensor([0.1], [1], 'float32').values).toEqual([Math.fround(0.1)]);
    expect(() => hostTensor([1, 2], [3])).toThrow(/2 values do not fill shape \[3\]/);
  });
  it('draws seeded values: same seed same values, in range, integers for int32', () => {
    const a = seededValues([100], 'float32', { min: 2, max: 3, seed: 5 });
    expect(seededValues([100], 'float32', { min: 2, max: 3, seed: 5 })).toEqual(a);
    expect(seededValues([100], 'float32', { min: 2, max: 3, seed: 6 })).not.toEqual(a);
    expect(a.every((v) => v >= 2 && v < 3)).toBe(true);
    const ints = seededValues([100], 'int32', { min: -3, max: 3, seed: 1 });
    expect(ints.every((v) => Number.isInteger(v) && v >= -3 && v < 3)).toBe(true);
    expect(new Set(seededValues([100], 'bool', { seed: 1 }))).toEqual(new Set([0, 1]));
    expect(caseInputToHost({ shape: [2, 2] }, 0).values).toHaveLength(4);
  });
});

describe('expected failures', () => {
  it('passes when a listed test fails and fails when it passes', async () => {
    await expect(withExpectation('a/b', 'known', async () => { throw new Error('boom'); })).resolves.toBeUndefined();
    await expect(withExpectation('a/b', 'known', async () => {})).rejects.toThrow(/a\/b: expected failure now passes: remove it from expectedFailures/);
    await expect(withExpectation('a/b', undefined, async () => { throw new Error('boom'); })).rejects.toThrow('boom');
  });
  it('reports unknown keys and empty reasons', () => {
    const problems = checkExpectedFailures({ 'a/b': 'ok', 'x/y': 'why', 'a/c': ' ' }, new Set(['a/b', 'a/c']));
    expect(problems).toEqual([
      "'x/y' names no test (ids look like 'op/case name' or 'op/case name/variant')",
      "'a/c' needs a non-empty reason",
    ]);
  });
});

describe('deriveVariants', () => {
  const base: OpCase = {
    op: 'add',
    name: 'random',
    inputs: [{ shape: [2, 3], random: { seed: 1 } }, { shape: [2, 3], random: { seed: 2 } }],
    run: (a) => a,
    reference: (a) => a,
  };
  it('adds non-contiguous layouts unless contiguousOnly, and nothing for throws cases', () => {
    expect(deriveVariants(base, { float64: true }).map((v) => v.suffix)).toEqual(['', 'transposed', 'reversed', 'offset']);
    expect(deriveVariants({ ...base, contiguousOnly: true }, { float64: true }).map((v) => v.suffix)).toEqual(['']);
    expect(deriveVariants({ ...base, throws: /x/ }, { float64: true }).map((v) => v.suffix)).toEqual(['']);
  });
  it('adds dtype and broadcast variants for elementwise cases, float64 only when the backend has it', () => {
    const c = { ...base, elementwise: { dtypes: ['int32', 'bool', 'float64'] as const } } as unknown as OpCase;
    const with64 = deriveVariants(c, { float64: true }).map((v) => v.suffix);
    expect(with64).toContain('int32');
    expect(with64).toContain('float64');
    expect(with64).toContain('broadcast [3,1]x[1,4]');
    expect(with64).toContain('broadcast [0,3]x[1,3]');
    expect(with64).toContain('rank 0');
    expect(deriveVariants(c, { float64: false }).map((v) => v.suffix)).not.toContain('float64');
    const int = deriveVariants(c, { float64: true }).find((v) => v.suffix === 'int32')!;
    expect(int.inputs.map((x) => x.dtype)).toEqual(['int32', 'int32']);
    expect(int.referenceOnly).toBe(true);
  });
});
