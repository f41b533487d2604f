import { paritySuite } from './suite.js';
import { asyncIndexingSpecs, indexingSpecs } from './indexing.specs.js';

paritySuite('gather, scatter, segment, topk and unique match tfjs 4.22 (CPU)', [...indexingSpecs, ...asyncIndexingSpecs]);
