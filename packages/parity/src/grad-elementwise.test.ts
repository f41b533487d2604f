import { gradElementwiseSpecs } from './grad-elementwise.specs.js';
import { gradSuite } from './grad-suite.js';

gradSuite('elementwise gradients match tfjs 4.22 (CPU)', gradElementwiseSpecs);
