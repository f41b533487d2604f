import { gradShapeSpecs } from './grad-shape.specs.js';
import { gradSuite } from './grad-suite.js';

gradSuite('shape and indexing gradients match tfjs 4.22 (CPU)', gradShapeSpecs);
