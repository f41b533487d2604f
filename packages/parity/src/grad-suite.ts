import * as tessera from '@tessera/core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GradSpec } from './grad-harness.js';
import { runGradSpec } from './grad-harness.js';
import { setupBackends } from './harness.js';

/**
 * Registers one vitest test per gradient spec, then a last test checking that Tessera's live tensor count is back
 * at its baseline. (tfjs's count is checked per case where its gradient succeeds: when its backward pass throws,
 * tfjs itself leaves the tensors its tape saved behind.)
 */
export function gradSuite(title: string, specs: GradSpec[]): void {
  describe(title, () => {
    let baseline = 0;
    beforeAll(async () => {
      await setupBackends();
      baseline = tessera.memory().numTensors;
    });
    for (const spec of specs) {
      it(spec.name, () => {
        const problems = runGradSpec(spec);
        if (problems.length) throw new Error(`${problems.length} problem(s):\n${problems.join('\n')}`);
      });
    }
    it('leaves no Tessera tensors behind', () => {
      expect(tessera.memory().numTensors).toBe(baseline);
    });
  });
}
