import { paritySuite } from './suite.js';
import { viewSpecs } from './views.specs.js';

paritySuite('ops on strided views match tfjs 4.22 (CPU)', viewSpecs);
