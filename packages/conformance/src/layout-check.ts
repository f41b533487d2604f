import { assertClose } from './compare.js';
import { hostTensor } from './host.js';
import { buildInput, NON_CONTIGUOUS } from './layouts.js';
import type { Layout } from './layouts.js';
import type { RunContext } from './run-case.js';
import { assertNoLeaks, snapshot } from './leaks.js';

/**
 * Checks the kit itself on the backend under test: each layout delivers the same logical values, and the
 * non-contiguous ones really are views (strided, offset or reversed), so the variants test what they claim.
 */
export async function checkLayouts(ctx: RunContext): Promise<void> {
  const before = await snapshot(ctx.backend);
  const values = Array.from({ length: 24 }, (_, i) => i * 1.5 - 7);
  const shapes = [[2, 3, 4], [4, 6], [5], []];
  for (const shape of shapes) {
    const n = shape.reduce((a, b) => a * b, 1);
    const host = hostTensor(values.slice(0, n), shape, 'float32');
    for (const layout of ['contiguous', ...NON_CONTIGUOUS] as Layout[]) {
      const t = buildInput(host, layout);
      try {
        const label = `kit: layout ${layout} of [${shape.join(',')}]`;
        if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) throw new Error(`${label}: shape [${t.shape.join(',')}]`);
        const view = t.view();
        const isPlain = view.offset === 0 && t.isContiguousWhole;
        if (layout === 'contiguous' && !isPlain) throw new Error(`${label}: expected a plain contiguous tensor`);
        if (layout === 'offset' && view.offset === 0) throw new Error(`${label}: expected a non-zero offset`);
        if (layout === 'reversed' && n > 1 && !view.strides.some((s) => s < 0)) throw new Error(`${label}: expected negative strides`);
        if (layout === 'transposed' && shape.filter((d) => d > 1).length >= 2 && t.isContiguousWhole) {
          throw new Error(`${label}: expected a non-contiguous view`);
        }
        assertClose(await t.data(), host.values, { rtol: 0, atol: 0 }, label);
      } finally {
        t.dispose();
      }
    }
  }
  await assertNoLeaks(before, ctx.backend, 'kit/layouts');
}
