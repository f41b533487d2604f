import type { Tolerance } from '@tessera/conformance';
import { deriveVariants } from '@tessera/conformance';
import { allCases } from '@tessera/core/testing';

/**
 * float32 tolerance of the WebGPU conformance run. The CPU reference computes in doubles and rounds once; WGSL
 * computes every intermediate in f32, and lavapipe's exp/log/sin/cos are within a few ulp, not correctly
 * rounded. (Filled in from measurements; see README.md.)
 */
export const TOLERANCE: Partial<Tolerance> = {};

const INDEX_CHECK =
  'a GPU kernel cannot raise an error, and core names a bad index only on backends that read synchronously: on ' +
  'WebGPU an out-of-range index gathers 0 and a scattered one is dropped (as in tfjs-backend-webgpu)';

const UNIQUE =
  "unique's output shape depends on the data, so core's unique() needs a synchronous read, which WebGPU does not " +
  'offer (dataSync throws); `await uniqueAsync(x)` is the WebGPU way and works';

/** Every test id of the op's cases (the case and its derived variants), for ops that cannot pass at all. */
function allIdsOf(op: string): string[] {
  const ids: string[] = [];
  for (const c of allCases()) {
    if (c.op !== op || c.throws) continue;
    for (const v of deriveVariants(c, { float64: false })) if (!v.float64) ids.push(v.suffix ? `${op}/${c.name}/${v.suffix}` : `${op}/${c.name}`);
  }
  return ids;
}

/** Tests known to fail on WebGPU, each with its reason (the kit fails the run if one of them starts passing). */
export const EXPECTED_FAILURES: Record<string, string> = {
  'gather/throws: index out of range': INDEX_CHECK,
  'gather/throws: batched index out of range': INDEX_CHECK,
  'gather/throws: negative index': INDEX_CHECK,
  'gatherND/throws: coordinate out of bounds': INDEX_CHECK,
  'scatterND/throws: index out of range': INDEX_CHECK,
  ...Object.fromEntries(allIdsOf('unique').map((id) => [id, UNIQUE])),
};
