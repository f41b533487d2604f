import { paritySuite } from './suite.js';
import { creationSpecs } from './creation.specs.js';

paritySuite('creation ops match tfjs 4.22 (CPU)', creationSpecs);
