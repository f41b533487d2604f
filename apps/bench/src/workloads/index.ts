import { denseBiasRelu, mlpMatMuls, squareMatMul } from './matmul.js';
import { elementwiseChain, perOpOverhead } from './elementwise.js';
import { adamUpdate } from './optimizer.js';
import { conv2d, softmaxCrossEntropy } from './nn.js';
import { mlpInference, mnistCnnTraining, mnistMlpTraining, trainingMemory } from './training.js';
import type { Workload } from './types.js';

/** Every workload, by its number in the benchmark issue. */
export const WORKLOADS: readonly Workload[] = [
  squareMatMul,
  mlpMatMuls,
  denseBiasRelu,
  elementwiseChain,
  adamUpdate,
  softmaxCrossEntropy,
  conv2d,
  mnistMlpTraining,
  mnistCnnTraining,
  perOpOverhead,
  mlpInference,
  trainingMemory,
];

export type { Workload, WorkloadContext, Size } from './types.js';
