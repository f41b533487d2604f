import { forwardSpec } from './grad-elementwise.specs.js';
import type { ByFiniteDifferences, GradSpec } from './grad-harness.js';
import { fromForward } from './grad-harness.js';
import { indexingSpecs } from './indexing.specs.js';
import { shapeSpecs, stridedSliceSpec } from './shape.specs.js';

/** tfjs 4.22 registers no gradient for these kernels. */
export const noTfjsGrad = (kernel: string): ByFiniteDifferences => ({
  tfjs: 'throws',
  why: `tfjs has no ${kernel} gradient ("gradient function not found for ${kernel}")`,
});

const SHAPE_OPS = ['reshape', 'transpose', 'expandDims', 'squeeze', 'broadcastTo', 'slice', 'reverse', 'pad', 'concat', 'stack', 'unstack', 'split', 'tile', 'mirrorPad'];

/** tfjs's mirrorPad gradient slices the centre of dy and drops what the mirrored borders received. */
export const mirrorPadWrong: ByFiniteDifferences = {
  tfjs: 'wrong',
  why: "tfjs's mirrorPad gradient only slices the centre of dy: the gradient reaching the mirrored borders is lost",
};

export const gradShapeSpecs: GradSpec[] = [
  ...SHAPE_OPS.map((name) => fromForward(forwardSpec(shapeSpecs, name), { fd: () => (name === 'mirrorPad' ? mirrorPadWrong : undefined) })),
  fromForward(stridedSliceSpec, { fd: () => noTfjsGrad('StridedSlice') }),
  fromForward(forwardSpec(indexingSpecs, 'gather')),
  fromForward(forwardSpec(indexingSpecs, 'gatherND'), { fd: () => noTfjsGrad('GatherNd') }),
  fromForward(forwardSpec(indexingSpecs, 'scatterND'), { fd: () => noTfjsGrad('ScatterNd') }),
  fromForward(forwardSpec(indexingSpecs, 'unsortedSegmentSum')),
  fromForward(forwardSpec(indexingSpecs, 'topk'), {
    // Ties are kinks of topk's values (which of two equal values is "first" flips under a perturbation).
    only: (label) => label !== 'ties',
    fd: () => noTfjsGrad('TopK'),
  }),
];
