export { grad, grads, valueAndGrad, valueAndGrads, variableGrads, customGrad, stopGradient } from './api.js';
export type { CustomGradResult, SaveFn } from './api.js';
export { gradcheck } from './gradcheck.js';
export type { GradcheckOptions, GradcheckResult, GradcheckFailure } from './gradcheck.js';
export { trace, Graph } from './trace.js';
export type { PlaceholderSpec, GraphNode } from './trace.js';
export { unbroadcast } from './gradients.js';
