import { describe, expect, it } from 'vitest';
import { S } from '@tessera/core';
import { compileProgram } from './program.js';

describe('compileProgram', () => {
  it('computes common subtrees once', () => {
    const x = S.in(0);
    const sq = S.mul(x, x);
    const p = compileProgram(S.add(sq, S.mul(x, x)));
    expect(p.instrs.length).toBe(2);
    expect(p.inputs.size).toBe(1);
  });

  it('reuses the slots of dead values, never those of inputs and constants', () => {
    // ((x + 1) * 2 - 3) / 4: a chain of four ops needs two slots for values, not four.
    const e = S.div(S.sub(S.mul(S.add(S.in(0), S.c(1)), S.c(2)), S.c(3)), S.c(4));
    const p = compileProgram(e);
    expect(p.instrs.length).toBe(4);
    const pinned = new Set([...p.inputs.values(), ...p.consts.map((c) => c.slot)]);
    expect(pinned.size).toBe(5);
    expect(p.nSlots).toBeLessThanOrEqual(pinned.size + 2);
    for (const [, dst] of p.instrs) expect(pinned.has(dst!)).toBe(false);
  });

  it('treats a cast to float64 as no instruction, and a bare input as the result', () => {
    expect(compileProgram(S.cast('float64', S.in(0))).instrs.length).toBe(0);
    const p = compileProgram(S.in(2));
    expect(p.instrs.length).toBe(0);
    expect(p.result).toBe(p.inputs.get(2));
  });
});
