import { gradReduceSpecs } from './grad-reduce.specs.js';
import { gradSuite } from './grad-suite.js';

gradSuite('reduction, scan and softmax gradients match tfjs 4.22 (CPU)', gradReduceSpecs);
