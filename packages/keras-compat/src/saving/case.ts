/**
 * Key conversion between Tessera's camelCase configs and the snake_case of the tfjs layers format. The rules are
 * tfjs's own (`toSnakeCase`/`toCamelCase` in tfjs-layers' generic_utils), so files read the same in both.
 * Only keys are converted: Tessera's string values (activations, padding, data formats) are already in Keras's
 * snake_case, which tfjs turns back into its own camelCase when it loads.
 */

/** tfjs's toSnakeCase: kernelInitializer → kernel_initializer, batchInputShape → batch_input_shape. */
export function toSnakeCase(name: string): string {
  const s = name.replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  return s[0] === '_' ? `private${s}` : s;
}

/** tfjs's toCamelCase: kernel_initializer → kernelInitializer. */
export function toCamelCase(name: string): string {
  if (name.length <= 1 || !name.includes('_')) return name;
  return name.replace(/[_]+(\w|$)/g, (_m, c: string) => c.toUpperCase());
}

/** Keys that would reach Object.prototype or a constructor if a config were ever spread into an object. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
export const MAX_CONFIG_DEPTH = 64;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function convert(value: unknown, key: (k: string, where: string) => string, where: string, depth: number): Json {
  if (depth > MAX_CONFIG_DEPTH) throw new Error(`${where}: the config is nested more than ${MAX_CONFIG_DEPTH} levels deep.`);
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    // JSON has no NaN/Infinity; tfjs writes them as null. Keep the file valid JSON.
    return Number.isFinite(value) ? value : null;
  }
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((v, i) => convert(v, key, `${where}[${i}]`, depth + 1));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) {
      if (FORBIDDEN_KEYS.has(k)) throw new Error(`${where}: the key '${k}' is not allowed in a config.`);
      if (v === undefined) continue;
      out[key(k, where)] = convert(v, key, `${where}.${k}`, depth + 1);
    }
    return out;
  }
  throw new Error(
    `${where}: a config must be plain data (numbers, strings, booleans, null, arrays, objects); found ${typeof value === 'function' ? 'a function' : Object.prototype.toString.call(value)}. Give the layer a serializable argument (a name such as 'relu') to save it.`,
  );
}

/** A camelCase config (plain data) → snake_case keys. Throws on functions, class instances and unsafe keys. */
export function keysToSnake(value: unknown, where: string): Json {
  return convert(
    value,
    (k, w) => {
      const s = toSnakeCase(k);
      if (toCamelCase(s) !== k) {
        throw new Error(`${w}: the key '${k}' does not survive the snake_case round trip ('${s}' reads back as '${toCamelCase(s)}'); rename it.`);
      }
      return s;
    },
    where,
    0,
  );
}

/** A snake_case config read from a file → camelCase keys, refusing unsafe keys and over-deep nesting. */
export function keysToCamel(value: unknown, where: string): Json {
  return convert(value, (k) => toCamelCase(k), where, 0);
}

export function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
