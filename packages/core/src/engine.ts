import type { AnyBackend } from './backend/spec.js';
import { bytesPerElement } from './dtype.js';
import type { Tensor, Storage } from './tensor.js';

/**
 * Process-wide state: the backend registry, tidy scopes, live-tensor accounting and the dispatch hook.
 * Nothing here runs at import time beyond creating empty containers.
 */
export interface OpCall {
  readonly name: string;
  readonly inputs: readonly Tensor[];
  readonly attrs: Readonly<Record<string, unknown>>;
  /** Gradient rule declared with the op; absent when the op is a composition that autograd walks through. */
  readonly grad?: GradFn;
}

export interface GradContext {
  readonly inputs: readonly Tensor[];
  readonly outputs: readonly Tensor[];
  readonly attrs: Readonly<Record<string, unknown>>;
}

/** Returns one gradient per input (null where the input gets none), given one upstream gradient per output. */
export type GradFn = (dys: readonly Tensor[], ctx: GradContext) => readonly (Tensor | null)[];

/** Installed by autograd (or a tracer) around every op: it must call `run` exactly once and return its result. */
export type OpHook = (call: OpCall, run: () => Tensor[]) => Tensor[];

class EngineState {
  backends = new Map<string, AnyBackend>();
  current: AnyBackend | null = null;
  scopes: Set<Tensor>[] = [];
  liveTensors = new Set<Tensor>();
  liveStorages = new Set<Storage>();
  hooks: OpHook[] = [];
  nextTensorId = 0;
  /** How many runOp calls are on the stack. */
  opDepth = 0;
}

const GLOBAL_KEY = Symbol.for('@tessera/core/engine');
type GlobalWithEngine = typeof globalThis & { [GLOBAL_KEY]?: EngineState };

/** One engine per process, even if two copies of @tessera/core are loaded (their tensors still won't mix). */
export function engine(): EngineState {
  const g = globalThis as GlobalWithEngine;
  return (g[GLOBAL_KEY] ??= new EngineState());
}

// ---------------------------------------------------------------------------------------------------------------
// Backends

/** Registers a backend and makes it the default for new tensors. Accepts a factory's promise as well. */
export async function setBackend(backend: AnyBackend | Promise<AnyBackend>): Promise<AnyBackend> {
  const b = await backend;
  registerBackend(b);
  engine().current = b;
  return b;
}

/** Makes a backend available by name (for `moveTo`) without making it the default. */
export function registerBackend(backend: AnyBackend): void {
  if (!backend || backend.specificationVersion !== 'v1') {
    throw new TypeError(
      `setBackend: invalid value for argument \`backend\`. Expected a Tessera backend with specificationVersion 'v1' (for example cpu() from @tessera/backend-cpu). Received: ${describe(backend)}`,
    );
  }
  const e = engine();
  const existing = e.backends.get(backend.name);
  if (existing && existing !== backend) {
    throw new Error(
      `setBackend: a different backend named '${backend.name}' is already registered. Call removeBackend('${backend.name}') first.`,
    );
  }
  e.backends.set(backend.name, backend);
}

/** The default backend, or the one registered under `name`. */
export function getBackend(name?: string): AnyBackend {
  const e = engine();
  if (name !== undefined) {
    const b = e.backends.get(name);
    if (!b) {
      throw new Error(
        `getBackend: no backend named '${name}' is registered. Registered: ${[...e.backends.keys()].join(', ') || 'none'}.`,
      );
    }
    return b;
  }
  if (!e.current) {
    throw new Error(
      'No backend is set. Install one (npm install @tessera/backend-cpu) and call `await setBackend(cpu())` before using any op.',
    );
  }
  return e.current;
}

/** The id the next tensor will get: tensors with smaller ids existed before this call. */
export function nextTensorId(): number {
  return engine().nextTensorId;
}

export function listBackends(): string[] {
  return [...engine().backends.keys()];
}

/** Unregisters and disposes a backend; its tensors become unusable. */
export function removeBackend(name: string): void {
  const e = engine();
  const b = e.backends.get(name);
  if (!b) return;
  for (const t of [...e.liveTensors]) if (t.backend === b) t.dispose();
  e.backends.delete(name);
  if (e.current === b) e.current = null;
  b.dispose();
}

// ---------------------------------------------------------------------------------------------------------------
// Tracking and tidy

export function trackTensor(t: Tensor): void {
  const e = engine();
  e.liveTensors.add(t);
  const scope = e.scopes[e.scopes.length - 1];
  if (scope && !t.kept) scope.add(t);
}

export function untrackTensor(t: Tensor): void {
  const e = engine();
  e.liveTensors.delete(t);
  const scope = e.scopes[e.scopes.length - 1];
  scope?.delete(t);
}

export type TensorContainer = Tensor | void | undefined | null | number | string | boolean | TensorContainer[] | { [k: string]: TensorContainer };

/**
 * Runs `fn` and disposes every tensor it created, except those it returns (in arrays or plain objects) and those
 * passed to `keep`. The returned tensors belong to the enclosing scope.
 */
export function tidy<T extends TensorContainer>(fn: () => T): T;
export function tidy<T extends TensorContainer>(name: string, fn: () => T): T;
export function tidy<T extends TensorContainer>(nameOrFn: string | (() => T), maybeFn?: () => T): T {
  const fn = typeof nameOrFn === 'function' ? nameOrFn : maybeFn;
  if (typeof fn !== 'function') {
    throw new TypeError(`tidy: invalid value for argument \`fn\`. Expected a function. Received: ${describe(fn)}`);
  }
  const e = engine();
  const scope = new Set<Tensor>();
  e.scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } catch (err) {
    e.scopes.pop();
    for (const t of scope) t.dispose();
    throw err;
  }
  e.scopes.pop();
  if (result && typeof (result as { then?: unknown }).then === 'function') {
    for (const t of scope) t.dispose();
    throw new TypeError('tidy: `fn` returned a Promise. tidy only works with synchronous functions; await outside it.');
  }
  const returned = new Set<Tensor>();
  collectTensors(result, returned);
  const parent = e.scopes[e.scopes.length - 1];
  for (const t of scope) {
    if (returned.has(t)) parent?.add(t);
    else t.dispose();
  }
  return result;
}

function collectTensors(x: unknown, out: Set<Tensor>): void {
  if (x === null || typeof x !== 'object') return;
  if (isTensorLikeObject(x)) {
    out.add(x as Tensor);
    return;
  }
  if (Array.isArray(x)) for (const v of x) collectTensors(v, out);
  else if (Object.getPrototypeOf(x) === Object.prototype) for (const v of Object.values(x)) collectTensors(v, out);
}

function isTensorLikeObject(x: object): boolean {
  return (x as { isTesseraTensor?: boolean }).isTesseraTensor === true;
}

/** Keeps a tensor alive past the enclosing tidy scopes; it must then be disposed explicitly. */
export function keep<T extends Tensor>(t: T): T {
  t.kept = true;
  for (const scope of engine().scopes) scope.delete(t);
  return t;
}

/** Disposes every tensor found in a tensor, array or plain object. */
export function dispose(container: TensorContainer): void {
  const found = new Set<Tensor>();
  collectTensors(container, found);
  for (const t of found) t.dispose();
}

export interface MemoryInfo {
  numTensors: number;
  /** Bytes held by live tensor storage (shared storage counted once). */
  numBytes: number;
  numDataBuffers: number;
  backends: Record<string, { numTensors: number; numBytes: number; numDataBuffers: number; backend: unknown }>;
}

export function memory(): MemoryInfo {
  const e = engine();
  const backends: MemoryInfo['backends'] = {};
  for (const [name, b] of e.backends) {
    backends[name] = { numTensors: 0, numBytes: 0, numDataBuffers: 0, backend: b.memory() };
  }
  for (const t of e.liveTensors) {
    const entry = backends[t.backend.name];
    if (entry) entry.numTensors++;
  }
  let numBytes = 0;
  for (const s of e.liveStorages) {
    const bytes = s.size * bytesPerElement(s.dtype);
    numBytes += bytes;
    const entry = backends[s.backend.name];
    if (entry) {
      entry.numBytes += bytes;
      entry.numDataBuffers++;
    }
  }
  return { numTensors: e.liveTensors.size, numBytes, numDataBuffers: e.liveStorages.size, backends };
}

// ---------------------------------------------------------------------------------------------------------------
// Dispatch

/** Adds a hook around every op (autograd's tape, tracers). Returns a function that removes it. */
export function addOpHook(hook: OpHook): () => void {
  const e = engine();
  e.hooks.push(hook);
  return () => {
    const i = e.hooks.indexOf(hook);
    if (i >= 0) e.hooks.splice(i, 1);
  };
}

/**
 * The one entry point every public op goes through. `forward` computes the outputs; hooks see the call and its
 * outputs (innermost hook nearest the op).
 */
export function runOp<T extends Tensor | Tensor[]>(call: OpCall, forward: () => T): T {
  const e = engine();
  e.opDepth++;
  let out: T;
  try {
    out = runHooked(call, forward);
  } finally {
    e.opDepth--;
  }
  // Tensors an op made from plain numbers or arrays belong to it: free them once that op, called from user code,
  // is done (autograd keeps its own aliases of whatever a gradient needs). Conversions made by a composite
  // function for its inner ops carry the composite's name, so inner ops never free them early.
  if (e.opDepth === 0) {
    const outs = new Set(Array.isArray(out) ? out : [out]);
    for (const t of call.inputs) if (t.converted === call.name && !outs.has(t)) t.dispose();
  }
  return out;
}

function runHooked<T extends Tensor | Tensor[]>(call: OpCall, forward: () => T): T {
  const hooks = engine().hooks;
  if (hooks.length === 0) return forward();
  let single = false;
  const base = (): Tensor[] => {
    const r = forward();
    if (Array.isArray(r)) return r;
    single = true;
    return [r];
  };
  let run = base;
  for (const hook of hooks) {
    const inner = run;
    run = () => hook(call, inner);
  }
  const out = run();
  return (single ? out[0] : out) as T;
}

export function describe(x: unknown): string {
  if (x === null) return 'null';
  if (x === undefined) return 'undefined';
  if (typeof x === 'object' && (x as { isTesseraTensor?: boolean }).isTesseraTensor) {
    const t = x as Tensor;
    return `Tensor(${t.dtype}, [${t.shape.join(',')}])`;
  }
  if (Array.isArray(x)) return `array of length ${x.length}`;
  if (typeof x === 'object') return (x as object).constructor?.name ?? 'object';
  return `${typeof x} ${String(x)}`;
}
