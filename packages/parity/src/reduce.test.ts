import { paritySuite } from './suite.js';
import { reduceSpecs } from './reduce.specs.js';

paritySuite('reductions, scans and softmax match tfjs 4.22 (CPU)', reduceSpecs);
