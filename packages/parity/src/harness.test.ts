import { beforeAll, describe, expect, it } from 'vitest';
import type { Result } from './harness.js';
import { DEFAULT_TOL, U, V, compareResults, runSpec, setupBackends } from './harness.js';

// The harness must fail loudly: these check that real differences are reported, so a green suite means something.
const r = (values: number[], dtype = 'float32', shape = [values.length]): [string, Result][] => [['out', { shape, dtype, values }]];

describe('parity harness', () => {
  beforeAll(setupBackends);

  it('compares values with the tolerance, NaN equal to NaN only', () => {
    expect(compareResults(r([1, NaN, Infinity]), r([1 + 1e-6, NaN, Infinity]), DEFAULT_TOL)).toEqual([]);
    expect(compareResults(r([1.0001]), r([1]), DEFAULT_TOL)).toHaveLength(1);
    expect(compareResults(r([0]), r([NaN]), DEFAULT_TOL)).toHaveLength(1);
    expect(compareResults(r([NaN]), r([0]), DEFAULT_TOL)).toHaveLength(1);
    expect(compareResults(r([-Infinity]), r([Infinity]), DEFAULT_TOL)).toHaveLength(1);
  });

  it('reports shape, dtype and exact integer differences', () => {
    expect(compareResults(r([1, 2], 'float32', [2, 1]), r([1, 2]), DEFAULT_TOL)[0]).toMatch(/shape \[2,1\], expected \[2\]/);
    expect(compareResults(r([1], 'int32'), r([1]), DEFAULT_TOL)[0]).toMatch(/dtype int32, expected float32/);
    expect(compareResults(r([3], 'int32'), r([3.0000001], 'int32'), DEFAULT_TOL)).toHaveLength(1);
  });

  it('reports a spec whose two sides differ, and ops Tessera lacks', async () => {
    const wrong = await runSpec({
      name: 'exp',
      call: (lib, x) => (lib.expm1 && 'Variable' in lib && 'SeededRandom' in lib ? lib.expm1(x) : lib.exp(x)),
      cases: [{ label: 'x', inputs: [U([4])] }],
    });
    expect(wrong.join('\n')).toMatch(/exp x: 4\/4 values differ/);
    expect(await runSpec({ name: 'noSuchOp', call: (lib, x) => lib.noSuchOp(x), cases: [{ label: 'x', inputs: [V([1], [1])] }] })).toEqual([
      'noSuchOp: not implemented in Tessera yet',
    ]);
  });
});
