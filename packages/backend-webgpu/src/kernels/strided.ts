// Dims collapsed for kernels (size-1 dims dropped, contiguous neighbours merged), shared by every backend via core:
// most kernels then see rank 1 or 2, so fewer pipelines are compiled (the rank is part of the key).
export { collapseDims } from '@tessera/core';
export type { Collapsed } from '@tessera/core';
