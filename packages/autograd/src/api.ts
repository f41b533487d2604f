import type { GradFn, Tensor, TensorLike, Variable } from '@tessera/core';
import { clone, engineVariables, isTensor, isVariable, runOp, tensor as toTensor } from './core-imports.js';
import { gradients } from './gradients.js';

function asTensor(x: TensorLike, arg: string, op: string): Tensor {
  if (isTensor(x)) return x;
  try {
    return toTensor(x as never);
  } catch (e) {
    throw new TypeError(`${op}: invalid value for argument \`${arg}\`. Expected a Tensor or numbers. ${(e as Error).message}`);
  }
}

function requireFunction(f: unknown, op: string): void {
  if (typeof f !== 'function') throw new TypeError(`${op}: invalid value for argument \`f\`. Expected a function. Received: ${typeof f}`);
}

/** Fails the way tfjs does when y does not depend on an x: the user's f probably read the wrong tensor. */
function requireConnected(op: string, grads: (Tensor | null)[]): Tensor[] {
  const i = grads.findIndex((g) => g === null);
  if (i >= 0) {
    grads.forEach((g) => g?.dispose());
    throw new Error(
      `${op}: cannot compute the gradient of y = f(x) with respect to input ${i}: y does not depend on it. Make sure f computes y from the tensor it receives (not from a copy made outside f).`,
    );
  }
  return grads as Tensor[];
}

/** d f(x) / d x, as tfjs's grad. `dy` weights a non-scalar result. */
export function grad(f: (x: Tensor) => Tensor): (x: TensorLike, dy?: TensorLike) => Tensor {
  requireFunction(f, 'grad');
  return (x, dy) => {
    const X = asTensor(x, 'x', 'grad');
    const { value, grads } = gradients('grad', () => f(X), [X], dy === undefined ? undefined : asTensor(dy, 'dy', 'grad'));
    value.dispose();
    return requireConnected('grad', grads)[0]!;
  };
}

/** Gradients of f with respect to each of its arguments, as tfjs's grads. */
export function grads(f: (...args: Tensor[]) => Tensor): (args: TensorLike[], dy?: TensorLike) => Tensor[] {
  requireFunction(f, 'grads');
  return (args, dy) => {
    if (!Array.isArray(args)) throw new TypeError('grads: invalid value for argument `args`. Expected an array of tensors.');
    const xs = args.map((a, i) => asTensor(a, `args[${i}]`, 'grads'));
    const { value, grads: g } = gradients('grads', () => f(...xs), xs, dy === undefined ? undefined : asTensor(dy, 'dy', 'grads'));
    value.dispose();
    return requireConnected('grads', g);
  };
}

export function valueAndGrad(f: (x: Tensor) => Tensor): (x: TensorLike, dy?: TensorLike) => { value: Tensor; grad: Tensor } {
  requireFunction(f, 'valueAndGrad');
  return (x, dy) => {
    const X = asTensor(x, 'x', 'valueAndGrad');
    const { value, grads: g } = gradients('valueAndGrad', () => f(X), [X], dy === undefined ? undefined : asTensor(dy, 'dy', 'valueAndGrad'));
    try {
      return { value, grad: requireConnected('valueAndGrad', g)[0]! };
    } catch (e) {
      value.dispose();
      throw e;
    }
  };
}

export function valueAndGrads(f: (...args: Tensor[]) => Tensor): (args: TensorLike[], dy?: TensorLike) => { value: Tensor; grads: Tensor[] } {
  requireFunction(f, 'valueAndGrads');
  return (args, dy) => {
    const xs = args.map((a, i) => asTensor(a, `args[${i}]`, 'valueAndGrads'));
    const { value, grads: g } = gradients('valueAndGrads', () => f(...xs), xs, dy === undefined ? undefined : asTensor(dy, 'dy', 'valueAndGrads'));
    try {
      return { value, grads: requireConnected('valueAndGrads', g) };
    } catch (e) {
      value.dispose();
      throw e;
    }
  };
}

/**
 * Gradients of a scalar f with respect to the trainable variables it reads (or those in `varList`), keyed by
 * variable name. Variables f does not read get no entry, as in tfjs.
 */
export function variableGrads(f: () => Tensor, varList?: Variable[]): { value: Tensor; grads: Record<string, Tensor> } {
  requireFunction(f, 'variableGrads');
  const vars = varList ?? engineVariables().filter((v) => v.trainable);
  vars.forEach((v, i) => {
    if (!isVariable(v)) throw new TypeError(`variableGrads: varList[${i}] is not a Variable.`);
  });
  const { value, grads: g } = gradients('variableGrads', f, vars);
  const out: Record<string, Tensor> = {};
  vars.forEach((v, i) => {
    if (g[i]) out[v.name] = g[i]!;
  });
  return { value, grads: out };
}

export type SaveFn = (tensors: Tensor[]) => void;
export interface CustomGradResult {
  value: Tensor;
  gradFunc: (dy: Tensor, saved: Tensor[]) => Tensor | Tensor[];
}

/**
 * Wraps f so that its gradient is `gradFunc` rather than the gradients of the ops inside it (tfjs's customGrad).
 * f receives its inputs and a `save` function for tensors gradFunc needs.
 */
export function customGrad(f: (...args: never[]) => CustomGradResult): (...args: Tensor[]) => Tensor {
  requireFunction(f, 'customGrad');
  return (...args: Tensor[]) => {
    let saved: Tensor[] = [];
    let gradFunc: CustomGradResult['gradFunc'] | null = null;
    const grad: GradFn = (dys) => {
      const r = gradFunc!(dys[0]!, saved);
      const list = Array.isArray(r) ? r : [r];
      if (list.length !== args.length) {
        throw new Error(`customGrad: gradFunc returned ${list.length} gradients for ${args.length} inputs.`);
      }
      return list;
    };
    return runOp({ name: 'customGrad', inputs: args, attrs: {}, grad }, () => {
      const save: SaveFn = (ts) => {
        saved = ts;
      };
      const res = (f as (...a: unknown[]) => CustomGradResult)(...args, save);
      if (!res || !isTensor(res.value) || typeof res.gradFunc !== 'function') {
        throw new TypeError('customGrad: f must return { value: Tensor, gradFunc: (dy, saved) => Tensor | Tensor[] }.');
      }
      gradFunc = res.gradFunc;
      return res.value;
    });
  };
}

/** Identity whose gradient is zero: nothing flows back through it. */
export function stopGradient(x: Tensor): Tensor {
  return runOp({ name: 'stopGradient', inputs: [x], attrs: {}, grad: () => [null] }, () => clone(x));
}
