import type { DType } from '../dtype.js';

/**
 * The scalar expression tree every elementwise op is written in. A backend renders it once per distinct tree
 * (JS source on CPU, WGSL on WebGPU, ...). Semantics are those of `renderJs` in ./render-js.ts, the reference.
 */
export type UnaryOp =
  | 'neg' | 'abs' | 'sign' | 'sqrt' | 'exp' | 'expm1' | 'log' | 'log1p'
  | 'round' | 'floor' | 'ceil' | 'sin' | 'cos' | 'tan' | 'asin' | 'acos' | 'atan'
  | 'sinh' | 'cosh' | 'tanh' | 'asinh' | 'acosh' | 'atanh' | 'erf' | 'isnan' | 'isfinite' | 'isinf' | 'not';

export type BinaryOp =
  | 'add' | 'sub' | 'mul' | 'div' | 'floordiv' | 'mod' | 'pow' | 'max' | 'min' | 'atan2'
  | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'and' | 'or' | 'xor';

export type ScalarExpr =
  | { readonly k: 'in'; readonly i: number }
  | { readonly k: 'const'; readonly v: number }
  | { readonly k: 'un'; readonly op: UnaryOp; readonly a: ScalarExpr }
  | { readonly k: 'bin'; readonly op: BinaryOp; readonly a: ScalarExpr; readonly b: ScalarExpr }
  | { readonly k: 'where'; readonly c: ScalarExpr; readonly a: ScalarExpr; readonly b: ScalarExpr }
  | { readonly k: 'cast'; readonly to: DType; readonly a: ScalarExpr };

/** Small builders so op definitions read like formulas. */
export const S = {
  in: (i: number): ScalarExpr => ({ k: 'in', i }),
  c: (v: number): ScalarExpr => ({ k: 'const', v }),
  un: (op: UnaryOp, a: ScalarExpr): ScalarExpr => ({ k: 'un', op, a }),
  bin: (op: BinaryOp, a: ScalarExpr, b: ScalarExpr): ScalarExpr => ({ k: 'bin', op, a, b }),
  where: (c: ScalarExpr, a: ScalarExpr, b: ScalarExpr): ScalarExpr => ({ k: 'where', c, a, b }),
  cast: (to: DType, a: ScalarExpr): ScalarExpr => ({ k: 'cast', to, a }),
  add: (a: ScalarExpr, b: ScalarExpr) => S.bin('add', a, b),
  sub: (a: ScalarExpr, b: ScalarExpr) => S.bin('sub', a, b),
  mul: (a: ScalarExpr, b: ScalarExpr) => S.bin('mul', a, b),
  div: (a: ScalarExpr, b: ScalarExpr) => S.bin('div', a, b),
};

/** A stable string for a tree: backends key their compiled-kernel caches by it. */
export function exprKey(e: ScalarExpr): string {
  switch (e.k) {
    case 'in':
      return `$${e.i}`;
    case 'const':
      return Object.is(e.v, -0) ? '-0' : String(e.v);
    case 'un':
      return `${e.op}(${exprKey(e.a)})`;
    case 'bin':
      return `${e.op}(${exprKey(e.a)},${exprKey(e.b)})`;
    case 'where':
      return `where(${exprKey(e.c)},${exprKey(e.a)},${exprKey(e.b)})`;
    case 'cast':
      return `cast<${e.to}>(${exprKey(e.a)})`;
  }
}

/** Number of inputs a tree reads (highest input index + 1). */
export function exprArity(e: ScalarExpr): number {
  switch (e.k) {
    case 'in':
      return e.i + 1;
    case 'const':
      return 0;
    case 'un':
    case 'cast':
      return exprArity(e.a);
    case 'bin':
      return Math.max(exprArity(e.a), exprArity(e.b));
    case 'where':
      return Math.max(exprArity(e.c), exprArity(e.a), exprArity(e.b));
  }
}
