import { paritySuite } from './suite.js';
import { binarySpecs, intPromotionSpecs, unarySpecs } from './elementwise.specs.js';

paritySuite('elementwise ops match tfjs 4.22 (CPU)', [...unarySpecs, ...intPromotionSpecs, ...binarySpecs]);
