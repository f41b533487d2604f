/** Shape arithmetic shared by every op: sizes, strides, broadcasting and axis normalisation. */
export type Shape = readonly number[];

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides of a contiguous tensor. */
export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function fmtShape(shape: Shape): string {
  return `[${shape.join(',')}]`;
}

/** NumPy broadcasting of any number of shapes; the error names the op and each argument's shape. */
export function broadcastShapes(opName: string, shapes: Shape[], argNames?: string[]): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (let i = 0; i < rank; i++) {
    let dim = 1;
    for (const s of shapes) {
      const d = s[s.length - rank + i] ?? 1;
      if (d === 1) continue;
      if (dim !== 1 && d !== dim) {
        const names = argNames ?? shapes.map((_, k) => String.fromCharCode(97 + k));
        const desc = shapes.map((sh, k) => `${names[k]} is ${fmtShape(sh)}`).join(', ');
        throw new Error(`${opName}: shapes cannot be broadcast together: ${desc}`);
      }
      dim = d;
    }
    out[i] = dim;
  }
  return out;
}

/** Resolves a possibly negative axis against `rank`, with an error naming the op and argument. */
export function normalizeAxis(axis: number, rank: number, opName: string, argName = 'axis'): number {
  if (!Number.isInteger(axis) || axis < -Math.max(rank, 1) || axis >= Math.max(rank, 1)) {
    throw new RangeError(
      `${opName}: invalid value for argument \`${argName}\`. Expected an integer in [${-Math.max(rank, 1)}, ${Math.max(rank, 1) - 1}]. Received: ${argName}=${axis}`,
    );
  }
  // Rank 0 accepts axis 0 (or -1) as if it were a one-element vector.
  return axis < 0 ? axis + Math.max(rank, 1) : axis;
}

/** Normalises an axis list (undefined = all axes), sorted and without repeats. */
export function normalizeAxes(axis: number | readonly number[] | undefined | null, rank: number, opName: string): number[] {
  if (axis === undefined || axis === null) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axis === 'number' ? [axis] : [...axis];
  const out = list.map((a) => normalizeAxis(a, rank, opName));
  const set = new Set(out);
  if (set.size !== out.length) {
    throw new Error(`${opName}: invalid value for argument \`axis\`. Expected distinct axes. Received: axis=[${list.join(',')}]`);
  }
  return [...set].sort((a, b) => a - b);
}

export function assertShapeArg(shape: unknown, argName: string, opName: string): asserts shape is number[] {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new TypeError(
      `${opName}: invalid value for argument \`${argName}\`. Expected an array of non-negative integers. Received: ${JSON.stringify(shape)}`,
    );
  }
}
