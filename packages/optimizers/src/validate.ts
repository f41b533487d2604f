// Argument checks shared by the optimizers and schedules; errors name the class, the argument and the value.

export function describeValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(describeValue).join(', ')}]`;
  return String(v);
}

export function checkNumber(v: unknown, arg: string, owner: string, opts: { min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean } = {}): number {
  const { min, max, minExclusive = false, maxExclusive = false } = opts;
  const ok =
    typeof v === 'number' &&
    Number.isFinite(v) &&
    (min === undefined || (minExclusive ? v > min : v >= min)) &&
    (max === undefined || (maxExclusive ? v < max : v <= max));
  if (!ok) {
    let expected = 'a finite number';
    if (min !== undefined && max !== undefined) expected = `a number in ${minExclusive ? '(' : '['}${min}, ${max}${maxExclusive ? ')' : ']'}`;
    else if (min !== undefined) expected = `a number ${minExclusive ? '>' : '>='} ${min}`;
    else if (max !== undefined) expected = `a number ${maxExclusive ? '<' : '<='} ${max}`;
    throw new RangeError(`${owner}: invalid value for argument \`${arg}\`. Expected ${expected}. Received: ${arg}=${describeValue(v)}`);
  }
  return v as number;
}

export function checkBoolean(v: unknown, arg: string, owner: string): boolean {
  if (typeof v !== 'boolean') throw new TypeError(`${owner}: invalid value for argument \`${arg}\`. Expected a boolean. Received: ${arg}=${describeValue(v)}`);
  return v;
}

/** Unknown option keys are errors, as unknown keyword arguments are in Keras. */
export function checkKeys(options: unknown, allowed: readonly string[], owner: string): Record<string, unknown> {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${owner}: invalid value for argument \`options\`. Expected an object (or a learning rate). Received: ${describeValue(options)}`);
  }
  const bad = Object.keys(options).filter((k) => !allowed.includes(k));
  if (bad.length) {
    throw new Error(`${owner}: unknown option(s) ${bad.map((k) => `\`${k}\``).join(', ')}. Valid options: ${allowed.join(', ')}.`);
  }
  return options as Record<string, unknown>;
}
