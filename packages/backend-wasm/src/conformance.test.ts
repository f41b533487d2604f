import { describeBackend } from '@tessera/conformance';
import { wasm } from './index.js';

// The WASM backend runs every case and variant of the kit, float64 included, with no expected failures: on one
// thread, and on two threads with every kernel split between them (so the small cases reach the threaded paths).
describeBackend({ create: () => wasm({ name: 'wasm-1t', threads: 1 }), float64: true, name: 'conformance (1 thread)' });
describeBackend({
  create: () => wasm({ name: 'wasm-2t', threads: 2, splitSmallKernels: true }),
  float64: true,
  name: 'conformance (2 threads)',
});
