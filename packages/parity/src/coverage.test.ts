import * as tf from '@tensorflow/tfjs';
import * as tessera from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { creationSpecs } from './creation.specs.js';
import { binarySpecs, intPromotionSpecs, unarySpecs } from './elementwise.specs.js';
import { asyncIndexingSpecs, indexingSpecs } from './indexing.specs.js';
import { convSpecs, linalgSpecs } from './linalg-nn.specs.js';
import { reduceSpecs } from './reduce.specs.js';
import { shapeSpecs, stridedSliceSpec } from './shape.specs.js';
import { viewSpecs } from './views.specs.js';

const SPECS = [
  ...unarySpecs,
  ...intPromotionSpecs,
  ...binarySpecs,
  ...reduceSpecs,
  ...shapeSpecs,
  stridedSliceSpec,
  ...indexingSpecs,
  ...asyncIndexingSpecs,
  ...linalgSpecs,
  ...convSpecs,
  ...creationSpecs,
  ...viewSpecs,
];

/** Compared by statistics in random.test.ts (their streams cannot match). */
const RANDOM = ['randomUniform', 'randomNormal', 'truncatedNormal', 'dropout'];

/** Shared names that are not numeric ops: classes, memory management, backend registry, dtype helpers. */
const NOT_OPS = [
  'Tensor', 'Variable', 'tidy', 'keep', 'dispose', 'memory', 'setBackend', 'getBackend', 'registerBackend',
  'removeBackend', 'upcastType',
];

describe('parity coverage', () => {
  it('every op Tessera exports that tfjs also has is compared', () => {
    const covered = new Set([...SPECS.flatMap((s) => s.ops ?? [s.name]).map((n) => n.split('.')[0]!), ...RANDOM, ...NOT_OPS]);
    const shared = Object.keys(tessera).filter((k) => k in tf && typeof (tessera as Record<string, unknown>)[k] !== 'string');
    expect(shared.filter((k) => !covered.has(k))).toEqual([]);
  });
});
