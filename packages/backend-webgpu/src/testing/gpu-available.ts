import { hasWebGpu } from '../index.js';

// lavapipe (Mesa's software Vulkan) compiles each pipeline with LLVM on first use; 128-bit vectors halve that
// time. Read when the driver loads, so it is set before the first adapter request.
process.env.LP_NATIVE_VECTOR_WIDTH ??= '128';

/**
 * Whether this machine has a WebGPU adapter, for the test files. Without one the WebGPU suites skip with a message
 * saying how to get one — except in CI (CI set), where they run anyway and fail, so a broken driver install never
 * passes as "skipped".
 */
export const gpuAvailable = await hasWebGpu();
export const runGpuTests = gpuAvailable || Boolean(process.env.CI);

export const SKIP_MESSAGE =
  'WebGPU tests skipped: no WebGPU adapter on this machine. To run them, install a Vulkan driver; without a GPU, ' +
  "Mesa's software driver lavapipe works: run `sudo bash packages/backend-webgpu/scripts/install-vulkan.sh` " +
  '(Debian/Ubuntu: mesa-vulkan-drivers >= 25 from bookworm-backports; Dawn refuses Mesa 22). In CI these tests never skip.';

if (!runGpuTests) console.warn(SKIP_MESSAGE);
