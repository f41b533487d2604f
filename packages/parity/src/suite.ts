import { beforeAll, describe, expect, it } from 'vitest';
import type { OpSpec } from './harness.js';
import { runSpec, setupBackends, tensorCounts } from './harness.js';

/**
 * Registers one vitest test per op spec, then a last test checking that both libraries' live tensor counts
 * returned to where they were before the first spec ran.
 */
export function paritySuite(title: string, specs: OpSpec[]): void {
  describe(title, () => {
    let baseline = { tessera: 0, tfjs: 0 };
    beforeAll(async () => {
      await setupBackends();
      baseline = tensorCounts();
    });
    for (const spec of specs) {
      it(spec.name, async () => {
        const problems = await runSpec(spec);
        if (problems.length) throw new Error(`${problems.length} problem(s):\n${problems.join('\n')}`);
      });
    }
    it('leaves no tensors behind', () => {
      expect(tensorCounts()).toEqual(baseline);
    });
  });
}
