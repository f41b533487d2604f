import * as tessera from '@tessera/core';
import { customGrad } from '@tessera/autograd';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Call } from './harness.js';
import { U, setupBackends } from './harness.js';
import { runGradSpec } from './grad-harness.js';

// The gradient harness must fail loudly: these check that wrong gradients and leaks are reported.

/** square(x) with the factor 2 missing from its gradient, on Tessera only (tfjs runs its own square). */
const badSquare = customGrad((x: tessera.Tensor) => ({ value: tessera.square(x), gradFunc: (dy: tessera.Tensor) => tessera.mul(dy, x) }));
const squareCall: Call = (lib, x) => ('SeededRandom' in lib ? badSquare(x) : lib.square(x));

describe('gradient parity harness', () => {
  beforeAll(setupBackends);

  it('reports a wrong gradient against tfjs and against finite differences', () => {
    const vsTfjs = runGradSpec({ name: 'square', cases: [{ label: 'x', inputs: [U([6])], call: squareCall }] });
    expect(vsTfjs.join('\n')).toMatch(/square x: 6\/6 values differ/);
    const vsFd = runGradSpec({
      name: 'square',
      cases: [{ label: 'x', inputs: [U([6])], call: squareCall, fd: { tfjs: 'skip', why: 'test' } }],
    });
    expect(vsFd.join('\n')).toMatch(/vs float64 finite differences\): 6\/6 values differ/);
  });

  it('passes a correct gradient by finite differences, and notices when tfjs no longer throws', () => {
    const ok = runGradSpec({ name: 'tanh', cases: [{ label: 'x', inputs: [U([2, 3])], call: (lib, x) => lib.tanh(x), fd: { tfjs: 'skip', why: 'test' } }] });
    expect(ok).toEqual([]);
    const stale = runGradSpec({ name: 'tanh', cases: [{ label: 'x', inputs: [U([3])], call: (lib, x) => lib.tanh(x), fd: { tfjs: 'throws', why: 'test' } }] });
    expect(stale.join('\n')).toMatch(/tfjs no longer throws/);
    const right = runGradSpec({ name: 'tanh', cases: [{ label: 'x', inputs: [U([3])], call: (lib, x) => lib.tanh(x), fd: { tfjs: 'wrong', why: 'test' } }] });
    expect(right.join('\n')).toMatch(/tfjs's gradient is now right/);
  });

  it('reports Tessera leaks, missing ops and empty specs', () => {
    const leaked: tessera.Tensor[] = [];
    const leaky: Call = (lib, x) => {
      if ('SeededRandom' in lib) leaked.push(tessera.keep(tessera.exp(x)));
      return lib.exp(x);
    };
    const problems = runGradSpec({ name: 'exp', cases: [{ label: 'x', inputs: [U([4])], call: leaky }] });
    leaked.forEach((t) => t.dispose());
    expect(problems.join('\n')).toMatch(/exp x: Tessera leaked \d+ tensors/);
    expect(runGradSpec({ name: 'noSuchOp', cases: [{ label: 'x', inputs: [U([1])], call: (lib, x) => lib.noSuchOp(x) }] })).toEqual([
      'noSuchOp: not implemented in Tessera yet',
    ]);
    expect(runGradSpec({ name: 'exp', cases: [] })).toEqual(['exp: no gradient cases']);
  });
});
