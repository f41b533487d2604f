import { forwardSpec } from './grad-elementwise.specs.js';
import type { ByFiniteDifferences, GradCase, GradSpec } from './grad-harness.js';
import { fromForward } from './grad-harness.js';
import { U } from './harness.js';
import { convSpecs, linalgSpecs } from './linalg-nn.specs.js';

const dilationThrows = (op: string): ByFiniteDifferences => ({
  tfjs: 'throws',
  why: `tfjs's ${op} gradient rejects dilations > 1 ("dilation rates greater than 1 are not yet supported")`,
});

/** Batched matMul with every transpose combination (the forward table has them unbatched). */
const batchedTransposes: GradCase[] = ([[false, false], [true, false], [false, true], [true, true]] as const).map(([ta, tb]) => ({
  label: `batched [2,…] transposeA=${ta} transposeB=${tb}`,
  inputs: [U(ta ? [2, 4, 3] : [2, 3, 4]), U(tb ? [2, 5, 4] : [2, 4, 5])],
  call: (lib, a, b) => lib.matMul(a, b, ta, tb),
}));

export const gradLinalgSpecs: GradSpec[] = [
  fromForward(forwardSpec(linalgSpecs, 'matMul'), {
    fd: (label) =>
      label.startsWith('broadcast batch') || label === 'rank 3 · rank 2'
        ? { tfjs: 'throws', why: "tfjs's matMul gradient does not sum broadcast batch dimensions back (\"the gradient of input 'b' has shape …\")" }
        : undefined,
    extra: batchedTransposes,
  }),
  fromForward(forwardSpec(linalgSpecs, 'dot')),
  fromForward(forwardSpec(linalgSpecs, 'outerProduct')),
  // While taking gradients tfjs does not fuse (it applies the activation as a separate op), so every activation
  // has a gradient there; the tanh case runs tfjs's composition, as in the forward suite.
  fromForward(forwardSpec(linalgSpecs, 'fused.matMul')),
];

/** tfjs's conv2d and maxPool gradients drop `dimRoundingMode`: with 'round' or 'ceil' their values are wrong. */
const roundingWrong = (op: string) => (label: string): ByFiniteDifferences | undefined =>
  label === 'dimRoundingMode round' || label === 'dimRoundingMode ceil'
    ? { tfjs: 'wrong', why: `tfjs's ${op} gradient drops dimRoundingMode (it recomputes the geometry without it)` }
    : undefined;

/**
 * avgPool divides each window by the number of input elements it covers (padding excluded, as TensorFlow).
 * tfjs's forward does too, but its gradient divides by the full window size wherever a window overlaps padding.
 */
const AVG_POOL_PADDED = ['3x3 stride 2 same', '[2,3] window, strides [1,2], same', 'numeric pad 1', 'rank 3 input'];
const avgPoolWrong = (label: string): ByFiniteDifferences | undefined =>
  AVG_POOL_PADDED.includes(label) || label.startsWith('dimRoundingMode')
    ? { tfjs: 'wrong', why: "tfjs's avgPool gradient divides by the full window size where the window overlaps padding; its forward (and TensorFlow) divide by the elements covered" }
    : undefined;

const pools = [
  fromForward(forwardSpec(convSpecs, 'maxPool'), { fd: roundingWrong('maxPool') }),
  fromForward(forwardSpec(convSpecs, 'avgPool'), { fd: avgPoolWrong }),
];

export const gradConvSpecs: GradSpec[] = [
  fromForward(forwardSpec(convSpecs, 'conv2d'), {
    fd: (label) => (label.includes('dilations') ? dilationThrows('conv2d') : roundingWrong('conv2d')(label)),
  }),
  fromForward(forwardSpec(convSpecs, 'conv1d'), { fd: (label) => (label.includes('dilation') ? dilationThrows('conv1d') : undefined) }),
  fromForward(forwardSpec(convSpecs, 'conv2dTranspose')),
  fromForward(forwardSpec(convSpecs, 'depthwiseConv2d'), {
    fd: (label) => (label.includes('dilations') ? dilationThrows('depthwiseConv2d') : undefined),
  }),
  fromForward(forwardSpec(convSpecs, 'separableConv2d'), {
    fd: (label) => (label.includes('dilation') ? dilationThrows('separableConv2d (its depthwise step)') : undefined),
  }),
  ...pools,
  fromForward(forwardSpec(convSpecs, 'batchNorm'), {
    fd: (label) =>
      label === 'no offset, no scale' || label === 'scale only'
        ? { tfjs: 'throws', why: "tfjs's batchNorm gradient needs both scale and offset (it reads their ids: \"Cannot read properties of undefined\")" }
        : undefined,
  }),
  fromForward(forwardSpec(convSpecs, 'localResponseNormalization')),
];
