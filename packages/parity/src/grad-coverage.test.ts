import { beforeAll, describe, expect, it } from 'vitest';
import { differentiableSharedOps, primaryOp } from './grad-coverage.js';
import { gradElementwiseSpecs } from './grad-elementwise.specs.js';
import { gradConvSpecs, gradLinalgSpecs } from './grad-nn.specs.js';
import { gradReduceSpecs } from './grad-reduce.specs.js';
import { gradShapeSpecs } from './grad-shape.specs.js';
import { gradViewSpecs } from './grad-views.specs.js';
import { setupBackends } from './harness.js';

const GRAD_SPECS = [...gradElementwiseSpecs, ...gradReduceSpecs, ...gradShapeSpecs, ...gradLinalgSpecs, ...gradConvSpecs, ...gradViewSpecs];

describe('gradient parity coverage', () => {
  let differentiable: string[] = [];
  beforeAll(async () => {
    await setupBackends();
    differentiable = differentiableSharedOps();
  });

  it('finds the differentiable ops (and only those)', () => {
    // A probe that found nothing would make the next test pass vacuously.
    expect(differentiable).toEqual(expect.arrayContaining(['exp', 'add', 'sum', 'matMul', 'conv2d', 'gather', 'maxPool', 'batchNorm', 'fused']));
    for (const op of ['equal', 'greater', 'argMax', 'logicalAnd', 'isNaN', 'zerosLike']) expect(differentiable).not.toContain(op);
  });

  it('every differentiable op Tessera exports that tfjs also has is covered by a gradient spec', () => {
    const covered = new Set(GRAD_SPECS.filter((s) => s.cases.length > 0).map(primaryOp));
    expect(differentiable.filter((op) => !covered.has(op))).toEqual([]);
  });
});
