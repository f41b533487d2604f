import { MAX_MODEL_JSON_BYTES, artifactsFromModelJSON, checkModelJSON, parseModelJSON } from '../artifacts.js';
import type { IOHandler, ModelArtifacts } from '../types.js';
import { checkWeightSpecs, totalBytes } from '../weights.js';

type FetchLike = (url: string, init?: unknown) => Promise<{ ok: boolean; status: number; headers: { get(name: string): string | null }; text(): Promise<string>; arrayBuffer(): Promise<ArrayBuffer> }>;

/**
 * Loads model.json and its weight files over HTTP(S) (tfjs's `io.http`, load only). Weight files come from the
 * model.json's own folder: the manifest's relative paths are resolved against it and nothing else is fetched.
 */
export class HttpLoader implements IOHandler {
  constructor(
    readonly url: string,
    private readonly options: { fetch?: FetchLike; requestInit?: unknown } = {},
  ) {}

  private fetcher(): FetchLike {
    const f = this.options.fetch ?? (globalThis as { fetch?: FetchLike }).fetch;
    if (!f) throw new Error(`${this.url}: this environment has no fetch().`);
    return f;
  }

  private async get(url: string, what: string, maxBytes: number) {
    const res = await this.fetcher()(url, this.options.requestInit);
    if (!res.ok) throw new Error(`${url}: the request for ${what} failed with HTTP status ${res.status}.`);
    const len = Number(res.headers.get('content-length') ?? NaN);
    if (Number.isFinite(len) && len > maxBytes) throw new Error(`${url}: ${what} is ${len} bytes; at most ${maxBytes} were expected.`);
    return res;
  }

  async load(): Promise<ModelArtifacts> {
    const text = await (await this.get(this.url, 'model.json', MAX_MODEL_JSON_BYTES)).text();
    const { modelJSON, groups } = checkModelJSON(parseModelJSON(text, this.url), this.url);
    const base = new URL('.', this.url).href;
    const wants = groups.map((g, i) => totalBytes(checkWeightSpecs(g.weights, `${this.url}: weightsManifest[${i}].weights`)));
    const total = wants.reduce((a, b) => a + b, 0);
    const data = new Uint8Array(total);
    let off = 0;
    for (const [i, g] of groups.entries()) {
      let have = 0;
      for (const p of g.paths) {
        const url = new URL(p, base).href;
        if (!url.startsWith(base)) throw new Error(`${this.url}: weight path '${p}' resolves to ${url}, outside the model's folder ${base}.`);
        const buf = new Uint8Array(await (await this.get(url, `weight file '${p}'`, wants[i]! - have)).arrayBuffer());
        if (have + buf.byteLength > wants[i]!) {
          throw new Error(`${url}: weightsManifest[${i}] needs ${wants[i]} bytes, but its files hold more (at least ${have + buf.byteLength}).`);
        }
        data.set(buf, off + have);
        have += buf.byteLength;
      }
      if (have !== wants[i]) {
        throw new Error(`${this.url}: weightsManifest[${i}] (${g.paths.join(', ')}) holds ${have} bytes, but its ${g.weights.length} weights need ${wants[i]} bytes.`);
      }
      off += have;
    }
    return artifactsFromModelJSON(modelJSON, data.buffer, groups);
  }
}

export function http(url: string, options: { fetch?: FetchLike; requestInit?: unknown } = {}): HttpLoader {
  return new HttpLoader(url, options);
}
