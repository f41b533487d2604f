import { paritySuite } from './suite.js';
import { convSpecs, linalgSpecs } from './linalg-nn.specs.js';

paritySuite('matrix products, convolutions, pooling and normalization match tfjs 4.22 (CPU)', [...linalgSpecs, ...convSpecs]);
