import type { Layer } from './engine/layer.js';
import { builtinLayerClasses } from './builtin-layers.js';

/**
 * The closed registry `fromConfig` draws from: built-in layers plus classes registered explicitly by the user
 * (`registerLayer`). Configs are data; no code is ever loaded from them.
 */
export type LayerClass = (new (args: never) => Layer) & { className: string; fromConfig?: (config: Record<string, unknown>) => Layer };

const KEY = Symbol.for('@tessera/layers/registry');
type G = typeof globalThis & { [KEY]?: Map<string, LayerClass> };

function userRegistry(): Map<string, LayerClass> {
  const g = globalThis as G;
  return (g[KEY] ??= new Map());
}


/** Makes a custom layer class loadable by `fromConfig` (Keras's register_keras_serializable). */
export function registerLayer(cls: LayerClass): void {
  if (typeof cls !== 'function' || typeof cls.className !== 'string' || cls.className === 'Layer') {
    throw new Error('registerLayer: the class needs a static `className` of its own (e.g. static className = "MyLayer").');
  }
  userRegistry().set(cls.className, cls);
}

export function getLayerClass(className: string): LayerClass {
  const builtins = builtinLayerClasses();
  const cls = userRegistry().get(className) ?? (Object.hasOwn(builtins, className) ? builtins[className] : undefined);
  if (!cls) {
    throw new Error(
      `Unknown layer: '${className}'. Please ensure you are using a registered layer class (registerLayer(MyLayer) for custom layers).`,
    );
  }
  return cls;
}

/** Builds a layer from `{ className, config }`. */
export function deserializeLayer(spec: { className: string; config: Record<string, unknown> }): Layer {
  if (!spec || typeof spec.className !== 'string' || typeof spec.config !== 'object') {
    throw new Error(`deserializeLayer: expected { className: string, config: object }. Received: ${JSON.stringify(spec)?.slice(0, 200)}`);
  }
  const cls = getLayerClass(spec.className);
  return cls.fromConfig ? cls.fromConfig(spec.config) : new cls(spec.config as never);
}

export function serializeLayer(layer: Layer): { className: string; config: Record<string, unknown> } {
  return { className: layer.className, config: layer.getConfig() };
}
