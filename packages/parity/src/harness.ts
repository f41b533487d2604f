import * as tf from '@tensorflow/tfjs';
import * as tessera from '@tessera/core';
import { SeededRandom, sizeOf } from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';

/**
 * The parity harness: each op spec builds seeded host inputs, runs the same call on TensorFlow.js 4.22 (CPU
 * backend) and on Tessera, reads both results back as plain arrays and compares shape, dtype and values.
 */

export type DT = 'float32' | 'int32' | 'bool';
export type HostData = Float32Array | Int32Array | Uint8Array;

/** A host tensor: what both libraries receive (each gets its own copy of `data`). */
export interface Host {
  shape: number[];
  dtype: DT;
  data: HostData;
}

/** One result read back from a library, or computed by a reference. */
export interface Result {
  shape: number[];
  dtype: string;
  values: number[];
}

/** Builds one input from the spec's seeded generator. */
export type Gen = (rng: SeededRandom) => Host;

/**
 * Either library's namespace. The APIs are meant to be identical, so one untyped handle serves both; a property
 * Tessera lacks is reported as "not implemented in Tessera yet" (see `tesseraLib`).
 */
export type Lib = any;
export type Call = (lib: Lib, ...xs: any[]) => unknown;

/** A per-op tolerance; `why` is required so every loosening is justified where it is declared. */
export interface Tolerance {
  rtol: number;
  atol: number;
  why: string;
}

/**
 * tfjs is known to be wrong here: Tessera is compared with `expected` (TensorFlow/Keras semantics), and the suite
 * checks tfjs still differs, so the note is revisited if tfjs is fixed.
 */
export interface TfjsDiffers {
  why: string;
  expected: (...inputs: Host[]) => Result | Result[];
}

export interface Case {
  label: string;
  inputs: Gen[];
  /** Replaces the spec's call for this case (other arguments, strided views...). */
  call?: Call;
  tol?: Tolerance;
  tfjsDiffers?: TfjsDiffers;
  /** tfjs lacks this form of the op: it runs this equivalent composition instead (say why at the case). */
  tfjsCall?: Call;
  /** Also checks Tessera against a float64 reference (tfjs is still compared with Tessera as usual). */
  reference?: { why: string; expected: (...inputs: Host[]) => Result | Result[]; tol: Tolerance };
}

export interface OpSpec {
  /** The op as both libraries export it (`fused.matMul` for nested names); the test is named after it. */
  name: string;
  call: Call;
  cases: Case[];
  tol?: Tolerance;
  /** The Tessera ops the spec needs, when its name is not one (default: [name]). */
  ops?: string[];
  /** The call returns a promise (whereAsync...): it runs outside tidy, and inputs and outputs are disposed after. */
  async?: boolean;
}

/** float32 default: 1e-5 relative, 1e-6 absolute (from the project's parity requirement). */
export const DEFAULT_TOL: Tolerance = { rtol: 1e-5, atol: 1e-6, why: 'default float32 tolerance' };

// ---------------------------------------------------------------------------------------------------------------
// Backends

export async function setupBackends(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
  // One engine per process: reuse the registered CPU backend if another file in this worker set it up.
  if (tessera.listBackends().includes('cpu')) await tessera.setBackend(tessera.getBackend('cpu'));
  else await tessera.setBackend(cpu());
}

/** Tessera's namespace, reporting missing ops clearly instead of "lib.x is not a function". */
export const tesseraLib: Lib = new Proxy(tessera, {
  get(target, prop, receiver) {
    if (typeof prop === 'string' && !(prop in target)) throw new NotImplemented(prop);
    return Reflect.get(target, prop, receiver);
  },
});

export class NotImplemented extends Error {
  constructor(op: string) {
    super(`${op}: not implemented in Tessera yet`);
  }
}

/** Live tensor counts of both libraries (checked around every case and at the end of each file). */
export function tensorCounts(): { tessera: number; tfjs: number } {
  return { tessera: tessera.memory().numTensors, tfjs: tf.memory().numTensors };
}

// ---------------------------------------------------------------------------------------------------------------
// Seeded inputs

function fill<T extends HostData>(arr: T, f: () => number): T {
  for (let i = 0; i < arr.length; i++) arr[i] = f();
  return arr;
}

/** Uniform float32 in [lo, hi). */
export const U =
  (shape: number[], lo = -3, hi = 3): Gen =>
  (rng) => ({ shape, dtype: 'float32', data: fill(new Float32Array(sizeOf(shape)), () => lo + (hi - lo) * rng.next()) });

/** Normal float32. */
export const N =
  (shape: number[], std = 1, mean = 0): Gen =>
  (rng) => ({ shape, dtype: 'float32', data: fill(new Float32Array(sizeOf(shape)), () => mean + std * rng.normal()) });

/** Float32 with |x| in [min, max), random sign: divisors and reciprocals stay away from 0. */
export const Away =
  (shape: number[], min = 0.25, max = 3): Gen =>
  (rng) => ({
    shape,
    dtype: 'float32',
    data: fill(new Float32Array(sizeOf(shape)), () => (rng.next() < 0.5 ? -1 : 1) * (min + (max - min) * rng.next())),
  });

/** Integers in [lo, hi) as int32, or as float32 when `dtype` says so (to produce ties and exact halves). */
export const I =
  (shape: number[], lo = -5, hi = 5, dtype: 'int32' | 'float32' = 'int32'): Gen =>
  (rng) => {
    const data = dtype === 'int32' ? new Int32Array(sizeOf(shape)) : new Float32Array(sizeOf(shape));
    return { shape, dtype, data: fill(data, () => lo + rng.nextInt(hi - lo)) };
  };

/** Random booleans. */
export const B =
  (shape: number[], pTrue = 0.5): Gen =>
  (rng) => ({ shape, dtype: 'bool', data: fill(new Uint8Array(sizeOf(shape)), () => (rng.next() < pTrue ? 1 : 0)) });

/** Fixed values. */
export const V =
  (shape: number[], values: number[], dtype: DT = 'float32'): Gen =>
  () => {
    if (values.length !== sizeOf(shape)) throw new Error(`V: ${values.length} values for shape [${shape}]`);
    const data = dtype === 'float32' ? new Float32Array(values) : dtype === 'int32' ? new Int32Array(values) : new Uint8Array(values);
    return { shape, dtype, data };
  };

/** Edge values for elementwise ops: NaN, infinities, signed zeros, exact halves, tiny and huge magnitudes. */
export const SPECIALS = [NaN, Infinity, -Infinity, 0, -0, 1, -1, 0.5, -0.5, 1.5, 2.5, -2.5, 3.5, 1e-30, -1e-30, 1e30, -1e30, 1e-45];

export const fmt = (shape: readonly number[]): string => `[${shape.join(',')}]`;

/** Float32 rounding of a reference value, as both libraries store results. */
export const f32 = Math.fround;

/** A reference result with the shape of `x` and values `f(x_i)` (float32 unless told). */
export function mapHost(x: Host, f: (v: number, i: number) => number, dtype: string = 'float32'): Result {
  return { shape: [...x.shape], dtype, values: Array.from(x.data, (v, i) => f(v, i)) };
}

// ---------------------------------------------------------------------------------------------------------------
// Running and comparing

function isTensorLike(v: unknown): v is { shape: number[]; dtype: string; dataSync(): ArrayLike<number>; dispose(): void } {
  return typeof v === 'object' && v !== null && 'dataSync' in v && 'shape' in v && 'dtype' in v;
}

/** Tensors in a result: a tensor, an array of them, or an object of them (keys sorted, so both sides agree). */
export function flattenOut(y: unknown, key = ''): [string, ReturnType<typeof asTensor>][] {
  if (isTensorLike(y)) return [[key || 'out', asTensor(y)]];
  if (Array.isArray(y)) return y.flatMap((v, i) => flattenOut(v, `${key}[${i}]`));
  if (typeof y === 'object' && y !== null) {
    return Object.keys(y)
      .sort()
      .flatMap((k) => flattenOut((y as Record<string, unknown>)[k], key ? `${key}.${k}` : k));
  }
  throw new Error(`the call returned ${String(y)}, not tensors`);
}

function asTensor(v: unknown) {
  return v as { shape: number[]; dtype: string; dataSync(): ArrayLike<number>; dispose(): void };
}

/** Runs `call` on fresh copies of the inputs inside the library's tidy and reads every output as plain arrays. */
export function runOn(which: 'tfjs' | 'tessera', call: Call, inputs: Host[]): [string, Result][] {
  const lib = which === 'tfjs' ? tf : tesseraLib;
  const tidy = scopeOf(which);
  let out: [string, Result][] = [];
  tidy(() => {
    const xs = inputs.map((h) => lib.tensor(h.data.slice(), [...h.shape], h.dtype));
    const tensors = flattenOut(call(lib, ...xs));
    out = tensors.map(([k, t]) => [k, { shape: [...t.shape], dtype: t.dtype, values: Array.from(t.dataSync(), Number) }]);
    // Outputs that tidy does not own (variables) are disposed here; disposing twice is harmless in both.
    for (const [, t] of tensors) t.dispose();
  });
  return out;
}

/** The library's tidy, for a scope that returns nothing (results leave it as plain arrays). */
export function scopeOf(which: 'tfjs' | 'tessera'): (fn: () => void) => void {
  return which === 'tfjs' ? (fn) => void tf.tidy(fn) : (fn) => void tessera.tidy(fn);
}

/** `runOn` for async ops: tidy cannot span an await, so inputs and outputs are disposed explicitly. */
export async function runOnAsync(which: 'tfjs' | 'tessera', call: Call, inputs: Host[]): Promise<[string, Result][]> {
  const lib = which === 'tfjs' ? tf : tesseraLib;
  const xs = inputs.map((h) => lib.tensor(h.data.slice(), [...h.shape], h.dtype));
  try {
    const tensors = flattenOut(await call(lib, ...xs));
    const out = tensors.map(([k, t]): [string, Result] => [k, { shape: [...t.shape], dtype: t.dtype, values: Array.from(t.dataSync(), Number) }]);
    for (const [, t] of tensors) t.dispose();
    return out;
  } finally {
    for (const x of xs) x.dispose();
  }
}

function close(a: number, e: number, tol: Tolerance): boolean {
  if (Number.isNaN(e)) return Number.isNaN(a);
  if (!Number.isFinite(e)) return a === e;
  return Math.abs(a - e) <= tol.atol + tol.rtol * Math.abs(e);
}

/** Problems with `actual` against `expected` (empty when they agree). Integer and bool values must be exact. */
export function compareResults(actual: [string, Result][], expected: [string, Result][], tol: Tolerance): string[] {
  const problems: string[] = [];
  const ka = actual.map(([k]) => k).join(' ');
  const ke = expected.map(([k]) => k).join(' ');
  if (ka !== ke) return [`outputs differ: got (${ka}), expected (${ke})`];
  actual.forEach(([k, a], n) => {
    const e = expected[n]![1];
    const where = actual.length > 1 ? `${k}: ` : '';
    if (fmt(a.shape) !== fmt(e.shape)) return problems.push(`${where}shape ${fmt(a.shape)}, expected ${fmt(e.shape)}`);
    if (a.dtype !== e.dtype) problems.push(`${where}dtype ${a.dtype}, expected ${e.dtype}`);
    if (a.values.length !== e.values.length) {
      return problems.push(`${where}${a.values.length} values, expected ${e.values.length} (shape ${fmt(e.shape)})`);
    }
    const exact = e.dtype !== 'float32';
    const bad: string[] = [];
    let count = 0;
    e.values.forEach((ev, i) => {
      const av = a.values[i]!;
      if (exact ? av === ev || (Number.isNaN(av) && Number.isNaN(ev)) : close(av, ev, tol)) return;
      count++;
      if (bad.length < 4) bad.push(`[${i}] ${av} vs ${ev} (diff ${Math.abs(av - ev).toPrecision(3)})`);
    });
    if (count) problems.push(`${where}${count}/${e.values.length} values differ: ${bad.join(', ')}`);
    return undefined;
  });
  return problems;
}

function asList(r: Result | Result[]): [string, Result][] {
  return Array.isArray(r) ? r.map((x, i) => [`[${i}]`, x]) : [['out', r]];
}

function describeError(e: unknown): string {
  return e instanceof Error ? e.message.split('\n')[0]! : String(e);
}

/** Runs every case of a spec and returns the problems found, each prefixed with its case label. */
export async function runSpec(spec: OpSpec, seed = hashName(spec.name)): Promise<string[]> {
  const run = spec.async ? runOnAsync : async (w: 'tfjs' | 'tessera', call: Call, inputs: Host[]) => runOn(w, call, inputs);
  const problems: string[] = [];
  for (const op of spec.ops ?? [spec.name]) {
    let obj: unknown = tessera;
    for (const p of op.split('.')) {
      if (typeof obj !== 'object' || obj === null || !(p in obj)) return [`${op}: not implemented in Tessera yet`];
      obj = (obj as Record<string, unknown>)[p];
    }
  }
  const allInputs = specInputs(spec, seed);
  for (const [n, c] of spec.cases.entries()) {
    const inputs = allInputs[n]!;
    const call = c.call ?? spec.call;
    const tol = c.tol ?? spec.tol ?? DEFAULT_TOL;
    const label = `${spec.name} ${c.label}`;
    const before = tensorCounts();
    let ours: [string, Result][];
    let theirs: [string, Result][] | Error;
    try {
      ours = await run('tessera', call, inputs);
    } catch (e) {
      problems.push(`${label}: Tessera threw: ${describeError(e)}`);
      continue;
    }
    try {
      theirs = await run('tfjs', c.tfjsCall ?? call, inputs);
    } catch (e) {
      // Where tfjs is known to be wrong, throwing is one way of being wrong; elsewhere the spec is at fault.
      if (!c.tfjsDiffers) {
        problems.push(`${label}: tfjs threw (fix the spec): ${describeError(e)}`);
        continue;
      }
      theirs = e instanceof Error ? e : new Error(String(e));
    }
    const after = tensorCounts();
    if (after.tessera !== before.tessera) problems.push(`${label}: Tessera leaked ${after.tessera - before.tessera} tensors`);
    if (after.tfjs !== before.tfjs) problems.push(`${label}: tfjs leaked ${after.tfjs - before.tfjs} tensors (spec bug)`);
    if (c.tfjsDiffers) {
      const expected = asList(c.tfjsDiffers.expected(...inputs));
      for (const p of compareResults(ours, expected, tol)) problems.push(`${label} (vs the correct value): ${p}`);
      if (!(theirs instanceof Error) && compareResults(theirs, expected, tol).length === 0) {
        problems.push(`${label}: tfjs now gives the correct value; drop the tfjsDiffers note (${c.tfjsDiffers.why})`);
      }
    } else if (!(theirs instanceof Error)) {
      for (const p of compareResults(ours, theirs, tol)) problems.push(`${label}: ${p}`);
    }
    if (c.reference) {
      const expected = asList(c.reference.expected(...inputs));
      for (const p of compareResults(ours, expected, c.reference.tol)) problems.push(`${label} (vs the float64 reference): ${p}`);
    }
  }
  return problems;
}

/** The host inputs of every case, as `runSpec` generates them (one seeded stream per spec, in case order). */
export function specInputs(spec: OpSpec, seed = hashName(spec.name)): Host[][] {
  const rng = new SeededRandom(seed);
  return spec.cases.map((c) => c.inputs.map((g) => g(rng)));
}

/** A stable seed per spec name, so adding a spec never changes another spec's inputs. */
export function hashName(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619) >>> 0;
  return h;
}
