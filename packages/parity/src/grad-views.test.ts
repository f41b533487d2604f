import { gradViewSpecs } from './grad-views.specs.js';
import { gradSuite } from './grad-suite.js';

gradSuite('gradients through strided views match tfjs 4.22 (CPU)', gradViewSpecs);
