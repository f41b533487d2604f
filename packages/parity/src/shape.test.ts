import { paritySuite } from './suite.js';
import { shapeSpecs, stridedSliceSpec } from './shape.specs.js';

paritySuite('shape ops match tfjs 4.22 (CPU)', [...shapeSpecs, stridedSliceSpec]);
