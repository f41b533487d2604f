import { afterAll, beforeAll, describe, it } from 'vitest';
import type { AnyBackend } from '@tessera/core';
import { registerBackend, removeBackend, setBackend } from '@tessera/core';
import type { OpCase } from '@tessera/core/testing';
import { allCases } from '@tessera/core/testing';
import type { ConformanceOptions } from './options.js';
import { DEFAULT_TOLERANCE, FLOAT64_TOLERANCE } from './options.js';
import { checkExpectedFailures, withExpectation } from './expected-failures.js';
import { declareGradientCheck } from './gradients.js';
import type { DeclareTest } from './gradients.js';
import { checkLayouts } from './layout-check.js';
import { QUEUE_TESTS } from './queued.js';
import type { RunContext } from './run-case.js';
import { runVariant } from './run-case.js';
import { deriveVariants } from './variants.js';

/**
 * Declares the conformance suite for one backend as vitest blocks: every op case from @tessera/core/testing and
 * its derived variants (non-contiguous inputs; dtypes, rank 0, size 0 and broadcasting for elementwise ops), reads
 * after queued work, and a leak check after each test. Test ids ('op/case name[/variant]') key expectedFailures.
 */
export function describeBackend(options: ConformanceOptions): void {
  if (!options || typeof options.create !== 'function') {
    throw new TypeError('describeBackend: invalid value for argument `options.create`. Expected a function returning a backend.');
  }
  const expectedFailures = options.expectedFailures ?? {};
  const float64 = options.float64 ?? false;
  const filter = options.filter ?? (() => true);
  const tolerance = { ...DEFAULT_TOLERANCE, ...options.tolerance };
  const ids = new Set<string>();
  let ctx: RunContext | undefined;
  let createError: unknown;
  const getCtx = (): RunContext => {
    if (!ctx) throw new Error(`describeBackend: the backend was not created: ${String(createError)}`);
    return ctx;
  };

  const test: DeclareTest = (id, name, body) => {
    ids.add(id);
    if (!filter(id)) return;
    it(name, () => withExpectation(id, expectedFailures[id], body));
  };

  describe(options.name ?? 'conformance', () => {
    beforeAll(async () => {
      try {
        const backend: AnyBackend = await options.create();
        await setBackend(backend);
        let reference: AnyBackend | null = null;
        const gradientReference = options.gradientReference
          ? async () => {
              if (!reference) {
                reference = await options.gradientReference!();
                registerBackend(reference);
              }
              return reference;
            }
          : undefined;
        ctx = { backend, tolerance, tolerance64: FLOAT64_TOLERANCE, gradientReference, gradientTolerance: { rtol: 1e-3, atol: 1e-4, ...options.gradientTolerance } };
      } catch (err) {
        createError = err;
        throw err;
      }
    });
    afterAll(() => {
      if (ctx) removeBackend(ctx.backend.name);
    });

    describe('backend', () => {
      test('backend/spec', 'spec', async () => {
        const b = getCtx().backend;
        if (b.specificationVersion !== 'v1') throw new Error(`specificationVersion is ${String(b.specificationVersion)}, expected 'v1'`);
        for (const dt of ['float32', 'int32', 'bool'] as const) {
          if (!b.capabilities.dtypes.includes(dt)) throw new Error(`capabilities.dtypes lacks ${dt}`);
        }
        const has64 = b.capabilities.dtypes.includes('float64');
        if (has64 !== float64) {
          throw new Error(`capabilities.dtypes ${has64 ? 'lists' : 'lacks'} float64: pass \`float64: ${has64}\` to describeBackend`);
        }
      });
    });

    const byOp = new Map<string, OpCase[]>();
    for (const c of allCases()) {
      const list = byOp.get(c.op) ?? [];
      list.push(c);
      byOp.set(c.op, list);
    }
    for (const [op, list] of byOp) {
      describe(op, () => {
        const seen = new Set<string>();
        for (const c of list) {
          const baseId = `${op}/${c.name}`;
          if (seen.has(c.name)) {
            it(`${c.name} (duplicate)`, () => {
              throw new Error(`${baseId}: two cases of ${op} share this name; case names must be unique per op`);
            });
            continue;
          }
          seen.add(c.name);
          for (const v of deriveVariants(c, { float64 })) {
            const id = v.suffix ? `${baseId}/${v.suffix}` : baseId;
            const name = v.suffix ? `${c.name}/${v.suffix}` : c.name;
            if (v.float64 && !float64) {
              ids.add(id);
              it.skip(`${name} (needs float64)`);
              continue;
            }
            test(id, name, () => runVariant(c, v, id, getCtx()));
          }
          if (c.grad && !c.throws && filter(baseId)) declareGradientCheck(c, baseId, getCtx, test);
        }
      });
    }

    describe('queue', () => {
      for (const q of QUEUE_TESTS) test(`queue/${q.name}`, q.name, () => q.run(getCtx()));
    });

    describe('kit', () => {
      test('kit/layouts', 'layouts deliver the same values as views', () => checkLayouts(getCtx()));
      it('expectedFailures names known tests, each with a reason', () => {
        const problems = checkExpectedFailures(expectedFailures, ids);
        if (problems.length > 0) throw new Error(`expectedFailures:\n  ${problems.join('\n  ')}`);
      });
    });
  });
}
