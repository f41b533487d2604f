import type { GradFn, OpCall, Tensor } from '@tessera/core';
import { addOpHook, aliasKept } from '@tessera/core';

/**
 * Saved aliases have their own tensor ids, but stand for the tensor they alias: a gradient rule computed from an
 * alias (in a backward pass recorded by an outer tape, for higher-order gradients) must connect to the original.
 */
const aliasOf = new Map<number, number>();

export function canonicalId(t: Tensor): number {
  return aliasOf.get(t.id) ?? t.id;
}

function savedAlias(t: Tensor): Tensor {
  const a = aliasKept(t);
  aliasOf.set(a.id, canonicalId(t));
  return a;
}

export function releaseAlias(t: Tensor): void {
  if (t.isDisposed) return;
  aliasOf.delete(t.id);
  t.dispose();
}

/** One recorded op: which tensors (by id) went in and came out, its gradient rule, and aliases of both. */
export interface TapeNode {
  readonly name: string;
  readonly inputIds: readonly number[];
  readonly outputIds: readonly number[];
  /** Aliases (kept, sharing storage) of the op's inputs and outputs: what the gradient rule reads. */
  readonly inputs: readonly Tensor[];
  readonly outputs: readonly Tensor[];
  readonly attrs: Readonly<Record<string, unknown>>;
  readonly grad: GradFn;
}

/** A recording of ops, from the moment it is pushed until it is popped. Disposing it frees what it kept. */
export class Tape {
  readonly nodes: TapeNode[] = [];
  private disposed = false;

  record(call: OpCall, outputs: readonly Tensor[]): void {
    const grad = call.grad!;
    this.nodes.push({
      name: call.name,
      inputIds: call.inputs.map(canonicalId),
      outputIds: outputs.map(canonicalId),
      inputs: call.inputs.map(savedAlias),
      outputs: outputs.map(savedAlias),
      attrs: call.attrs,
      grad,
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const n of this.nodes) {
      for (const t of n.inputs) releaseAlias(t);
      for (const t of n.outputs) releaseAlias(t);
    }
    this.nodes.length = 0;
  }
}

/**
 * The active tapes (innermost last) and the hook that feeds them. The hook is on core's dispatch only while a
 * tape is active, so code that takes no gradients pays nothing. An op that declares its own gradient is recorded
 * as one node: the ops inside its forward are not recorded (`opaqueDepth`).
 */
class Recorder {
  tapes: Tape[] = [];
  opaqueDepth = 0;
  private removeHook: (() => void) | null = null;

  push(tape: Tape): void {
    this.tapes.push(tape);
    if (!this.removeHook) {
      this.removeHook = addOpHook((call, run) => this.onOp(call, run));
    }
  }

  pop(tape: Tape): void {
    const i = this.tapes.lastIndexOf(tape);
    if (i >= 0) this.tapes.splice(i, 1);
    if (this.tapes.length === 0 && this.removeHook) {
      this.removeHook();
      this.removeHook = null;
    }
  }

  private onOp(call: OpCall, run: () => Tensor[]): Tensor[] {
    if (this.tapes.length === 0 || this.opaqueDepth > 0 || !call.grad) return run();
    this.opaqueDepth++;
    let outputs: Tensor[];
    try {
      outputs = run();
    } finally {
      this.opaqueDepth--;
    }
    for (const tape of this.tapes) tape.record(call, outputs);
    return outputs;
  }

  /** Runs `fn` with recording suspended (used by the backward pass of an inner tape: outer tapes still record). */
  withTapes<T>(tapes: Tape[], fn: () => T): T {
    const saved = this.tapes;
    this.tapes = tapes;
    try {
      return fn();
    } finally {
      this.tapes = saved;
    }
  }
}

const KEY = Symbol.for('@tessera/autograd/recorder');
type G = typeof globalThis & { [KEY]?: Recorder };

export function recorder(): Recorder {
  const g = globalThis as G;
  return (g[KEY] ??= new Recorder());
}
