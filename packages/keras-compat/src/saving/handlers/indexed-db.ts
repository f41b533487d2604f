import { artifactsInfo, joinBuffers } from '../artifacts.js';
import type { IOHandler, ModelArtifacts, SaveResult } from '../types.js';

export const INDEXED_DB_SCHEME = 'indexeddb://';

// tfjs's database layout, so models saved by tfjs in a browser load here and the other way round.
const DATABASE_NAME = 'tensorflowjs';
const DATABASE_VERSION = 1;
const MODEL_STORE = 'models_store';
const INFO_STORE = 'model_info_store';

/** The part of the IndexedDB API the handler uses (window.indexedDB satisfies it). */
export interface IDBFactoryLike {
  open(name: string, version?: number): IDBOpenDBRequest;
}

function defaultFactory(url: string): IDBFactoryLike {
  const f = (globalThis as { indexedDB?: IDBFactoryLike }).indexedDB;
  if (!f) throw new Error(`${url}: this environment has no IndexedDB (it is a browser API). In Node, save to 'file://path' or a memory handler.`);
  return f;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed.'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed.'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted.'));
  });
}

/** A model in the browser's IndexedDB under 'indexeddb://name' (tfjs's `io.browserIndexedDB`). */
export class BrowserIndexedDB implements IOHandler {
  constructor(
    readonly name: string,
    private readonly options: { indexedDB?: IDBFactoryLike } = {},
  ) {
    if (typeof name !== 'string' || name === '') throw new Error('browserIndexedDB: the model name must be a non-empty string.');
  }

  private get url(): string {
    return `${INDEXED_DB_SCHEME}${this.name}`;
  }

  private open(): Promise<IDBDatabase> {
    const req = (this.options.indexedDB ?? defaultFactory(this.url)).open(DATABASE_NAME, DATABASE_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      db.createObjectStore(MODEL_STORE, { keyPath: 'modelPath' });
      db.createObjectStore(INFO_STORE, { keyPath: 'modelPath' });
    };
    return request(req);
  }

  async save(artifacts: ModelArtifacts): Promise<SaveResult> {
    if (artifacts.modelTopology instanceof ArrayBuffer) throw new Error(`${this.url}: saving a binary model topology is not supported.`);
    const stored = { ...artifacts, weightData: joinBuffers(artifacts.weightData) };
    const modelArtifactsInfo = artifactsInfo(stored);
    const db = await this.open();
    try {
      const tx = db.transaction([INFO_STORE, MODEL_STORE], 'readwrite');
      const finished = done(tx);
      tx.objectStore(INFO_STORE).put({ modelPath: this.name, modelArtifactsInfo });
      tx.objectStore(MODEL_STORE).put({ modelPath: this.name, modelArtifacts: stored, modelArtifactsInfo });
      await finished;
    } catch (e) {
      throw new Error(`${this.url}: saving failed: ${(e as Error)?.message ?? String(e)}`);
    } finally {
      db.close();
    }
    return { modelArtifactsInfo };
  }

  async load(): Promise<ModelArtifacts> {
    const db = await this.open();
    try {
      const tx = db.transaction(MODEL_STORE, 'readonly');
      const record = (await request(tx.objectStore(MODEL_STORE).get(this.name))) as { modelArtifacts?: ModelArtifacts } | undefined;
      if (!record?.modelArtifacts) throw new Error(`${this.url}: there is no model named '${this.name}' in IndexedDB.`);
      return record.modelArtifacts;
    } finally {
      db.close();
    }
  }
}

export function browserIndexedDB(name: string, options: { indexedDB?: IDBFactoryLike } = {}): BrowserIndexedDB {
  return new BrowserIndexedDB(name.startsWith(INDEXED_DB_SCHEME) ? name.slice(INDEXED_DB_SCHEME.length) : name, options);
}
