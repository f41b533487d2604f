import type { OpCase } from './case.js';

/** Every op family's cases. Each family file adds itself here with one import and one spread. */
export function allCases(): OpCase[] {
  return [];
}
