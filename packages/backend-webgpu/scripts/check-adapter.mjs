// Prints the WebGPU adapter Dawn (the npm package `webgpu`) finds here, or exits 1 saying how to get one.
// For CI: run after install-vulkan.sh, so a broken driver install fails loudly before any test runs.
import { create } from 'webgpu';

process.env.LP_NATIVE_VECTOR_WIDTH ??= '128';
const gpu = create([]);
const adapter = await gpu.requestAdapter();
if (!adapter) {
  console.error(
    'check-adapter: no WebGPU adapter found. Install a Vulkan driver; without a GPU run ' +
      '`sudo bash packages/backend-webgpu/scripts/install-vulkan.sh` (Mesa lavapipe >= 25).',
  );
  process.exit(1);
}
const info = adapter.info ?? {};
console.log(`check-adapter: WebGPU adapter: ${[info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ') || 'unknown'}`);
process.exit(0);
