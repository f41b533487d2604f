/** Errors in Keras's voice: what was expected, what was received. */
export function invalidArgument(argName: string, expected: string, received: unknown): Error {
  return new Error(`Invalid value for argument \`${argName}\`. Expected ${expected}. Received: ${argName}=${formatValue(received)}`);
}

export function formatValue(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(formatValue).join(', ')}]`;
  if (typeof v === 'object' && v !== null) {
    const shape = (v as { shape?: unknown }).shape;
    if (Array.isArray(shape)) return `Tensor with shape ${formatShape(shape)}`;
    return JSON.stringify(v);
  }
  return String(v);
}

/** Keras prints shapes as tuples with None for unknown dims. */
export function formatShape(shape: readonly (number | null)[]): string {
  const parts = shape.map((d) => (d === null || d === undefined ? 'None' : String(d)));
  return `(${parts.join(', ')}${parts.length === 1 ? ',' : ''})`;
}

export function checkPositiveInt(argName: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw invalidArgument(argName, 'a positive integer', v);
  return v;
}

export function checkRate(argName: string, v: unknown): number {
  if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw invalidArgument(argName, 'a float between 0 and 1', v);
  return v;
}

export function checkOneOf<T extends string>(argName: string, v: unknown, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !allowed.includes(v as T)) throw invalidArgument(argName, `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`, v);
  return v as T;
}
