import type { AnyBackend, Tensor } from '@tessera/core';
import * as tf from '@tessera/core';
import { gradcheck } from '@tessera/autograd';
import type { OpCase } from '@tessera/core/testing';
import type { RunContext } from './run-case.js';
import { caseInputToHost } from './host.js';
import { assertNoLeaks, snapshot } from './leaks.js';

/** Declares one test: registers its id, honours the filter and expectedFailures. */
export type DeclareTest = (id: string, name: string, body: () => Promise<void>) => void;

/** The case's outputs as one tensor: float outputs only, each times fixed weights, summed (gradcheck weights it). */
function combined(c: OpCase, xs: Tensor[]): Tensor {
  const out = c.run(...xs);
  const outs = (Array.isArray(out) ? out : [out]).filter((t) => tf.isFloat(t.dtype));
  if (outs.length === 0) throw new Error(`${c.op}/${c.name}: marked grad but has no float output`);
  if (outs.length === 1) return outs[0]!;
  return outs.map((t, k) => t.reshape([-1]).sum().mul(k + 1)).reduce((a, b) => a.add(b));
}

function gradOptions(c: OpCase) {
  return typeof c.grad === 'object' ? c.grad : {};
}

/** Builds the case's inputs on `backend` (float inputs as `floatDType`). */
function buildInputs(c: OpCase, backend: AnyBackend, floatDType: 'float32' | 'float64'): Tensor[] {
  return c.inputs.map((input, i) => {
    const h = caseInputToHost(input, i);
    const dtype = tf.isFloat(h.dtype) ? floatDType : h.dtype;
    const t = tf.tensor(h.values, h.shape, dtype);
    if (t.backend !== backend) throw new Error(`internal: case inputs were created on '${t.backend.name}', not '${backend.name}'`);
    return t;
  });
}

async function withBackend<T>(backend: AnyBackend, fn: () => Promise<T>): Promise<T> {
  const previous = tf.getBackend();
  await tf.setBackend(backend);
  try {
    return await fn();
  } finally {
    await tf.setBackend(previous);
  }
}

/** d(weighted sum of outputs)/d(inputs) on a backend, analytically (used against the float64 reference). */
async function analytic(c: OpCase, backend: AnyBackend, floatDType: 'float32' | 'float64'): Promise<Float64Array[]> {
  return withBackend(backend, async () => {
    const inputs = buildInputs(c, backend, floatDType);
    try {
      const r = await gradcheck((...xs) => combined(c, xs), inputs, { wrt: gradOptions(c).inputs, float64: floatDType === 'float64', eps: floatDType === 'float64' ? 1e-6 : 1e-2, skipNumeric: true });
      return r.analytic;
    } finally {
      inputs.forEach((t) => t.dispose());
    }
  });
}

/**
 * Checks a case's gradient: on a float64 backend by central finite differences in float64; on a float32 backend
 * against the float64 gradient of `gradientReference` (or, without one, float32 finite differences, loosely).
 */
export async function checkCaseGradient(c: OpCase, ctx: RunContext, id: string): Promise<void> {
  const before = await snapshot(ctx.backend);
  const opts = gradOptions(c);
  if (ctx.backend.capabilities.dtypes.includes('float64')) {
    const inputs = buildInputs(c, ctx.backend, 'float64');
    try {
      const r = await gradcheck((...xs) => combined(c, xs), inputs, { wrt: opts.inputs, rtol: opts.rtol ?? 1e-5, atol: opts.atol ?? 1e-6, eps: opts.eps });
      if (!r.ok) throw new Error(`${id}/grad: ${describeFailures(r.failures)}`);
    } finally {
      inputs.forEach((t) => t.dispose());
    }
  } else if (ctx.gradientReference) {
    const ref = await ctx.gradientReference();
    const [ours, theirs] = [await analytic(c, ctx.backend, 'float32'), await analytic(c, ref, 'float64')];
    const tol = ctx.gradientTolerance;
    ours.forEach((g, k) =>
      g.forEach((v, j) => {
        const e = theirs[k]![j]!;
        if (!(Math.abs(v - e) <= tol.atol + tol.rtol * Math.abs(e)) && !(Number.isNaN(v) && Number.isNaN(e))) {
          throw new Error(`${id}/grad: gradient of input ${k}, element ${j} is ${v}; the float64 reference gives ${e}`);
        }
      }),
    );
  } else {
    const inputs = buildInputs(c, ctx.backend, 'float32');
    try {
      const r = await gradcheck((...xs) => combined(c, xs), inputs, { wrt: opts.inputs, float64: false, rtol: 1e-2, atol: 1e-2, eps: 1e-2 });
      if (!r.ok) throw new Error(`${id}/grad (float32 finite differences): ${describeFailures(r.failures)}`);
    } finally {
      inputs.forEach((t) => t.dispose());
    }
  }
  await assertNoLeaks(before, ctx.backend, `${id}/grad`);
}

function describeFailures(failures: { input: number; index: number; analytic: number; numeric: number }[]): string {
  const worst = [...failures].sort((a, b) => Math.abs(b.analytic - b.numeric) - Math.abs(a.analytic - a.numeric)).slice(0, 3);
  return `${failures.length} element(s) differ from finite differences; worst: ${worst
    .map((f) => `input ${f.input}[${f.index}] analytic ${f.analytic} vs numeric ${f.numeric}`)
    .join('; ')}`;
}

/** The gradient step for cases marked `grad`: one test per case, id 'op/case name/grad'. */
export function declareGradientCheck(c: OpCase, id: string, ctx: () => RunContext, test: DeclareTest): void {
  test(`${id}/grad`, `${c.name}/grad`, () => checkCaseGradient(c, ctx(), id));
}
