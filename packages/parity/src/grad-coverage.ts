import * as tf from '@tensorflow/tfjs';
import * as tessera from '@tessera/core';
import { grads } from '@tessera/autograd';
import { creationSpecs } from './creation.specs.js';
import { binarySpecs, intPromotionSpecs, unarySpecs } from './elementwise.specs.js';
import type { Call, Host, OpSpec } from './harness.js';
import { U, flattenOut, specInputs, tesseraLib } from './harness.js';
import { indexingSpecs } from './indexing.specs.js';
import { convSpecs, linalgSpecs } from './linalg-nn.specs.js';
import { reduceSpecs } from './reduce.specs.js';
import { shapeSpecs, stridedSliceSpec } from './shape.specs.js';
import { viewSpecs } from './views.specs.js';

/**
 * Which exported ops are differentiable, found by running Tessera's autograd on the forward suite's own cases:
 * an op is differentiable when, for some case of its forward spec, `grads` of the sum of its float outputs with
 * respect to its float inputs succeeds. An op whose rule yields no gradient (comparisons, argMax, a bool or int
 * result) does not count.
 */
const FORWARD: OpSpec[] = [
  ...unarySpecs,
  ...intPromotionSpecs,
  ...binarySpecs,
  ...reduceSpecs,
  ...shapeSpecs,
  stridedSliceSpec,
  ...indexingSpecs,
  ...linalgSpecs,
  ...convSpecs,
  ...creationSpecs,
  ...viewSpecs,
];

/** Ops the forward suite compares by statistics only (random streams): probed here with rate 0 / fixed shapes. */
const RANDOM_PROBES: [string, Call][] = [['dropout', (lib, x) => lib.dropout(x, 0.5)]];

function differentiableOn(call: Call, inputs: Host[]): boolean {
  const wrt = inputs.map((h, i) => (h.dtype === 'float32' ? i : -1)).filter((i) => i >= 0);
  if (wrt.length === 0) return false;
  let ok = false;
  tessera.tidy(() => {
    const xs = inputs.map((h) => tesseraLib.tensor(h.data.slice(), [...h.shape], h.dtype));
    const f = (...ws: tessera.Tensor[]) => {
      const args = xs.map((x, i) => (wrt.includes(i) ? ws[wrt.indexOf(i)] : x));
      const outs = flattenOut(call(tesseraLib, ...args)).map(([, t]) => t as unknown as tessera.Tensor);
      const floats = outs.filter((t) => t.dtype === 'float32');
      return floats.map((t) => tessera.sum(t)).reduce((a, b) => tessera.add(a, b));
    };
    try {
      grads(f)(wrt.map((i) => xs[i]!));
      ok = true;
    } catch {
      ok = false;
    }
  });
  return ok;
}

/** The primary op a forward spec tests (`fused.matMul` counts as `fused`). */
const primaryOp = (s: { name: string; ops?: string[] }): string => (s.ops ?? [s.name])[0]!.split('.')[0]!;

/** Exported ops both libraries have that Tessera can differentiate, sorted. */
export function differentiableSharedOps(): string[] {
  const shared = (op: string) => op in tessera && op in tf;
  const found = new Set<string>();
  for (const spec of FORWARD) {
    const op = primaryOp(spec);
    if (!shared(op) || found.has(op) || spec.async) continue;
    const inputs = specInputs(spec);
    if (spec.cases.some((c, n) => differentiableOn(c.call ?? spec.call, inputs[n]!))) found.add(op);
  }
  for (const [op, call] of RANDOM_PROBES) {
    if (shared(op) && differentiableOn(call, [U([3, 4])(new tessera.SeededRandom(1))])) found.add(op);
  }
  return [...found].sort();
}

export { primaryOp };
