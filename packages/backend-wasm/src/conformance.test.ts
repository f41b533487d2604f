import { describeBackend } from '@tessera/conformance';
import { wasm } from './index.js';

// The WASM backend runs every case and variant of the kit, float64 included, with no expected failures.
describeBackend({ create: () => wasm({ threads: 1 }), float64: true, name: 'conformance (1 thread)' });
