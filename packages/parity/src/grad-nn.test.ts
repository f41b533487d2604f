import { gradConvSpecs, gradLinalgSpecs } from './grad-nn.specs.js';
import { gradSuite } from './grad-suite.js';

gradSuite('matMul, convolution, pooling and normalization gradients match tfjs 4.22 (CPU)', [...gradLinalgSpecs, ...gradConvSpecs]);
