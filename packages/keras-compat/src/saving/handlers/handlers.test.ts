import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import * as tfjs from '@tensorflow/tfjs';
import { Dense, LSTM } from '@tessera/layers';
import { Model, Sequential, io, loadLayersModel } from '../../index.js';
import type { ModelArtifacts } from '../../index.js';

/** An in-memory Web Storage. */
class MemoryStorage {
  private readonly items = new Map<string, string>();
  get length(): number {
    return this.items.size;
  }
  key(i: number): string | null {
    return [...this.items.keys()][i] ?? null;
  }
  getItem(k: string): string | null {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.items.set(k, String(v));
  }
  removeItem(k: string): void {
    this.items.delete(k);
  }
  keys(): string[] {
    return [...this.items.keys()].sort();
  }
}

/**
 * A small in-memory IndexedDB: open (with upgradeneeded), object stores with a keyPath, put/get requests and
 * transactions that complete after their requests. Values are stored with structuredClone, as IndexedDB does.
 */
function fakeIndexedDB() {
  const databases = new Map<string, Map<string, { keyPath: string; data: Map<unknown, unknown> }>>();
  const later = (fn: () => void) => setTimeout(fn, 0);
  return {
    databases,
    open(name: string) {
      const req: any = {};
      later(() => {
        let stores = databases.get(name);
        const upgrade = !stores;
        if (!stores) databases.set(name, (stores = new Map()));
        req.result = {
          createObjectStore: (n: string, o: { keyPath: string }) => stores!.set(n, { keyPath: o.keyPath, data: new Map() }),
          close: () => {},
          transaction: (names: string | string[]) => {
            const tx: any = {};
            let pending = 0;
            const settle = () => {
              if (--pending === 0) later(() => tx.oncomplete?.());
            };
            tx.objectStore = (n: string) => {
              if (!(Array.isArray(names) ? names : [names]).includes(n)) throw new Error(`store ${n} is not in the transaction`);
              const store = stores!.get(n)!;
              const op = (fn: () => unknown) => {
                const r: any = {};
                pending++;
                later(() => {
                  r.result = fn();
                  r.onsuccess?.();
                  settle();
                });
                return r;
              };
              return {
                put: (v: any) => op(() => void store.data.set(v[store.keyPath], structuredClone(v))),
                get: (k: unknown) => op(() => (store.data.has(k) ? structuredClone(store.data.get(k)) : undefined)),
                delete: (k: unknown) => op(() => void store.data.delete(k)),
                getAll: () => op(() => [...store.data.values()].map((v) => structuredClone(v))),
              };
            };
            return tx;
          },
        };
        if (upgrade) req.onupgradeneeded?.();
        req.onsuccess?.();
      });
      return req;
    },
  };
}

beforeAll(async () => {
  await tf.setBackend(cpu());
  await tfjs.setBackend('cpu');
});

function smallModel(): Sequential {
  const m = new Sequential({ layers: [new Dense({ units: 3, inputShape: [2], activation: 'tanh' }), new Dense({ units: 1 })] });
  const rng = new tf.SeededRandom(5);
  for (const v of m.weights) tf.tidy(() => v.assign(tf.tensor(Float32Array.from({ length: v.size }, () => rng.normal()), [...v.shape])));
  return m;
}

function predict(m: Model): number[] {
  const x = tf.tensor([[0.5, -1], [2, 0.25]]);
  const y = m.predict(x) as tf.Tensor;
  const out = Array.from(y.dataSync());
  tf.dispose([x, y]);
  return out;
}

describe('in Node, browser stores give a clear error', () => {
  it('localstorage:// and indexeddb:// without the browser APIs', async () => {
    const m = smallModel();
    await expect(m.save('localstorage://m')).rejects.toThrow(/no window\.localStorage \(it is a browser API\)\. In Node, save to 'file:\/\/path'/);
    await expect(m.save('indexeddb://m')).rejects.toThrow(/no IndexedDB \(it is a browser API\)\. In Node, save to 'file:\/\/path'/);
    await expect(loadLayersModel('localstorage://m')).rejects.toThrow(/no window\.localStorage/);
    await expect(m.save('https://example.com/model')).rejects.toThrow(/saving over HTTP is not supported/);
    m.dispose();
  });
});

describe('localStorage', () => {
  it("round-trips through a Storage, in tfjs's key layout", async () => {
    const storage = new MemoryStorage();
    const m = smallModel();
    await m.save(io.browserLocalStorage('my/model', { storage }));
    expect(storage.keys()).toEqual(['info', 'model_metadata', 'model_topology', 'weight_data', 'weight_specs'].map((k) => `tensorflowjs_models/my/model/${k}`));
    const loaded = await loadLayersModel(io.browserLocalStorage('localstorage://my/model', { storage }));
    expect(predict(loaded)).toEqual(predict(m));
    await expect(loadLayersModel(io.browserLocalStorage('other', { storage }))).rejects.toThrow(/there is no model named 'other' in localStorage/);
    storage.removeItem('tensorflowjs_models/my/model/weight_data');
    await expect(loadLayersModel(io.browserLocalStorage('my/model', { storage }))).rejects.toThrow(/the weight data \(localStorage key 'tensorflowjs_models\/my\/model\/weight_data'\) is missing/);
    m.dispose();
    loaded.dispose();
  });

  it('a full Storage (quota) leaves nothing half-written and says why', async () => {
    const storage = new MemoryStorage();
    storage.setItem = (k: string, v: string) => {
      if (k.endsWith('weight_data')) throw new Error('QuotaExceededError');
      MemoryStorage.prototype.setItem.call(storage, k, v);
    };
    const m = smallModel();
    await expect(m.save(io.browserLocalStorage('big', { storage }))).rejects.toThrow(/storage quota may be exceeded.*weights 52 bytes/);
    expect(storage.keys()).toEqual([]);
    m.dispose();
  });
});

describe('IndexedDB (a small in-memory stand-in for the browser API)', () => {
  it('round-trips through the tfjs database layout', async () => {
    const indexedDB = fakeIndexedDB();
    const m = smallModel();
    const res = await m.save(io.browserIndexedDB('indexeddb://m1', { indexedDB: indexedDB as never }));
    expect(res.modelArtifactsInfo.weightDataBytes).toBe(52);
    const stores = indexedDB.databases.get('tensorflowjs')!;
    expect([...stores.keys()]).toEqual(['models_store', 'model_info_store']);
    expect([...stores.get('models_store')!.data.keys()]).toEqual(['m1']);
    const loaded = await loadLayersModel(io.browserIndexedDB('m1', { indexedDB: indexedDB as never }));
    expect(predict(loaded)).toEqual(predict(m));
    await expect(loadLayersModel(io.browserIndexedDB('nope', { indexedDB: indexedDB as never }))).rejects.toThrow(/there is no model named 'nope' in IndexedDB/);
    m.dispose();
    loaded.dispose();
  });
});

describe("tfjs's own browser handlers read what Tessera writes, and the other way round", () => {
  // tfjs checks IS_BROWSER and window.*; give it the same stand-ins, then restore.
  const g = globalThis as { window?: unknown };
  let hadWindow = false;
  let wasBrowser = false;
  beforeAll(() => {
    hadWindow = 'window' in g;
    wasBrowser = tfjs.env().getBool('IS_BROWSER');
  });
  afterAll(() => {
    tfjs.env().set('IS_BROWSER', wasBrowser);
    if (!hadWindow) delete g.window;
  });
  const asBrowser = (window: object) => {
    tfjs.env().set('IS_BROWSER', true);
    g.window = window;
  };

  it('localStorage', async () => {
    const storage = new MemoryStorage();
    asBrowser({ localStorage: storage });
    const m = smallModel();
    await m.save(io.browserLocalStorage('shared', { storage }));
    const t = await tfjs.loadLayersModel('localstorage://shared');
    const y = t.predict(tfjs.tensor([[0.5, -1], [2, 0.25]])) as tfjs.Tensor;
    const theirs = Array.from(y.dataSync());
    predict(m).forEach((v, i) => expect(v).toBeCloseTo(theirs[i]!, 5));
    await t.save('localstorage://from-tfjs');
    const back = await loadLayersModel(io.browserLocalStorage('from-tfjs', { storage }));
    predict(back).forEach((v, i) => expect(v).toBeCloseTo(theirs[i]!, 5));
    for (const x of [m, back]) x.dispose();
    t.dispose();
    y.dispose();
  });

  it('IndexedDB', async () => {
    const indexedDB = fakeIndexedDB();
    asBrowser({ indexedDB });
    const t = tfjs.sequential();
    t.add(tfjs.layers.lstm({ units: 2, inputShape: [3, 2] }));
    await t.save('indexeddb://from-tfjs');
    const m = await loadLayersModel(io.browserIndexedDB('from-tfjs', { indexedDB: indexedDB as never }));
    const x = [[[0.1, 0.2], [0.3, -0.4], [1, 0]]];
    const yt = t.predict(tfjs.tensor(x)) as tfjs.Tensor;
    const xo = tf.tensor(x);
    const yo = m.predict(xo) as tf.Tensor;
    Array.from(yo.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(yt.dataSync()[i]!, 5));
    await m.save(io.browserIndexedDB('from-tessera', { indexedDB: indexedDB as never }));
    const t2 = await tfjs.loadLayersModel('indexeddb://from-tessera');
    expect(t2.layers[0]!.getClassName()).toBe('LSTM');
    tf.dispose([xo, yo]);
    tfjs.dispose([yt]);
    m.dispose();
    t.dispose();
    t2.dispose();
  });
});

describe('http(s) loading', () => {
  function server(files: Record<string, string | Uint8Array>) {
    const requested: string[] = [];
    const fetch = async (url: string) => {
      requested.push(url);
      const body = files[url];
      const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
      return {
        ok: body !== undefined,
        status: body === undefined ? 404 : 200,
        headers: { get: (h: string) => (h === 'content-length' && bytes ? String(bytes.byteLength) : null) },
        text: async () => new TextDecoder().decode(bytes),
        arrayBuffer: async () => bytes!.slice().buffer,
      };
    };
    return { fetch, requested };
  }

  async function published(): Promise<{ json: any; bin: Uint8Array; m: Model }> {
    const m = new Sequential({ layers: [new LSTM({ units: 2, inputShape: [3, 2] })] });
    const mem = io.memory();
    await m.save(mem);
    const a = mem.artifacts as ModelArtifacts;
    const json = { modelTopology: a.modelTopology, format: a.format, weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: a.weightSpecs }] };
    return { json, bin: new Uint8Array(a.weightData as ArrayBuffer), m };
  }

  it("fetches weight files from the model.json's folder only", async () => {
    const { json, bin, m } = await published();
    const s = server({ 'https://models.example/a/model.json': JSON.stringify(json), 'https://models.example/a/group1-shard1of1.bin': bin });
    const loaded = await loadLayersModel(io.http('https://models.example/a/model.json', { fetch: s.fetch }));
    expect(s.requested).toEqual(['https://models.example/a/model.json', 'https://models.example/a/group1-shard1of1.bin']);
    expect(loaded.weights.length).toBe(3);
    loaded.dispose();

    json.weightsManifest[0].paths = ['../b/group1-shard1of1.bin'];
    const evil = server({ 'https://models.example/a/model.json': JSON.stringify(json) });
    await expect(loadLayersModel(io.http('https://models.example/a/model.json', { fetch: evil.fetch }))).rejects.toThrow(/climbs out of the model's folder/);
    json.weightsManifest[0].paths = ['//evil.example/w.bin'];
    const evil2 = server({ 'https://models.example/a/model.json': JSON.stringify(json) });
    await expect(loadLayersModel(io.http('https://models.example/a/model.json', { fetch: evil2.fetch }))).rejects.toThrow(/is an absolute path/);
    expect(evil.requested.length + evil2.requested.length).toBe(2);

    json.weightsManifest[0].paths = ['group1-shard1of1.bin'];
    const short = server({ 'https://models.example/a/model.json': JSON.stringify(json), 'https://models.example/a/group1-shard1of1.bin': bin.subarray(4) });
    await expect(loadLayersModel(io.http('https://models.example/a/model.json', { fetch: short.fetch }))).rejects.toThrow(/holds \d+ bytes, but its 3 weights need \d+ bytes/);
    m.dispose();
  });
});
