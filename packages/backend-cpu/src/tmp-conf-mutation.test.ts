import { describeBackend } from '@tessera/conformance';
import type { AnyBackend } from '@tessera/core';
import { cpu } from './index.js';

function mutant(name: string, f: (b: AnyBackend) => Record<string, unknown>): AnyBackend {
  const b = cpu({ name }) as AnyBackend;
  const w = Object.create(b);
  Object.assign(w, f(b));
  return w;
}
describeBackend({
  name: 'm-offset', float64: true,
  create: () => mutant('m1', (b) => ({ kernels: { ...b.kernels, elementwise: (e: any, ins: any[], s: any, d: any) => b.kernels.elementwise(e, ins.map((v) => ({ ...v, offset: 0 })), s, d) } })),
});
describeBackend({
  name: 'm-leak', float64: true,
  create: () => mutant('m2', (b) => { let n = 0; return { free: (h: any) => { if (n++ % 50 !== 7) b.free(h); } }; }),
});
describeBackend({
  name: 'm-maxnan', float64: true,
  create: () => mutant('m3', (b) => ({ kernels: { ...b.kernels, reduce: (op: any, x: any, r: any, d: any) => { const out = b.kernels.reduce(op, x, r, d) as any; if (op === 'max') for (let i = 0; i < out.length; i++) if (Number.isNaN(out[i])) out[i] = 0; return out; } } })),
});
describeBackend({
  name: 'm-xfail', float64: true,
  create: () => cpu({ name: 'm4' }),
  expectedFailures: { 'add/random [3,4]': 'pretend', 'nope/x': 'unknown', 'sub/random [3,4]': '' },
});
