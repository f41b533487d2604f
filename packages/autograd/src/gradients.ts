import type { Tensor } from '@tessera/core';
import { isFloat, reshape, sum, cast, add, tidy, zerosLike, fmtShapeOf, shapesEqual, clone, scalar, nextTensorId } from './core-imports.js';
import type { TapeNode } from './tape.js';
import { Tape, canonicalId, recorder, releaseAlias } from './tape.js';

/** Sums a gradient of the broadcast output shape back down to an input's shape. */
export function unbroadcast(g: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.rank; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  }
  const s = axes.length ? sum(g, axes, true) : g;
  return reshape(s, [...shape]);
}

/** Nodes on some path from one of `xIds` to `yId`, in recording order. */
function relevantNodes(nodes: readonly TapeNode[], xIds: Set<number>, yId: number): TapeNode[] {
  const reach = new Set(xIds);
  const forward: boolean[] = nodes.map((n) => {
    if (!n.inputIds.some((id) => reach.has(id))) return false;
    for (const id of n.outputIds) reach.add(id);
    return true;
  });
  const needed = new Set([yId]);
  const keep: boolean[] = new Array(nodes.length).fill(false);
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i]!;
    if (!forward[i] || !n.outputIds.some((id) => needed.has(id))) continue;
    keep[i] = true;
    for (const id of n.inputIds) if (reach.has(id)) needed.add(id);
  }
  return nodes.filter((_, i) => keep[i]);
}

/**
 * Walks the tape backwards from y (seeded with dy) and returns d y / d x for each x (null where y does not depend
 * on x). Broadcasting is undone here, once, for every rule. Each node's saved tensors are released as soon as its
 * rule has run.
 */
export function backward(tape: Tape, y: Tensor, dy: Tensor, xs: readonly Tensor[]): (Tensor | null)[] {
  const xIds = new Set(xs.map(canonicalId));
  const yId = canonicalId(y);
  const nodes = relevantNodes(tape.nodes, xIds, yId);
  return tidy(() => {
    const grads = new Map<number, Tensor>();
    grads.set(yId, dy);
    for (let i = nodes.length - 1; i >= 0; i--) {
      const node = nodes[i]!;
      const dys = node.outputs.map((o, k) => grads.get(node.outputIds[k]!) ?? zerosLike(o));
      const inGrads = node.grad(dys, { inputs: node.inputs, outputs: node.outputs, attrs: node.attrs });
      if (inGrads.length !== node.inputs.length) {
        throw new Error(`backward: the gradient rule of '${node.name}' returned ${inGrads.length} gradients for ${node.inputs.length} inputs.`);
      }
      node.inputs.forEach((input, k) => {
        let g = inGrads[k];
        if (!g || !isFloat(input.dtype)) return;
        g = unbroadcast(g, input.shape);
        if (g.dtype !== input.dtype) g = cast(g, input.dtype);
        const id = node.inputIds[k]!;
        const prev = grads.get(id);
        grads.set(id, prev ? add(prev, g) : g);
      });
      // The rule has run: what it saved is no longer needed (unless a gradient is that very tensor).
      const inUse = new Set(grads.values());
      for (const t of [...node.inputs, ...node.outputs]) if (!inUse.has(t)) releaseAlias(t);
    }
    return xs.map((x) => {
      const g = grads.get(canonicalId(x));
      return g === undefined ? null : g === dy ? clone(dy) : g;
    });
  });
}

export interface GradientsResult {
  value: Tensor;
  grads: (Tensor | null)[];
}

/**
 * Records `f`, then differentiates its result with respect to `xs`. The value is kept; everything else `f`
 * created is disposed. `opName` names the public API in errors.
 */
export function gradients(opName: string, f: () => Tensor, xs: readonly Tensor[], dy?: Tensor): GradientsResult {
  xs.forEach((x, i) => {
    if (!isFloat(x.dtype)) {
      throw new TypeError(
        `${opName}: gradients are defined for float tensors only; input ${i} is ${x.dtype} ${fmtShapeOf(x)}. Cast it with tf.cast(x, 'float32').`,
      );
    }
  });
  const tape = new Tape();
  const rec = recorder();
  rec.push(tape);
  let value: Tensor;
  try {
    const firstNewId = nextTensorId();
    value = tidy(() => {
      const v = f();
      if (!v || (v as { isTesseraTensor?: boolean }).isTesseraTensor !== true) {
        throw new TypeError(`${opName}: f must return a Tensor. Received: ${typeof v}`);
      }
      // f returned a tensor it did not create (an input, say): return a recorded copy, never the caller's own.
      return v.id < firstNewId ? clone(v) : v;
    });
  } catch (e) {
    rec.pop(tape);
    tape.dispose();
    throw e;
  } finally {
    rec.pop(tape);
  }
  try {
    if (!isFloat(value.dtype)) {
      throw new TypeError(`${opName}: f returned a ${value.dtype} tensor; only float results can be differentiated.`);
    }
    if (dy === undefined && value.rank !== 0) {
      throw new Error(
        `${opName}: f returned a tensor of shape ${fmtShapeOf(value)}, not a scalar. Pass dy of that shape, or reduce the result to a scalar (for example with tf.sum or tf.mean).`,
      );
    }
    if (dy !== undefined && !shapesEqual(dy.shape, value.shape)) {
      throw new Error(`${opName}: dy must have the shape of f's result, ${fmtShapeOf(value)}. Received: ${fmtShapeOf(dy)}`);
    }
    const seed = dy ?? scalar(1, value.dtype);
    const grads = backward(tape, value, seed, xs);
    if (dy === undefined) seed.dispose();
    return { value, grads };
  } catch (e) {
    value.dispose();
    throw e;
  } finally {
    tape.dispose();
  }
}
