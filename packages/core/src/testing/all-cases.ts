import type { OpCase } from './case.js';
import { indexingCases } from '../ops/indexing.cases.js';
import { convCases } from '../ops/conv.cases.js';
import { poolCases } from '../ops/pool.cases.js';
import { normalizationCases } from '../ops/normalization.cases.js';
import { unaryCases } from '../ops/unary.cases.js';
import { binaryCases } from '../ops/binary.cases.js';
import { basicCases } from '../ops/basic.cases.js';
import { transformCases } from '../ops/transform.cases.js';
import { concatCases } from '../ops/concat.cases.js';
import { reduceCases } from '../ops/reduce.cases.js';
import { scanCases } from '../ops/scan.cases.js';
import { matmulCases } from '../ops/matmul.cases.js';
import { softmaxCases } from '../ops/softmax.cases.js';
import { creationCases } from '../ops/creation.cases.js';
import { randomCases } from '../ops/random.cases.js';

/** Every op family's cases. Each family file adds itself here with one import and one spread. */
export function allCases(): OpCase[] {
  return [...convCases, ...poolCases, ...normalizationCases, ...unaryCases, ...binaryCases, ...indexingCases, ...basicCases, ...transformCases, ...concatCases, ...reduceCases, ...scanCases, ...matmulCases, ...softmaxCases, ...creationCases, ...randomCases];
}
