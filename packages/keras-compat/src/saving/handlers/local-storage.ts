import { artifactsInfo, checkFormat, joinBuffers, parseJSON, parseModelJSON } from '../artifacts.js';
import type { IOHandler, ModelArtifacts, SaveResult } from '../types.js';
import { arrayBufferToBase64, base64ToArrayBuffer } from './base64.js';

export const LOCAL_STORAGE_SCHEME = 'localstorage://';

/** The part of the Web Storage API the handler uses. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** tfjs's key layout, so models saved by tfjs in a browser load here and the other way round. */
function keysFor(name: string) {
  const k = (suffix: string) => `tensorflowjs_models/${name}/${suffix}`;
  return { info: k('info'), topology: k('model_topology'), weightSpecs: k('weight_specs'), weightData: k('weight_data'), metadata: k('model_metadata') };
}

function defaultStorage(url: string): StorageLike {
  const ls = (globalThis as { localStorage?: StorageLike }).localStorage;
  if (!ls) {
    throw new Error(`${url}: this environment has no window.localStorage (it is a browser API). In Node, save to 'file://path' or a memory handler.`);
  }
  return ls;
}

/** A model in the browser's localStorage under 'localstorage://name' (tfjs's `io.browserLocalStorage`). */
export class BrowserLocalStorage implements IOHandler {
  private readonly keys: ReturnType<typeof keysFor>;

  constructor(
    readonly name: string,
    private readonly options: { storage?: StorageLike } = {},
  ) {
    if (typeof name !== 'string' || name === '') throw new Error('browserLocalStorage: the model name must be a non-empty string.');
    this.keys = keysFor(name);
  }

  private get url(): string {
    return `${LOCAL_STORAGE_SCHEME}${this.name}`;
  }

  private storage(): StorageLike {
    return this.options.storage ?? defaultStorage(this.url);
  }

  async save(artifacts: ModelArtifacts): Promise<SaveResult> {
    const ls = this.storage();
    if (artifacts.modelTopology instanceof ArrayBuffer) throw new Error(`${this.url}: saving a binary model topology is not supported.`);
    const info = artifactsInfo(artifacts);
    const metadata = {
      format: artifacts.format,
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy,
      userDefinedMetadata: artifacts.userDefinedMetadata,
      trainingConfig: artifacts.trainingConfig,
    };
    try {
      ls.setItem(this.keys.info, JSON.stringify(info));
      ls.setItem(this.keys.topology, JSON.stringify(artifacts.modelTopology));
      ls.setItem(this.keys.weightSpecs, JSON.stringify(artifacts.weightSpecs ?? []));
      ls.setItem(this.keys.weightData, arrayBufferToBase64(joinBuffers(artifacts.weightData)));
      ls.setItem(this.keys.metadata, JSON.stringify(metadata));
    } catch (e) {
      for (const k of Object.values(this.keys)) ls.removeItem(k);
      throw new Error(
        `${this.url}: saving failed (${(e as Error).message}); the storage quota may be exceeded: topology ${info.modelTopologyBytes} bytes, weight specs ${info.weightSpecsBytes} bytes, weights ${info.weightDataBytes} bytes.`,
      );
    }
    return { modelArtifactsInfo: info };
  }

  async load(): Promise<ModelArtifacts> {
    const ls = this.storage();
    const read = (key: string, what: string) => {
      const v = ls.getItem(key);
      if (v === null) throw new Error(`${this.url}: ${what} (localStorage key '${key}') is missing.`);
      return v;
    };
    if (ls.getItem(this.keys.info) === null) throw new Error(`${this.url}: there is no model named '${this.name}' in localStorage.`);
    const out: ModelArtifacts = {
      modelTopology: parseModelJSON(read(this.keys.topology, 'the model topology'), `${this.url} topology`),
      weightSpecs: parseJSON(read(this.keys.weightSpecs, 'the weight specs'), `${this.url} weight specs`) as ModelArtifacts['weightSpecs'],
    };
    const meta = ls.getItem(this.keys.metadata);
    if (meta !== null) {
      const m = parseModelJSON(meta, `${this.url} metadata`);
      checkFormat(m.format, this.url);
      for (const k of ['format', 'generatedBy', 'convertedBy', 'userDefinedMetadata', 'trainingConfig'] as const) {
        if (m[k] !== undefined && m[k] !== null) out[k] = m[k] as never;
      }
    }
    out.weightData = base64ToArrayBuffer(read(this.keys.weightData, 'the weight data'), this.url);
    return out;
  }
}

export function browserLocalStorage(name: string, options: { storage?: StorageLike } = {}): BrowserLocalStorage {
  return new BrowserLocalStorage(name.startsWith(LOCAL_STORAGE_SCHEME) ? name.slice(LOCAL_STORAGE_SCHEME.length) : name, options);
}
