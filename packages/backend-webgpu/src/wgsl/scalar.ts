import type { DType, ScalarExpr } from '@tessera/core';
import { exprKey } from '@tessera/core';

/**
 * Renders core's scalar expression tree to WGSL once per tree shape, with the semantics of core's JS reference
 * (render-js.ts) in float32: every float value is an f32; integer arithmetic (int32 and bool operands) stays in
 * i32 and wraps; comparisons and logic give WGSL bools, which arithmetic reads as 0/1. Constants are not baked in:
 * they come from uniforms (as f32 bits and as i32 bits), so `x * 0.2` and `x * 0.3` share one pipeline; only
 * whether a constant is an integer shows in the code, because it decides the arithmetic's type.
 */
type Kind = 'f' | 'i' | 'b' | 'ci' | 'cf';

interface Val {
  code: string;
  kind: Kind;
}

export interface RenderedScalar {
  /** `let` statements, in order, that the value expression refers to. */
  lines: string[];
  /** The result as the output buffer's element type (f32, i32, or u32 0/1 for bool). */
  store: string;
  /** The generated code: constants appear as slots, so this is the pipeline key of the tree. */
  key: string;
  /** Constant values in the order `cf(k)` / `ci(k)` refer to them. */
  consts: number[];
}

/** WGSL element type of a dtype's buffer. */
export function storageType(dtype: DType): 'f32' | 'i32' | 'u32' {
  return dtype === 'int32' ? 'i32' : dtype === 'bool' ? 'u32' : 'f32';
}

/** The value kind a loaded element of `dtype` has. */
export function kindOf(dtype: DType): 'f' | 'i' | 'b' {
  return dtype === 'int32' ? 'i' : dtype === 'bool' ? 'b' : 'f';
}

/**
 * `input(i)` gives the WGSL expression loading input i in its storage type; `inputKinds[i]` its value kind
 * ('b' inputs are loaded as u32 and compared with 0 here).
 */
export function renderScalar(expr: ScalarExpr, inputKinds: readonly ('f' | 'i' | 'b')[], outDtype: DType, input: (i: number) => string): RenderedScalar {
  const lines: string[] = [];
  const consts: number[] = [];
  const memo = new Map<string, Val>();
  let tmp = 0;

  const bind = (code: string, kind: Kind): Val => {
    if (kind === 'ci' || kind === 'cf') return { code, kind };
    const name = `t${tmp++}`;
    const type = kind === 'f' ? 'f32' : kind === 'i' ? 'i32' : 'bool';
    lines.push(`let ${name}: ${type} = ${code};`);
    return { code: name, kind };
  };

  const asF = (v: Val): string => {
    switch (v.kind) {
      case 'f':
        return v.code;
      case 'i':
        return `f32(${v.code})`;
      case 'b':
        return `select(0.0, 1.0, ${v.code})`;
      case 'ci':
      case 'cf':
        return `cf(${v.code})`;
    }
  };
  const asI = (v: Val): string => {
    switch (v.kind) {
      case 'i':
        return v.code;
      case 'b':
        return `select(0, 1, ${v.code})`;
      case 'ci':
        return `ci(${v.code})`;
      case 'f':
      case 'cf':
        return `f2i(${asF(v)})`;
    }
  };
  const truthy = (v: Val): string => {
    switch (v.kind) {
      case 'b':
        return v.code;
      case 'i':
        return `(${v.code} != 0)`;
      case 'ci':
        return `(ci(${v.code}) != 0)`;
      default:
        return `truthy_f(${asF(v)})`;
    }
  };
  const castBool = (v: Val): string => {
    switch (v.kind) {
      case 'b':
        return v.code;
      case 'i':
      case 'ci':
        return `(${asI(v)} != 0)`;
      default:
        return `castbool_f(${asF(v)})`;
    }
  };
  /** Integer arithmetic when both operands are integers (int32, bool or integer constants), else float. */
  const isInt = (k: Kind) => k === 'i' || k === 'b' || k === 'ci';
  const arith = (a: Val, b: Val): 'i' | 'f' => (isInt(a.kind) && isInt(b.kind) ? 'i' : 'f');

  const r = (e: ScalarExpr): Val => {
    // Common subtrees (squaredDifference's a - b) are computed once; the key is exact, constants included.
    const k = exprKey(e);
    const hit = memo.get(k);
    if (hit) return hit;
    const v = render(e);
    memo.set(k, v);
    return v;
  };

  const render = (e: ScalarExpr): Val => {
    switch (e.k) {
      case 'in': {
        const kind = inputKinds[e.i]!;
        return bind(kind === 'b' ? `(${input(e.i)} != 0u)` : input(e.i), kind);
      }
      case 'const': {
        const idx = consts.length;
        consts.push(e.v);
        return { code: `${idx}u`, kind: isI32(e.v) ? 'ci' : 'cf' };
      }
      case 'cast': {
        const a = r(e.a);
        switch (e.to) {
          case 'int32':
            return bind(asI(a), 'i');
          case 'bool':
            return bind(castBool(a), 'b');
          default:
            return bind(asF(a), 'f');
        }
      }
      case 'where': {
        const c = r(e.c);
        const a = r(e.a);
        const b = r(e.b);
        if (a.kind === 'b' && b.kind === 'b') return bind(`select(${b.code}, ${a.code}, ${truthy(c)})`, 'b');
        if (arith(a, b) === 'i') return bind(`select(${asI(b)}, ${asI(a)}, ${truthy(c)})`, 'i');
        return bind(`select(${asF(b)}, ${asF(a)}, ${truthy(c)})`, 'f');
      }
      case 'un':
        return unary(e.op, r(e.a));
      case 'bin':
        return binary(e.op, r(e.a), r(e.b));
    }
  };

  const unary = (op: string, a: Val): Val => {
    const int = isInt(a.kind);
    const F = () => asF(a);
    switch (op) {
      case 'neg':
        return int ? bind(`(0 - ${asI(a)})`, 'i') : bind(`(-${F()})`, 'f');
      case 'abs':
        return int ? bind(`abs(${asI(a)})`, 'i') : bind(`abs(${F()})`, 'f');
      case 'sign':
        return int ? bind(`sign(${asI(a)})`, 'i') : bind(`sign_f(${F()})`, 'f');
      case 'round':
      case 'floor':
      case 'ceil':
        return int ? bind(asI(a), 'i') : bind(`${op}(${F()})`, 'f');
      case 'sqrt':
      case 'exp':
      case 'log':
      case 'sin':
      case 'cos':
      case 'tan':
        return bind(`${op}(${F()})`, 'f');
      case 'asin':
      case 'acos':
      case 'atan':
      case 'expm1':
      case 'log1p':
      case 'tanh':
      case 'sinh':
      case 'cosh':
      case 'asinh':
      case 'acosh':
      case 'atanh':
      case 'erf':
        return bind(`${op}_f(${F()})`, 'f');
      case 'isnan':
        return int ? bind('false', 'b') : bind(`isnan_f(${F()})`, 'b');
      case 'isfinite':
        return int ? bind('true', 'b') : bind(`isfinite_f(${F()})`, 'b');
      case 'isinf':
        return int ? bind('false', 'b') : bind(`isinf_f(${F()})`, 'b');
      case 'not':
        return bind(`!${truthy(a)}`, 'b');
    }
    throw new Error(`webgpu: no WGSL rendering for the scalar op '${op}'`);
  };

  const binary = (op: string, a: Val, b: Val): Val => {
    const t = arith(a, b);
    const A = t === 'i' ? asI(a) : asF(a);
    const B = t === 'i' ? asI(b) : asF(b);
    switch (op) {
      case 'add':
        return bind(`(${A} + ${B})`, t);
      case 'sub':
        return bind(`(${A} - ${B})`, t);
      case 'mul':
        return bind(`(${A} * ${B})`, t);
      case 'div':
        return bind(`(${asF(a)} / ${asF(b)})`, 'f');
      case 'floordiv':
        return t === 'i' ? bind(`floordiv_i(${A}, ${B})`, 'i') : bind(`floor(${A} / ${B})`, 'f');
      case 'mod':
        return bind(t === 'i' ? `mod_i(${A}, ${B})` : `mod_f(${A}, ${B})`, t);
      case 'pow':
        return bind(t === 'i' ? `pow_i(${A}, ${B})` : `pow_f(${A}, ${B})`, t);
      case 'max':
        return bind(t === 'i' ? `max(${A}, ${B})` : `max_f(${A}, ${B})`, t);
      case 'min':
        return bind(t === 'i' ? `min(${A}, ${B})` : `min_f(${A}, ${B})`, t);
      case 'atan2':
        return bind(`atan2_f(${asF(a)}, ${asF(b)})`, 'f');
      case 'eq':
        return bind(`(${A} == ${B})`, 'b');
      case 'ne':
        return bind(`!(${A} == ${B})`, 'b');
      case 'lt':
        return bind(`(${A} < ${B})`, 'b');
      case 'le':
        return bind(`(${A} <= ${B})`, 'b');
      case 'gt':
        return bind(`(${A} > ${B})`, 'b');
      case 'ge':
        return bind(`(${A} >= ${B})`, 'b');
      case 'and':
        return bind(`(${truthy(a)} && ${truthy(b)})`, 'b');
      case 'or':
        return bind(`(${truthy(a)} || ${truthy(b)})`, 'b');
      case 'xor':
        return bind(`(${truthy(a)} != ${truthy(b)})`, 'b');
    }
    throw new Error(`webgpu: no WGSL rendering for the scalar op '${op}'`);
  };

  const v = r(expr);
  let store: string;
  if (outDtype === 'int32') store = asI(v);
  else if (outDtype === 'bool') store = `select(0u, 1u, ${castBool(v)})`;
  else store = asF(v);
  return { lines, store, key: `${lines.join('')}=${store}`, consts };
}

function isI32(v: number): boolean {
  return Number.isInteger(v) && v >= -2147483648 && v <= 2147483647 && !Object.is(v, -0);
}

/** Uniform words for constants: each as f32 bits then i32 bits. */
export function constWords(consts: readonly number[]): Uint32Array {
  const out = new Uint32Array(consts.length * 2);
  const f = new Float32Array(1);
  const u = new Uint32Array(f.buffer);
  consts.forEach((c, k) => {
    f[0] = c;
    out[2 * k] = u[0]!;
    out[2 * k + 1] = isI32(c) ? c >>> 0 : 0;
  });
  return out;
}
