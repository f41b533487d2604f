import type { Tensor } from '@tessera/core';
import { getBackend, isFloat, mul, sum, tensor, tidy, SeededRandom } from '@tessera/core';
import { valueAndGrads } from './api.js';

export interface GradcheckOptions {
  /** Finite-difference step (default 1e-6 in float64, 1e-3 in float32). */
  eps?: number;
  atol?: number;
  rtol?: number;
  /** Seed of the random weights that turn a non-scalar result into a scalar. */
  seed?: number;
  /** Compute in float64 when the inputs' backend supports it (default true). */
  float64?: boolean;
  /** Which inputs to differentiate (default: every float input); the others are passed through unchanged. */
  wrt?: number[];
  /** Only compute the analytic gradients (to compare backends); `ok` is then true and `numeric` empty. */
  skipNumeric?: boolean;
}

export interface GradcheckFailure {
  input: number;
  index: number;
  analytic: number;
  numeric: number;
}

export interface GradcheckResult {
  ok: boolean;
  maxAbsError: number;
  maxRelError: number;
  failures: GradcheckFailure[];
  /** Analytic gradients per differentiated input (in `wrt` order), row-major (useful to compare backends). */
  analytic: Float64Array[];
  numeric: Float64Array[];
}

/**
 * Compares autograd's gradients of `f` with central finite differences. A non-scalar result is reduced to
 * sum(f(x) · w) with fixed random weights w, so every output element is checked. Runs in float64 where the
 * backend has it, so eps can be small and tolerances tight.
 */
export async function gradcheck(f: (...xs: Tensor[]) => Tensor, inputs: Tensor[], options: GradcheckOptions = {}): Promise<GradcheckResult> {
  if (typeof f !== 'function') throw new TypeError('gradcheck: invalid value for argument `f`. Expected a function.');
  if (!Array.isArray(inputs) || inputs.length === 0) {
    throw new TypeError('gradcheck: invalid value for argument `inputs`. Expected a non-empty array of float tensors.');
  }
  const backend = inputs[0]!.backend ?? getBackend();
  const use64 = (options.float64 ?? true) && backend.capabilities.dtypes.includes('float64');
  const dtype = use64 ? 'float64' : 'float32';
  const eps = options.eps ?? (use64 ? 1e-6 : 1e-3);
  const atol = options.atol ?? (use64 ? 1e-6 : 1e-3);
  const rtol = options.rtol ?? (use64 ? 1e-5 : 1e-2);
  const wrt = options.wrt ?? inputs.map((x, i) => (isFloat(x.dtype) ? i : -1)).filter((i) => i >= 0);
  wrt.forEach((i) => {
    if (!inputs[i] || !isFloat(inputs[i]!.dtype)) {
      throw new TypeError(`gradcheck: input ${i} cannot be differentiated: expected a float tensor. Received: ${inputs[i]?.dtype ?? 'nothing'}`);
    }
  });
  const hosts = await Promise.all(wrt.map(async (i) => Float64Array.from(await inputs[i]!.data())));
  const shapes = wrt.map((i) => [...inputs[i]!.shape]);
  const make = (values: Float64Array, k: number) => tensor(values, shapes[k], dtype);
  /** All inputs, with the differentiated ones replaced by `xs` (in `wrt` order). */
  const withInputs = (xs: Tensor[]) => inputs.map((x, i) => (wrt.includes(i) ? xs[wrt.indexOf(i)]! : x));

  // Weights fixed once (from the unperturbed result's shape).
  const probe = tidy(() => f(...withInputs(hosts.map(make))));
  const rng = new SeededRandom(options.seed ?? 1234);
  const weights = Float64Array.from({ length: probe.size }, () => rng.next() * 2 - 1);
  const wShape = [...probe.shape];
  const outDType = probe.dtype;
  probe.dispose();
  const scalarOf = (...xs: Tensor[]) => {
    const y = f(...withInputs(xs));
    return sum(mul(y, tensor(weights, wShape, isFloat(outDType) ? outDType : dtype)));
  };

  const xs = hosts.map(make);
  const { value, grads } = valueAndGrads(scalarOf)(xs);
  value.dispose();
  const analytic = await Promise.all(grads.map(async (g) => Float64Array.from(await g.data())));
  grads.forEach((g) => g.dispose());
  xs.forEach((x) => x.dispose());

  if (options.skipNumeric) return { ok: true, maxAbsError: 0, maxRelError: 0, failures: [], analytic, numeric: [] };
  const evalAt = async (k: number, j: number, delta: number) => {
    const vals = hosts.map((h, q) => (q === k ? Float64Array.from(h, (v, p) => (p === j ? v + delta : v)) : h));
    const y = tidy(() => scalarOf(...vals.map(make)));
    const r = (await y.data())[0]!;
    y.dispose();
    return r;
  };
  const numeric = hosts.map((h) => new Float64Array(h.length));
  const failures: GradcheckFailure[] = [];
  let maxAbsError = 0;
  let maxRelError = 0;
  for (let k = 0; k < hosts.length; k++) {
    for (let j = 0; j < hosts[k]!.length; j++) {
      const n = ((await evalAt(k, j, eps)) - (await evalAt(k, j, -eps))) / (2 * eps);
      numeric[k]![j] = n;
      const a = analytic[k]![j]!;
      const err = Math.abs(a - n);
      maxAbsError = Math.max(maxAbsError, err);
      maxRelError = Math.max(maxRelError, err / Math.max(Math.abs(n), 1e-12));
      if (!(err <= atol + rtol * Math.abs(n))) failures.push({ input: wrt[k]!, index: j, analytic: a, numeric: n });
    }
  }
  return { ok: failures.length === 0, maxAbsError, maxRelError, failures, analytic, numeric };
}
