/**
 * stridedSlice's argument resolution, ported from tfjs 4.22's slice_util.sliceInfo (itself TensorFlow's
 * ValidateStridedSliceOp): expands the ellipsis, places new axes, applies begin/end masks and clamps, and marks
 * shrunk dims. Pure shape arithmetic, no tensors.
 */

export const NEW_AXIS = -2;
export const SHRINK_AXIS = -1;

export interface SliceSpec {
  /** Per dim of x: first index, step, and number of elements taken (the "processing shape"). */
  begin: number[];
  strides: number[];
  sizes: number[];
  /** Per output dim: the dim of x it comes from, or NEW_AXIS; shrunk dims of x are absent. */
  outDims: number[];
  outShape: number[];
}

export interface SliceArgs {
  begin: readonly number[];
  end: readonly number[];
  strides: readonly number[];
  beginMask: number;
  endMask: number;
  ellipsisMask: number;
  newAxisMask: number;
  shrinkAxisMask: number;
}

const bit = (mask: number, i: number): boolean => (mask & (1 << i)) !== 0;

export function resolveSlice(xShape: readonly number[], a: SliceArgs, opName: string): SliceSpec {
  if ((a.ellipsisMask & (a.ellipsisMask - 1)) !== 0) {
    throw new Error(`${opName}: invalid value for argument \`ellipsisMask\`. Expected at most one bit set (one ellipsis). Received: ellipsisMask=${a.ellipsisMask}`);
  }
  // Step 1: the sparse spec, with an implicit ellipsis at the end when there is none.
  let sparseDims = a.strides.length;
  let ellipsisMask = a.ellipsisMask;
  let addAxesAfterEllipsis = 0;
  let seen = false;
  for (let i = 0; i < sparseDims; i++) {
    if (seen && bit(a.newAxisMask, i)) addAxesAfterEllipsis++;
    if (bit(ellipsisMask, i)) seen = true;
  }
  if (!seen) {
    ellipsisMask |= 1 << sparseDims;
    sparseDims++;
  }
  // Step 2: the dense spec, one entry per dim of x.
  const rank = xShape.length;
  const begin = new Array<number>(rank);
  const end = new Array<number>(rank);
  const strides = new Array<number>(rank);
  const beginMasked = new Array<boolean>(rank).fill(false);
  const endMasked = new Array<boolean>(rank).fill(false);
  const shrink = new Array<boolean>(rank).fill(false);
  const gatherIdx: number[] = [];
  let full = 0;
  for (let i = 0; i < sparseDims; i++) {
    if (bit(ellipsisMask, i)) {
      const next = Math.min(rank - (sparseDims - i) + 1 + addAxesAfterEllipsis, rank);
      for (; full < next; full++) {
        begin[full] = 0;
        end[full] = 0;
        strides[full] = 1;
        beginMasked[full] = true;
        endMasked[full] = true;
        gatherIdx.push(full);
      }
    } else if (bit(a.newAxisMask, i)) {
      gatherIdx.push(NEW_AXIS);
    } else {
      if (full === rank) {
        throw new RangeError(`${opName}: the slice spec indexes more dims than x has: entry ${i} would index dim ${full}, but x has rank ${rank}.`);
      }
      begin[full] = a.begin[i]!;
      end[full] = a.end[i]!;
      strides[full] = a.strides[i]!;
      beginMasked[full] = bit(a.beginMask, i);
      endMasked[full] = bit(a.endMask, i);
      if (bit(a.shrinkAxisMask, i)) {
        gatherIdx.push(SHRINK_AXIS);
        shrink[full] = true;
      } else {
        gatherIdx.push(full);
      }
      full++;
    }
  }
  // Step 3: canonical begin/end and the number of elements per dim.
  const sizes = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const s = strides[i]!;
    const n = xShape[i]!;
    if (s === 0) throw new RangeError(`${opName}: invalid value for argument \`strides\`. Expected non-zero strides. Received: a stride of 0 for dim ${i}`);
    if (shrink[i]) {
      if (s <= 0) throw new RangeError(`${opName}: dim ${i} is shrunk (shrinkAxisMask) and needs a positive stride. Received: stride ${s}`);
      const b = begin[i]! < 0 ? n + begin[i]! : begin[i]!;
      if (b < 0 || b >= n) {
        throw new RangeError(`${opName}: slice index ${begin[i]} of dim ${i} is out of bounds for x of size ${n} there (shrinkAxisMask).`);
      }
      begin[i] = b;
      sizes[i] = 1;
      continue;
    }
    const lo = s > 0 ? 0 : -1;
    const hi = s > 0 ? n : n - 1;
    const canonical = (v: number, masked: boolean, isEnd: boolean): number => {
      if (masked) return (s > 0) !== isEnd ? lo : hi;
      const f = v < 0 ? n + v : v;
      return f < lo ? lo : f > hi ? hi : f;
    };
    begin[i] = canonical(begin[i]!, beginMasked[i]!, false);
    end[i] = canonical(end[i]!, endMasked[i]!, true);
    const len = end[i]! - begin[i]!;
    sizes[i] = len === 0 || len < 0 !== s < 0 ? 0 : Math.trunc(len / s) + (len % s !== 0 ? 1 : 0);
  }
  // Step 4: the output shape.
  const outDims = gatherIdx.filter((g) => g !== SHRINK_AXIS);
  const outShape = outDims.map((g) => (g === NEW_AXIS ? 1 : sizes[g]!));
  return { begin, strides, sizes, outDims, outShape };
}
