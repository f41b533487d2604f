import * as tf from '@tensorflow/tfjs';
import * as tessera from '@tessera/core';
import { SeededRandom, sizeOf } from '@tessera/core';
import { grads as tesseraGrads } from '@tessera/autograd';
import type { Call, Gen, Host, OpSpec, Result, Tolerance } from './harness.js';
import { DEFAULT_TOL, compareResults, flattenOut, fmt, hashName, specInputs, tensorCounts, tesseraLib } from './harness.js';

/**
 * The gradient parity harness. For each case it computes d(Σ_k sum(y_k · w_k))/d(x_i) for every float input x_i,
 * where y_k are the call's float outputs and w_k seeded weights (so every output element matters), with
 * `grads` of @tessera/autograd and `tf.grads` of tfjs 4.22 (CPU), and compares shapes and values. Where tfjs
 * cannot take the gradient or gets it wrong, Tessera's gradient is compared with central finite differences
 * computed in float64 by Tessera's CPU backend instead, and the case checks that tfjs still fails.
 */

/**
 * Tessera is checked against float64 finite differences instead of tfjs, because tfjs cannot take this gradient
 * (`throws`), gets it wrong (`wrong`), or cannot produce comparable values at all (`skip`: another random stream).
 * For `throws` and `wrong` the case also checks that tfjs still does, so the note is revisited if tfjs is fixed.
 */
export interface ByFiniteDifferences {
  tfjs: 'throws' | 'wrong' | 'skip';
  why: string;
}

export interface GradCase {
  label: string;
  /** Host inputs (derived from a forward spec) or seeded generators (for cases written here). */
  inputs: (Host | Gen)[];
  call: Call;
  /** tfjs lacks this form of the op: it runs this equivalent composition instead (say why at the case). */
  tfjsCall?: Call;
  /** Inputs to differentiate (default: every float32 input); the others are passed as constants. */
  wrt?: number[];
  tol?: Tolerance;
  fd?: ByFiniteDifferences;
}

export interface GradSpec {
  /** The op as both libraries export it; the test is named after it. */
  name: string;
  cases: GradCase[];
  tol?: Tolerance;
  /** The exported ops this spec's gradients cover (default: [name]). */
  ops?: string[];
}

// ---------------------------------------------------------------------------------------------------------------
// Building specs from the forward tables

export interface FromForward {
  /** Keeps only the forward cases this returns true for (after the automatic filters below). */
  only?: (label: string, inputs: Host[]) => boolean;
  /** Cases (by forward label) that tfjs cannot differentiate or gets wrong. */
  fd?: (label: string, inputs: Host[]) => ByFiniteDifferences | undefined;
  tol?: Tolerance;
  extra?: GradCase[];
  name?: string;
}

const isFloatHost = (h: Host): boolean => h.dtype === 'float32';

/**
 * A gradient spec from a forward spec: the same cases on the same seeded inputs (via `specInputs`), except those
 * without a float input, with a non-finite or 0-size float input, and those where tfjs's forward is pinned as
 * wrong (`tfjsDiffers`). A forward case's `tfjsCall` carries over; its `tol` does not (gradients start from the
 * default and justify their own).
 */
export function fromForward(spec: OpSpec, opts: FromForward = {}): GradSpec {
  const all = specInputs(spec);
  const cases: GradCase[] = [];
  spec.cases.forEach((c, n) => {
    const inputs = all[n]!;
    const floats = inputs.filter(isFloatHost);
    if (c.tfjsDiffers || floats.length === 0) return;
    if (floats.some((h) => h.data.length === 0 || Array.from(h.data).some((v) => !Number.isFinite(v)))) return;
    if (opts.only && !opts.only(c.label, inputs)) return;
    cases.push({ label: c.label, inputs, call: c.call ?? spec.call, tfjsCall: c.tfjsCall, fd: opts.fd?.(c.label, inputs) });
  });
  cases.push(...(opts.extra ?? []));
  return { name: opts.name ?? spec.name, ops: spec.ops, cases, tol: opts.tol ?? spec.tol };
}

// ---------------------------------------------------------------------------------------------------------------
// Running

type AnyTensor = { shape: number[]; dtype: string; dataSync(): ArrayLike<number>; dispose(): void };

function isFloatOut(t: AnyTensor): boolean {
  return t.dtype === 'float32' || t.dtype === 'float64';
}

/** The float outputs of a call, flattened in the harness's order (keys sorted, arrays in order). */
function floatOutputs(y: unknown): AnyTensor[] {
  return flattenOut(y)
    .map(([, t]) => t as AnyTensor)
    .filter(isFloatOut);
}

/** Seeded weights in [-1, 1), one array per float output (the same for both libraries and for the FD check). */
function weightsFor(shapes: number[][], seed: number): Float32Array[] {
  const rng = new SeededRandom(seed);
  return shapes.map((s) => Float32Array.from({ length: sizeOf(s) }, () => rng.next() * 2 - 1));
}

/** Σ_k sum(y_k · w_k) in `lib`, with the weights in `dtype`. */
function weightedSum(lib: any, y: unknown, weights: Float32Array[], dtype: string): any {
  const outs = floatOutputs(y);
  if (outs.length !== weights.length) throw new Error(`the call returned ${outs.length} float outputs, expected ${weights.length}`);
  let total: any = null;
  outs.forEach((o, k) => {
    // A float32 result inside the finite-difference check would make its differences meaningless.
    if (o.dtype !== dtype) throw new Error(`output ${k} is ${o.dtype}, not ${dtype}`);
    const w = lib.tensor(dtype === 'float64' ? Float64Array.from(weights[k]!) : weights[k]!.slice(), [...o.shape], dtype);
    const term = lib.sum(lib.mul(o, w));
    total = total === null ? term : lib.add(total, term);
  });
  return total;
}

const toResult = (t: AnyTensor): Result => ({ shape: [...t.shape], dtype: t.dtype, values: Array.from(t.dataSync(), Number) });

/** Gradients of the weighted sum with respect to the `wrt` inputs, read back as plain arrays. */
export function gradsOn(which: 'tfjs' | 'tessera', call: Call, inputs: Host[], wrt: number[], weights: Float32Array[]): [string, Result][] {
  const lib: any = which === 'tfjs' ? tf : tesseraLib;
  const tidy = which === 'tfjs' ? (fn: () => void) => void tf.tidy(fn) : (fn: () => void) => void tessera.tidy(fn);
  // Both take f and return (xs) => gradients; one untyped handle serves both, as `Lib` does for the ops.
  const take = (which === 'tfjs' ? tf.grads : tesseraGrads) as unknown as (f: (...a: any[]) => any) => (xs: unknown[]) => AnyTensor[];
  let out: [string, Result][] = [];
  tidy(() => {
    const xs = inputs.map((h) => lib.tensor(h.data.slice(), [...h.shape], h.dtype));
    const f = (...ws: unknown[]) => {
      const args = xs.map((x, i) => (wrt.includes(i) ? ws[wrt.indexOf(i)] : x));
      return weightedSum(lib, call(lib, ...args), weights, 'float32');
    };
    const gs = take(f)(wrt.map((i) => xs[i]));
    out = gs.map((g, k): [string, Result] => [`d${wrt[k]}`, toResult(g)]);
  });
  return out;
}

/** Float output shapes of the call on Tessera (to size the weights). */
function outputShapes(call: Call, inputs: Host[]): number[][] {
  let shapes: number[][] = [];
  tessera.tidy(() => {
    const xs = inputs.map((h) => tesseraLib.tensor(h.data.slice(), [...h.shape], h.dtype));
    shapes = floatOutputs(call(tesseraLib, ...xs)).map((t) => [...t.shape]);
  });
  return shapes;
}

/** Central differences of the weighted sum, in float64 on Tessera's CPU backend (step 1e-6·max(1, |x|)). */
export function finiteDifferences(call: Call, inputs: Host[], wrt: number[], weights: Float32Array[]): [string, Result][] {
  const base = inputs.map((h) => (isFloatHost(h) ? Float64Array.from(h.data) : h.data));
  const evalAt = (i: number, j: number, delta: number): number => {
    let v = NaN;
    tessera.tidy(() => {
      const xs = inputs.map((h, q) => {
        if (!isFloatHost(h)) return tesseraLib.tensor(h.data.slice(), [...h.shape], h.dtype);
        const d = Float64Array.from(base[q]!);
        if (q === i) d[j] = d[j]! + delta;
        return tesseraLib.tensor(d, [...h.shape], 'float64');
      });
      v = weightedSum(tesseraLib, call(tesseraLib, ...xs), weights, 'float64').dataSync()[0];
    });
    return v;
  };
  return wrt.map((i): [string, Result] => {
    const x = base[i]!;
    const values = Array.from(x, (xv, j) => {
      const h = 1e-6 * Math.max(1, Math.abs(xv));
      return (evalAt(i, j, h) - evalAt(i, j, -h)) / (2 * h);
    });
    return [`d${i}`, { shape: [...inputs[i]!.shape], dtype: 'float32', values }];
  });
}

function describeError(e: unknown): string {
  return e instanceof Error ? e.message.split('\n')[0]! : String(e);
}

/** Runs every case of a gradient spec and returns the problems found, each prefixed with its case label. */
export function runGradSpec(spec: GradSpec): string[] {
  for (const op of spec.ops ?? [spec.name]) {
    let obj: unknown = tessera;
    for (const p of op.split('.')) {
      if (typeof obj !== 'object' || obj === null || !(p in obj)) return [`${op}: not implemented in Tessera yet`];
      obj = (obj as Record<string, unknown>)[p];
    }
  }
  const rng = new SeededRandom(hashName(`grad ${spec.name}`));
  const problems: string[] = [];
  if (spec.cases.length === 0) return [`${spec.name}: no gradient cases`];
  spec.cases.forEach((c, n) => {
    const label = `${spec.name} ${c.label}`;
    const inputs = c.inputs.map((g) => (typeof g === 'function' ? g(rng) : g));
    const wrt = c.wrt ?? inputs.map((h, i) => (isFloatHost(h) ? i : -1)).filter((i) => i >= 0);
    const tol = c.tol ?? spec.tol ?? DEFAULT_TOL;
    const before = tensorCounts();
    let ours: [string, Result][];
    let weights: Float32Array[];
    try {
      weights = weightsFor(outputShapes(c.call, inputs), hashName(`${label} ${n}`));
      ours = gradsOn('tessera', c.call, inputs, wrt, weights);
    } catch (e) {
      problems.push(`${label}: Tessera threw: ${describeError(e)}`);
      return;
    }
    // Each gradient has its input's shape and dtype.
    ours.forEach(([k, r], q) => {
      const x = inputs[wrt[q]!]!;
      if (fmt(r.shape) !== fmt(x.shape) || r.dtype !== 'float32') problems.push(`${label}: ${k} is ${r.dtype} ${fmt(r.shape)}, input is float32 ${fmt(x.shape)}`);
    });
    let theirs: [string, Result][] | Error = new Error('not run');
    if (c.fd?.tfjs !== 'skip') {
      try {
        theirs = gradsOn('tfjs', c.tfjsCall ?? c.call, inputs, wrt, weights);
      } catch (e) {
        theirs = e instanceof Error ? e : new Error(String(e));
      }
    }
    const after = tensorCounts();
    if (after.tessera !== before.tessera) problems.push(`${label}: Tessera leaked ${after.tessera - before.tessera} tensors`);
    // When tfjs's backward pass throws it leaves the tensors its tape saved behind: that is tfjs, not the spec.
    if (after.tfjs !== before.tfjs && !(theirs instanceof Error)) problems.push(`${label}: tfjs leaked ${after.tfjs - before.tfjs} tensors (spec bug)`);
    if (!c.fd) {
      if (theirs instanceof Error) problems.push(`${label}: tfjs threw (fix the spec, or compare by finite differences): ${describeError(theirs)}`);
      else for (const p of compareResults(ours, theirs, tol)) problems.push(`${label}: ${p}`);
      return;
    }
    const numeric = finiteDifferences(c.call, inputs, wrt, weights);
    if (tensorCounts().tessera !== before.tessera) problems.push(`${label}: the finite-difference check leaked Tessera tensors`);
    for (const p of compareResults(ours, numeric, tol)) problems.push(`${label} (vs float64 finite differences): ${p}`);
    // The note is revisited when tfjs changes: it must still throw, or still be wrong.
    if (c.fd.tfjs === 'throws' && !(theirs instanceof Error)) {
      problems.push(`${label}: tfjs no longer throws; compare with tfjs instead (${c.fd.why})`);
    } else if (c.fd.tfjs === 'wrong') {
      if (theirs instanceof Error) problems.push(`${label}: tfjs now throws (${describeError(theirs)}); the note says it is wrong (${c.fd.why})`);
      else if (compareResults(theirs, numeric, tol).length === 0) problems.push(`${label}: tfjs's gradient is now right; compare with tfjs instead (${c.fd.why})`);
    }
  });
  return problems;
}
