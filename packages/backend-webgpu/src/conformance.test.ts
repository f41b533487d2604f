import { describe, it } from 'vitest';
import { describeBackend } from '@tessera/conformance';
import { cpu } from '@tessera/backend-cpu';
import { webgpu } from './index.js';
import { runGpuTests, SKIP_MESSAGE } from './testing/gpu-available.js';
import { EXPECTED_FAILURES, TOLERANCE } from './testing/expectations.js';

if (runGpuTests) {
  describeBackend({
    create: () => webgpu({ name: 'webgpu-conformance' }),
    tolerance: TOLERANCE,
    gradientReference: () => cpu({ name: 'cpu-gradient-reference' }),
    expectedFailures: EXPECTED_FAILURES,
  });
} else {
  describe('conformance', () => {
    it.skip(SKIP_MESSAGE, () => {});
  });
}
