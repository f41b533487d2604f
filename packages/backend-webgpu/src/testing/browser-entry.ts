// Bundled by browser.test.ts (esbuild) into a page: trains the test MLP on the page's navigator.gpu.
import * as tf from '@tessera/core';
import { valueAndGrads } from '@tessera/autograd';
import { webgpu } from '../index.js';
import { trainMlp } from './mlp.js';

(globalThis as { runMlp?: (steps: number) => Promise<unknown> }).runMlp = async (steps: number) => {
  const backend = await webgpu({ name: 'webgpu-page' });
  try {
    const run = await trainMlp(tf, valueAndGrads, backend, steps);
    return { ...run, adapter: (backend as { adapterInfo?: string }).adapterInfo };
  } finally {
    tf.removeBackend(backend.name);
  }
};
