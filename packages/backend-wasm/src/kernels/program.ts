import type { DType, ScalarExpr, UnaryOp, BinaryOp } from '@tessera/core';
import { exprKey } from '@tessera/core';

/**
 * Flattens a scalar expression tree into the instruction list the wasm elementwise kernel runs (assembly/
 * elementwise.ts): common subtrees are computed once, and block slots are reused once a value is dead.
 */

const UNARY: Record<UnaryOp, number> = {
  neg: 1, abs: 2, sign: 3, sqrt: 4, exp: 5, expm1: 6, log: 7, log1p: 8, round: 9, floor: 10, ceil: 11, sin: 12,
  cos: 13, tan: 14, asin: 15, acos: 16, atan: 17, sinh: 18, cosh: 19, tanh: 20, asinh: 21, acosh: 22, atanh: 23,
  erf: 24, isnan: 25, isfinite: 26, isinf: 27, not: 28,
};
const CAST: Record<DType, number> = { int32: 29, bool: 30, float32: 31, float64: 0 };
const BINARY: Record<BinaryOp, number> = {
  add: 40, sub: 41, mul: 42, div: 43, floordiv: 44, mod: 45, pow: 46, max: 47, min: 48, atan2: 49, eq: 50, ne: 51,
  lt: 52, le: 53, gt: 54, ge: 55, and: 56, or: 57, xor: 58,
};
const WHERE = 60;

export interface Program {
  /** [op, dst, a, b, c] per instruction. */
  instrs: number[][];
  consts: { slot: number; value: number }[];
  /** Input index → slot, for the inputs the tree reads. */
  inputs: Map<number, number>;
  nSlots: number;
  result: number;
}

type Node =
  | { kind: 'in'; index: number }
  | { kind: 'const'; value: number }
  | { kind: 'op'; op: number; args: number[] };

export function compileProgram(expr: ScalarExpr): Program {
  // 1. Value numbering: one node per distinct subtree, children before parents.
  const nodes: Node[] = [];
  const ids = new Map<string, number>();
  const visit = (e: ScalarExpr): number => {
    const key = exprKey(e);
    const known = ids.get(key);
    if (known !== undefined) return known;
    let node: Node;
    switch (e.k) {
      case 'in':
        node = { kind: 'in', index: e.i };
        break;
      case 'const':
        node = { kind: 'const', value: e.v };
        break;
      case 'un':
        node = { kind: 'op', op: UNARY[e.op], args: [visit(e.a)] };
        break;
      case 'bin':
        node = { kind: 'op', op: BINARY[e.op], args: [visit(e.a), visit(e.b)] };
        break;
      case 'where':
        node = { kind: 'op', op: WHERE, args: [visit(e.c), visit(e.a), visit(e.b)] };
        break;
      case 'cast': {
        const a = visit(e.a);
        // A cast to float64 changes nothing: values are already f64 in the blocks.
        if (CAST[e.to] === 0) {
          ids.set(key, a);
          return a;
        }
        node = { kind: 'op', op: CAST[e.to], args: [a] };
        break;
      }
    }
    nodes.push(node);
    const id = nodes.length - 1;
    ids.set(key, id);
    return id;
  };
  const root = visit(expr);

  // 2. Last use of each node, then slots: inputs and constants first (constants are permanent), then ops.
  const lastUse = new Array<number>(nodes.length).fill(-1);
  nodes.forEach((n, i) => {
    if (n.kind === 'op') for (const a of n.args) lastUse[a] = i;
  });
  lastUse[root] = nodes.length;
  const slotOf = new Array<number>(nodes.length).fill(-1);
  const freeSlots: number[] = [];
  let nSlots = 0;
  const newSlot = () => (freeSlots.length > 0 ? freeSlots.pop()! : nSlots++);
  const inputs = new Map<number, number>();
  const consts: { slot: number; value: number }[] = [];
  const permanent = new Set<number>();
  nodes.forEach((n, i) => {
    if (n.kind === 'in') {
      slotOf[i] = newSlot();
      inputs.set(n.index, slotOf[i]!);
    } else if (n.kind === 'const') {
      slotOf[i] = newSlot();
      permanent.add(slotOf[i]!);
      consts.push({ slot: slotOf[i]!, value: n.value });
    }
  });
  // Broadcast-scalar inputs are also filled once per call; the caller reports them through `pinned`.
  const instrs: number[][] = [];
  nodes.forEach((n, i) => {
    if (n.kind !== 'op') return;
    const args = n.args.map((a) => slotOf[a]!);
    for (const a of new Set(n.args)) {
      if (lastUse[a] === i && !permanent.has(slotOf[a]!) && nodes[a]!.kind !== 'in') freeSlots.push(slotOf[a]!);
    }
    slotOf[i] = newSlot();
    instrs.push([n.op, slotOf[i]!, args[0] ?? 0, args[1] ?? 0, args[2] ?? 0]);
  });
  return { instrs, consts, inputs, nSlots: Math.max(nSlots, 1), result: slotOf[root]! };
}
