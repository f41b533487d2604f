// The stride helpers live in core so every backend shares them.
export { collapseDims, elementOffsets } from '@tessera/core';
export type { Collapsed } from '@tessera/core';
