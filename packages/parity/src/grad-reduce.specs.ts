import { forwardSpec } from './grad-elementwise.specs.js';
import type { ByFiniteDifferences, GradSpec } from './grad-harness.js';
import { fromForward } from './grad-harness.js';
import { I, N, U } from './harness.js';
import { reduceSpecs } from './reduce.specs.js';

const spec = (name: string) => forwardSpec(reduceSpecs, name);

const cumsumThrows: ByFiniteDifferences = {
  tfjs: 'throws',
  why: "tfjs's cumsum gradient transposes its result when the axis is not the last (shape [2,4,3] for a [2,3,4] input)",
};

export const gradReduceSpecs: GradSpec[] = [
  fromForward(spec('sum')),
  fromForward(spec('mean')),
  fromForward(spec('prod'), {
    fd: (label) =>
      label.includes('axis=-1')
        ? { tfjs: 'throws', why: "tfjs's prod gradient builds a transpose from the raw negative axis (\"rank of input 2 must match length of perm 0,1,-1\")" }
        : undefined,
    extra: [
      // prod is smooth through zeros (d/dx_i is the product of the others): rows with one and with two zeros.
      { label: 'rows holding zeros', inputs: [I([6, 5], -2, 3, 'float32')], call: (lib, x) => lib.prod(x, 1) },
    ],
  }),
  // The AXES inputs are continuous random values: no ties in any row.
  fromForward(spec('max')),
  fromForward(spec('min')),
  fromForward(spec('logSumExp')),
  fromForward(spec('moments')),
  fromForward(spec('norm')),
  fromForward(spec('cumsum'), {
    fd: (label) => (label === '[2,3,4] axis 1 exclusive' || label === '[2,3,4] axis 0 exclusive reverse' ? cumsumThrows : undefined),
    extra: [
      {
        // A square input hides the transpose: tfjs returns a gradient of the right shape with the wrong values.
        label: '[4,4] axis 0',
        inputs: [U([4, 4])],
        call: (lib, x) => lib.cumsum(x, 0),
        fd: { tfjs: 'wrong', why: "tfjs's cumsum gradient transposes its result when the axis is not the last; square inputs keep the shape" },
      },
    ],
  }),
  fromForward(spec('cumprod'), {
    // Small rows keep the numerical check fast; the [40,50] case is left to the forward suite.
    only: (label) => label !== '[40,50] axis 1',
    fd: () => ({ tfjs: 'throws', why: 'tfjs has no cumprod gradient ("gradient function not found for Cumprod")' }),
    // Exact zeros (rows with none, one and several): the products after a zero are 0, but their derivatives with
    // respect to the first zero are not. A gradient that divides by x gives NaN there.
    extra: ([[false, false], [true, false], [false, true], [true, true]] as const).map(([exclusive, reverse]) => ({
      label: `rows holding zeros${exclusive ? ' exclusive' : ''}${reverse ? ' reverse' : ''}`,
      inputs: [I([6, 5], -2, 3, 'float32')],
      call: (lib, x) => lib.cumprod(x, 1, exclusive, reverse),
      fd: { tfjs: 'throws', why: 'tfjs has no cumprod gradient ("gradient function not found for Cumprod")' },
    })),
  }),
  fromForward(spec('softmax')),
  fromForward(spec('logSoftmax'), {
    extra: [{ label: '[4,300] rows', inputs: [N([4, 300], 3)], call: (lib, x) => lib.logSoftmax(x) }],
  }),
];
