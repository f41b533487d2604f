import type { AnyBackend, Tensor } from '@tessera/core';
import type { CaseExpected, HostTensor, OpCase } from '@tessera/core/testing';
import type { Tolerance } from './options.js';
import { assertResult, toleranceFor } from './compare.js';
import { caseInputToHost } from './host.js';
import { buildInput } from './layouts.js';
import { assertNoLeaks, snapshot } from './leaks.js';
import type { Variant } from './variants.js';

export interface RunContext {
  backend: AnyBackend;
  tolerance: Tolerance;
  tolerance64: Tolerance;
  /** float64 backend for the gradients of float32-only backends (see ConformanceOptions). */
  gradientReference?: () => Promise<AnyBackend>;
  gradientTolerance: Tolerance;
}

function list<T>(x: T | T[]): T[] {
  return Array.isArray(x) ? x : [x];
}

/** The looser of the backend's tolerance and the case's own. */
function widen(base: Tolerance, c: OpCase): Tolerance {
  return { rtol: Math.max(base.rtol, c.rtol ?? 0), atol: Math.max(base.atol, c.atol ?? 0) };
}

/** Runs one variant of a case: build inputs, call the op, compare, dispose, and check nothing leaked. */
export async function runVariant(c: OpCase, v: Variant, id: string, ctx: RunContext): Promise<void> {
  const before = await snapshot(ctx.backend);
  const hosts: HostTensor[] = v.inputs.map((x, i) => caseInputToHost(x, i));
  const owned = new Set<Tensor>();
  try {
    const inputs = hosts.map((h) => {
      const t = buildInput(h, v.layout);
      owned.add(t);
      return t;
    });
    if (c.throws) {
      expectThrow(c, inputs, owned, id);
    } else {
      const result = c.run(...inputs);
      const outs = list(result);
      outs.forEach((t) => owned.add(t));
      const actual = await Promise.all(
        outs.map(async (t) => ({ shape: [...t.shape], dtype: t.dtype, values: await t.data() })),
      );
      const checks: [string, CaseExpected[]][] = [];
      if (!v.referenceOnly && c.expected) checks.push(['expected', list(c.expected)]);
      if (c.reference) checks.push(['reference', list(c.reference(...hosts))]);
      if (checks.length === 0) throw new Error(`${id}: the case has neither \`expected\` nor \`reference\``);
      for (const [what, exps] of checks) {
        if (exps.length !== actual.length) {
          throw new Error(`${id}: the op returned ${actual.length} tensor(s), ${what} has ${exps.length}`);
        }
        exps.forEach((e, k) => {
          const tol = toleranceFor(e.dtype ?? 'float32', widen(ctx.tolerance, c), widen(ctx.tolerance64, c));
          const label = `${id}: output ${k} vs ${what}`;
          assertResult(actual[k]!, e, tol, label);
        });
      }
    }
  } finally {
    for (const t of owned) t.dispose();
  }
  await assertNoLeaks(before, ctx.backend, id);
}

function expectThrow(c: OpCase, inputs: Tensor[], owned: Set<Tensor>, id: string): void {
  let result: Tensor | Tensor[] | undefined;
  try {
    result = c.run(...inputs);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (!c.throws!.test(message)) {
      throw new Error(`${id}: the error message does not match ${String(c.throws)}:\n  ${message}`);
    }
    return;
  }
  list(result).forEach((t) => owned.add(t));
  throw new Error(`${id}: expected an error matching ${String(c.throws)}, but the op returned a result`);
}
