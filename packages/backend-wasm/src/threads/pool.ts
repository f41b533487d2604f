import type { Executor } from '../backend.js';
import type { KernelExports, KernelName } from '../module.js';
import { ARGS, DONE, FAILED, FN, IDLE, JOB, KERNEL_FNS, MSG, MSG_LEN, SLOT_WORDS, STATE, STOP } from './protocol.js';
import { browserWorkerSource, nodeWorkerSource } from './worker-source.js';

/** The handle of one worker, whatever the platform. */
interface WorkerHandle {
  post(message: unknown): void;
  terminate(): void;
}

interface Slot {
  index: number;
  handle: WorkerHandle;
  alive: boolean;
}

const isNode = () => typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';

/** Whether this thread may block in Atomics.wait (not a browser's main thread). */
function canBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

type Notice = (message: string) => void;

/**
 * Kernel tasks spread over the calling thread and `workers` worker threads sharing the linear memory. Task 0
 * runs on the caller, task k on worker k-1; the caller waits for all of them. A worker that fails a task makes
 * the kernel throw with its message; a worker that exits is reported once and the rest carry on; one that does
 * not finish within `timeoutMs` is stopped and reported, never waited on forever.
 */
export class ThreadPool implements Executor {
  private readonly ctrl: Int32Array;
  private readonly slots: Slot[] = [];
  private readonly blocking = canBlock();
  private disposed = false;

  private constructor(
    workers: number,
    private readonly timeoutMs: number,
    private readonly notice: Notice,
  ) {
    this.ctrl = new Int32Array(new SharedArrayBuffer(Math.max(1, workers) * SLOT_WORDS * 4));
  }

  static async create(module: WebAssembly.Module, memory: WebAssembly.Memory, workers: number, timeoutMs: number, notice: Notice): Promise<ThreadPool> {
    const pool = new ThreadPool(workers, timeoutMs, notice);
    const ready: Promise<void>[] = [];
    for (let i = 0; i < workers; i++) ready.push(pool.spawn(i, module, memory));
    try {
      await Promise.all(ready);
    } catch (err) {
      pool.dispose();
      throw err;
    }
    return pool;
  }

  /** Threads in use: the caller plus the live workers. */
  get threads(): number {
    return 1 + this.slots.filter((s) => s.alive).length;
  }

  private async spawn(index: number, module: WebAssembly.Module, memory: WebAssembly.Memory): Promise<void> {
    const init = { module, memory, control: this.ctrl.buffer, slot: index };
    const slot: Slot = { index, handle: { post() {}, terminate() {} }, alive: true };
    this.slots.push(slot);
    await new Promise<void>((resolve, reject) => {
      let started = false;
      let ready = () => {};
      const onMessage = (m: { ready?: boolean; error?: string }) => {
        if (m.ready) {
          started = true;
          ready();
          resolve();
        } else if (m.error) reject(new Error(`wasm: worker thread ${index + 1} could not start: ${m.error}`));
      };
      const onGone = (why: string) => {
        if (!started) reject(new Error(`wasm: worker thread ${index + 1} could not start: ${why}`));
        else this.lost(slot, why);
      };
      if (isNode()) {
        void import('node:worker_threads').then(({ Worker }) => {
          const w = new Worker(nodeWorkerSource(), { eval: true });
          w.on('message', onMessage);
          w.on('error', (e: Error) => onGone(`it threw ${e.message}`));
          w.on('exit', (code: number) => onGone(`it exited with code ${code}`));
          slot.handle = { post: (msg) => w.postMessage(msg), terminate: () => void w.terminate() };
          // Idle workers must not keep the process alive: unref once started (and after the listeners, since
          // adding one refs the worker again).
          ready = () => w.unref();
          w.postMessage(init);
        }, reject);
      } else {
        const url = URL.createObjectURL(new Blob([browserWorkerSource()], { type: 'text/javascript' }));
        const w = new Worker(url);
        URL.revokeObjectURL(url);
        w.onmessage = (e: MessageEvent) => onMessage(e.data as { ready?: boolean; error?: string });
        w.onerror = (e: ErrorEvent) => onGone(`it threw ${e.message}`);
        slot.handle = { post: (msg) => w.postMessage(msg), terminate: () => w.terminate() };
        w.postMessage(init);
      }
    });
  }

  /** A worker is gone: report it once; later kernels run on the threads left. */
  private lost(slot: Slot, why: string): void {
    if (!slot.alive || this.disposed) return;
    slot.alive = false;
    slot.handle.terminate();
    this.notice(`wasm backend: worker thread ${slot.index + 1} stopped (${why}); continuing with ${this.threads} thread(s).`);
  }

  run(exports: KernelExports, fn: KernelName, P: number, scratch: readonly number[], tasks: readonly (readonly number[])[]): void {
    const f = exports[fn] as (...args: number[]) => void;
    if (tasks.length <= 1) {
      for (const t of tasks) f(P, scratch[0]!, ...t);
      return;
    }
    const ctrl = this.ctrl;
    const fnIndex = (KERNEL_FNS as readonly string[]).indexOf(fn);
    const live = this.slots.filter((s) => s.alive);
    const posted: [Slot, number][] = [];
    const mine: number[] = [0];
    for (let k = 1; k < tasks.length; k++) {
      const slot = live[k - 1];
      if (!slot) {
        mine.push(k);
        continue;
      }
      const base = slot.index * SLOT_WORDS;
      ctrl[base + FN] = fnIndex;
      ctrl[base + ARGS] = P;
      ctrl[base + ARGS + 1] = scratch[k]!;
      const t = tasks[k]!;
      for (let j = 0; j < 4; j++) ctrl[base + ARGS + 2 + j] = t[j] ?? 0;
      Atomics.store(ctrl, base + STATE, JOB);
      Atomics.notify(ctrl, base + STATE);
      posted.push([slot, k]);
    }
    let failure: unknown = null;
    try {
      for (const k of mine) f(P, scratch[k]!, ...tasks[k]!);
    } catch (err) {
      failure = err;
    }
    // Always wait for every posted part: the workers write into buffers the caller is about to hand out or free.
    for (const [slot, k] of posted) {
      const err = this.await(slot, fn, k);
      failure ??= err;
    }
    if (failure) throw failure;
  }

  private await(slot: Slot, fn: string, task: number): Error | null {
    const ctrl = this.ctrl;
    const at = slot.index * SLOT_WORDS + STATE;
    const deadline = performance.now() + this.timeoutMs;
    let s = Atomics.load(ctrl, at);
    while (s === JOB) {
      const left = deadline - performance.now();
      if (left <= 0) {
        this.lost(slot, `it did not finish part ${task} of ${fn} within ${this.timeoutMs} ms`);
        Atomics.store(ctrl, at, IDLE);
        return new Error(
          `wasm backend: worker thread ${slot.index + 1} did not finish its part of the ${fn} kernel within ${this.timeoutMs} ms and was stopped; the result is lost. Later kernels run on ${this.threads} thread(s).`,
        );
      }
      if (this.blocking) Atomics.wait(ctrl, at, JOB, Math.min(left, 1000));
      s = Atomics.load(ctrl, at);
    }
    if (s === FAILED) {
      const base = slot.index * SLOT_WORDS;
      const n = ctrl[base + MSG_LEN]!;
      const msg = String.fromCharCode(...Array.from(ctrl.subarray(base + MSG, base + MSG + n)));
      Atomics.store(ctrl, at, IDLE);
      return new Error(`wasm backend: worker thread ${slot.index + 1} failed in the ${fn} kernel: ${msg}`);
    }
    if (s === DONE) Atomics.store(ctrl, at, IDLE);
    return null;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const slot of this.slots) {
      Atomics.store(this.ctrl, slot.index * SLOT_WORDS + STATE, STOP);
      Atomics.notify(this.ctrl, slot.index * SLOT_WORDS + STATE);
      slot.alive = false;
      slot.handle.terminate();
    }
  }

  /** @internal for tests: stops a worker as if it had crashed. */
  killWorkerForTesting(index: number): void {
    this.slots[index]?.handle.terminate();
  }
}
