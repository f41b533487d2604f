import type { DType } from './dtype.js';
import { keep, describe } from './engine.js';
import { fmtShape, shapesEqual } from './shape.js';
import { Tensor, isTensor } from './tensor.js';
import { convertToTensor } from './ops/convert.js';
import type { TensorLike } from './ops/convert.js';
import { cast } from './ops/basic.js';

const NAMES = Symbol.for('@tessera/core/variable-names');
type G = typeof globalThis & { [NAMES]?: { used: Map<string, Variable>; counter: number } };

function nameRegistry() {
  const g = globalThis as G;
  return (g[NAMES] ??= { used: new Map<string, Variable>(), counter: 0 });
}

/**
 * A mutable tensor: model weights and optimizer state. `assign` replaces its value in place (other tensors
 * computed from the old value keep it). Variables are never disposed by `tidy`; call `dispose()`.
 */
export class Variable extends Tensor {
  readonly name: string;
  trainable: boolean;

  /** @internal use `variable()` */
  constructor(initial: Tensor, trainable: boolean, name: string) {
    super(initial.storage, initial.shape, initial.dtype, initial.strides, initial.offset);
    keep(this);
    this.name = name;
    this.trainable = trainable;
  }

  /** Replaces the value; shape and dtype must stay the same. */
  assign(newValue: TensorLike): void {
    this.assertAlive('assign');
    const t = convertToTensor(newValue, 'newValue', `Variable(${this.name}).assign`, this.dtype, this.backend);
    if (!shapesEqual(t.shape, this.shape)) {
      throw new Error(`Variable(${this.name}).assign: expected a value of shape ${fmtShape(this.shape)}. Received: ${fmtShape(t.shape)}`);
    }
    if (t.dtype !== this.dtype) {
      throw new TypeError(`Variable(${this.name}).assign: expected a value of dtype ${this.dtype}. Received: ${t.dtype}`);
    }
    if (t.backend !== this.backend) {
      throw new Error(`Variable(${this.name}).assign: the value lives on '${t.backend.name}', the variable on '${this.backend.name}'. Use moveTo first.`);
    }
    const old = this.storage;
    this.storage = t.storage.retain();
    this.strides = t.strides;
    this.offset = t.offset;
    old.release();
    if (!isTensor(newValue)) t.dispose();
  }

  override dispose(): void {
    if (!this.isDisposed) nameRegistry().used.delete(this.name);
    super.dispose();
  }
}

/** Creates a variable holding a copy-free alias of `initialValue` (cast to `dtype` if given). */
export function variable(initialValue: TensorLike, trainable = true, name?: string, dtype?: DType): Variable {
  const reg = nameRegistry();
  let n = name;
  if (n === undefined) {
    do n = `variable_${reg.counter++}`;
    while (reg.used.has(n));
  } else if (typeof n !== 'string' || n.length === 0) {
    throw new TypeError(`variable: invalid value for argument \`name\`. Expected a non-empty string. Received: ${describe(name)}`);
  } else if (reg.used.has(n)) {
    throw new Error(`variable: a variable named '${n}' already exists. Dispose it first or choose another name.`);
  }
  let t = convertToTensor(initialValue, 'initialValue', 'variable');
  if (dtype && dtype !== t.dtype) t = cast(t, dtype);
  const v = new Variable(t, trainable, n);
  if (t !== initialValue) t.dispose();
  reg.used.set(n, v);
  return v;
}

export function isVariable(x: unknown): x is Variable {
  return x instanceof Variable;
}

/** Every live variable, in creation order (what variableGrads differentiates by default). */
export function listVariables(): Variable[] {
  return [...nameRegistry().used.values()];
}
