import { creationSpecs } from './creation.specs.js';
import { binarySpecs, unarySpecs } from './elementwise.specs.js';
import type { ByFiniteDifferences, GradSpec } from './grad-harness.js';
import { fromForward } from './grad-harness.js';
import type { Host, OpSpec } from './harness.js';
import { Away, B, I, U, fmt } from './harness.js';

/** The forward spec of `name` in `table` (a missing one is a bug in this file, so it throws at import). */
export function forwardSpec(table: OpSpec[], name: string): OpSpec {
  const s = table.find((x) => x.name === name);
  if (!s) throw new Error(`no forward spec named ${name}`);
  return s;
}

/** Ops whose results are bool (or take bool inputs): nothing to differentiate. */
const NOT_DIFFERENTIABLE = new Set(['isNaN', 'isFinite', 'isInf', 'logicalNot', 'cast']);

/** Broadcast result shape of two shapes (both are valid pairs from the forward tables). */
function broadcastShape(a: number[], b: number[]): number[] {
  const r = Math.max(a.length, b.length);
  const pa = [...new Array(r - a.length).fill(1), ...a];
  const pb = [...new Array(r - b.length).fill(1), ...b];
  return pa.map((d, i) => (d === 1 ? pb[i]! : d));
}

/** The forward 'strided views' case transposes and reverses [4,6] and [6,4] into equal shapes. */
const broadcasts = (label: string, x: Host, other: Host): boolean =>
  label !== 'strided views' && fmt(x.shape) !== fmt(broadcastShape(x.shape, other.shape));

const noBroadcastGrad = (op: string): ByFiniteDifferences => ({
  tfjs: 'throws',
  why: `tfjs's ${op} gradient does not sum broadcast dimensions back ("the gradient of input … has shape …")`,
});

/** Every float case of the unary table, except `round` (its table holds only exact halves, its kinks). */
const unary: GradSpec[] = unarySpecs
  .filter((s) => !NOT_DIFFERENTIABLE.has(s.name) && s.name !== 'round')
  .map((s) => fromForward(s));

const round = fromForward(forwardSpec(unarySpecs, 'round'), {
  // The forward cases are all exact halves (where round jumps): the gradient is compared away from them.
  only: () => false,
  extra: [
    { label: '[3,4] away from halves', inputs: [U([3, 4], -4.4, -3.6)], call: (lib, x) => lib.round(x) },
    { label: '[2,3,5]', inputs: [U([2, 3, 5], 0.05, 0.45)], call: (lib, x) => lib.round(x) },
  ],
});

const cast = fromForward(forwardSpec(unarySpecs, 'cast'), {
  // Only a float result carries a gradient; float32 → float32 is the identity in both.
  only: (label) => label === 'same dtype',
  extra: [{ label: 'through a product', inputs: [U([3, 4])], call: (lib, x) => lib.mul(lib.cast(x, 'float32'), x) }],
});

const binary: GradSpec[] = binarySpecs
  .filter((s) => ['add', 'sub', 'mul', 'div', 'mod', 'pow', 'atan2', 'add (mixed dtypes)', 'where'].includes(s.name))
  .map((s) => fromForward(s));

const maxMinSq: GradSpec[] = ['maximum', 'minimum', 'squaredDifference'].map((name) =>
  fromForward(forwardSpec(binarySpecs, name), {
    fd: (label, [a, b]) => (broadcasts(label, a!, b!) || broadcasts(label, b!, a!) ? noBroadcastGrad(name) : undefined),
  }),
);

// tfjs's prelu gradient fails only when x itself broadcasts (alpha's gradient is summed back).
const prelu = fromForward(forwardSpec(binarySpecs, 'prelu'), {
  fd: (label, [x, alpha]) => (broadcasts(label, x!, alpha!) ? noBroadcastGrad('prelu') : undefined),
});

const divNoNanThrows: ByFiniteDifferences = {
  tfjs: 'throws',
  why: 'tfjs builds divNoNan from equal, which has no gradient ("gradient function not found for Equal")',
};

const divNoNan = fromForward(forwardSpec(binarySpecs, 'divNoNan'), {
  // The forward divisors include 0, where d/db does not exist: the cases below keep b away from 0, and one case
  // with zeros differentiates a only.
  only: () => false,
  extra: [
    { label: '[3,4] ⊕ [3,4]', inputs: [U([3, 4]), Away([3, 4])], call: (lib, a, b) => lib.divNoNan(a, b), fd: divNoNanThrows },
    { label: '[2,3] ⊕ [3]', inputs: [U([2, 3]), Away([3])], call: (lib, a, b) => lib.divNoNan(a, b), fd: divNoNanThrows },
    {
      // TensorFlow's rule: d/da divNoNan(a, 0) = divNoNan(dy, 0) = 0 (divNoNan(a, 0) is 0 for every a).
      label: 'd/da where b holds zeros',
      inputs: [U([3, 4]), I([3, 4], -2, 3, 'float32')],
      call: (lib, a, b) => lib.divNoNan(a, b),
      wrt: [0],
      fd: divNoNanThrows,
    },
  ],
});

const floorDiv = fromForward(forwardSpec(binarySpecs, 'floorDiv'), {
  // The forward cases all pin tfjs's int32 result. floorDiv is piecewise constant: its gradient is 0 (TensorFlow
  // registers none). tfjs's FloorDiv gradient is that of real division, a/b.
  only: () => false,
  extra: ([[[3, 4], [3, 4]], [[2, 3], [3]]] as const).map(([sa, sb]) => ({
    label: `${fmt([...sa])} ⊕ ${fmt([...sb])}`,
    inputs: [U([...sa]), Away([...sb])],
    call: (lib, a, b) => lib.floorDiv(a, b),
    // tfjs's floorDiv of float32 is int32: cast back so that its gradient reaches the FloorDiv rule.
    tfjsCall: (lib, a, b) => lib.cast(lib.floorDiv(a, b), 'float32'),
    fd: { tfjs: 'wrong', why: "tfjs's floorDiv gradient is real division's (dy/b, −dy·a/b²); floorDiv is piecewise constant, so 0" },
  })),
});

const where: GradSpec = {
  name: 'where (condition from a comparison)',
  ops: ['where', 'greater'],
  cases: [
    {
      label: 'where(greater(a, b), a, b)',
      inputs: [U([3, 4]), U([3, 4])],
      call: (lib, a, b) => lib.where(lib.greater(a, b), a, b),
      fd: { tfjs: 'throws', why: 'tfjs comparisons have no gradient function ("gradient function not found for Greater")' },
    },
    { label: 'bool condition, broadcast branches', inputs: [B([2, 3]), U([2, 3]), U([3])], call: (lib, c, a, b) => lib.where(c, a, b) },
  ],
};

const clone = fromForward(forwardSpec(creationSpecs, 'clone'));

const dropout: GradSpec = {
  name: 'dropout',
  cases: [
    // Rate 0 is the identity in both (tfjs returns a clone).
    { label: 'rate 0', inputs: [U([3, 4])], call: (lib, x) => lib.dropout(x, 0) },
    { label: 'rate 0, rank 3', inputs: [U([2, 3, 4])], call: (lib, x) => lib.dropout(x, 0) },
    {
      // With a seed Tessera's mask is fixed, so its gradient (mask / (1 − rate)) can be checked numerically.
      label: 'rate 0.4 with a seed',
      inputs: [U([4, 5])],
      call: (lib, x) => lib.dropout(x, 0.4, undefined, 7),
      fd: { tfjs: 'skip', why: "tfjs's masks come from another random stream" },
    },
  ],
};

export const gradElementwiseSpecs: GradSpec[] = [
  ...unary,
  round,
  cast,
  ...binary,
  ...maxMinSq,
  prelu,
  divNoNan,
  floorDiv,
  where,
  clone,
  dropout,
];
