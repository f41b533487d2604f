import type { GradSpec } from './grad-harness.js';
import { fromForward } from './grad-harness.js';
import { mirrorPadWrong, noTfjsGrad } from './grad-shape.specs.js';
import { viewSpecs } from './views.specs.js';

/**
 * Gradients through Tessera's views (negative strides, offsets, zero strides): each backward pass must write
 * into the right elements of the source. The forward table's cases, differentiated.
 */
const NO_TFJS_GRAD: Record<string, string> = {
  'stridedSlice on views': 'StridedSlice',
  'gatherND on views': 'GatherNd',
  'topk on views': 'TopK',
  'scatterND with view updates': 'ScatterNd',
};

export const gradViewSpecs: GradSpec[] = viewSpecs
  .filter((s) => !['argMax on views', 'unique of a reversed view'].includes(s.name))
  .map((s) =>
    fromForward(s, {
      fd: (label) => {
        if (NO_TFJS_GRAD[s.name]) return noTfjsGrad(NO_TFJS_GRAD[s.name]!);
        if (s.name === 'mirrorPad on views') return mirrorPadWrong;
        if (s.name === 'where on views') {
          return { tfjs: 'throws', why: 'tfjs comparisons have no gradient function ("gradient function not found for Greater")' };
        }
        if (s.name === 'batchNorm on views') {
          return { tfjs: 'throws', why: "tfjs's batchNorm gradient needs both scale and offset" };
        }
        if (s.name === 'max on views' && label === 'broadcast (zero strides)') {
          // The broadcast rows are copies of one source row: max over them is that row, so d/dx is w. TensorFlow
          // splits a tie's gradient equally (1/3 to each copy, summed back: 1); tfjs gives each copy all of it (3).
          return { tfjs: 'wrong', why: 'tfjs gives every tied maximum the full gradient; TensorFlow splits it among the ties' };
        }
        return undefined;
      },
    }),
  );
