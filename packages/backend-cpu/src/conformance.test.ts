import { describeBackend } from '@tessera/conformance';
import { cpu } from './index.js';

// The CPU backend is the reference implementation: it runs every case and variant with no expected failures.
describeBackend({ create: () => cpu(), float64: true });
