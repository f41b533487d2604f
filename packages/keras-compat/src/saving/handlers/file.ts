import { MAX_MODEL_JSON_BYTES, artifactsFromModelJSON, artifactsInfo, checkModelJSON, joinBuffers, modelJSONFor, parseModelJSON } from '../artifacts.js';
import type { IOHandler, ModelArtifacts, SaveResult } from '../types.js';
import { checkWeightSpecs, totalBytes } from '../weights.js';

export const FILE_SCHEME = 'file://';
const MODEL_JSON = 'model.json';
const WEIGHTS_BIN = 'weights.bin';

type Fs = typeof import('node:fs/promises');
type PathMod = typeof import('node:path');

async function nodeModules(url: string): Promise<{ fs: Fs; path: PathMod }> {
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  if (!isNode) throw new Error(`${url}: file:// paths need Node.js (node:fs); in a browser use 'indexeddb://name', 'localstorage://name' or a memory handler.`);
  // Specifiers in variables: browser bundlers leave them alone instead of trying to bundle node:fs.
  const fsName = 'node:fs/promises';
  const pathName = 'node:path';
  const [fs, path] = (await Promise.all([import(fsName), import(pathName)])) as [Fs, PathMod];
  return { fs, path };
}

/**
 * model.json + weights.bin in a folder (tfjs-node's `file://` handler). Saving to 'file://dir' writes
 * dir/model.json and dir/weights.bin; loading takes the folder or the model.json path. Every weight file must lie
 * inside the model's folder, and its size must match the manifest before it is read.
 */
export class NodeFileSystem implements IOHandler {
  constructor(readonly path: string) {
    if (typeof path !== 'string' || path === '') throw new Error('fileSystem: expected a non-empty path.');
  }

  private get url(): string {
    return `${FILE_SCHEME}${this.path}`;
  }

  async save(artifacts: ModelArtifacts): Promise<SaveResult> {
    const { fs, path } = await nodeModules(this.url);
    if (artifacts.modelTopology instanceof ArrayBuffer) throw new Error(`${this.url}: saving a binary model topology is not supported.`);
    const jsonPath = this.path.endsWith('.json') ? this.path : path.join(this.path, MODEL_JSON);
    const dir = path.dirname(jsonPath);
    await fs.mkdir(dir, { recursive: true });
    const data = joinBuffers(artifacts.weightData);
    const manifest = [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }];
    // Weights first, then model.json: a reader never finds a model.json whose weights are not written yet.
    await fs.writeFile(path.join(dir, WEIGHTS_BIN), new Uint8Array(data));
    await fs.writeFile(jsonPath, JSON.stringify(modelJSONFor(artifacts, manifest)));
    return { modelArtifactsInfo: artifactsInfo(artifacts) };
  }

  async load(): Promise<ModelArtifacts> {
    const { fs, path } = await nodeModules(this.url);
    let jsonPath = this.path;
    const st = await fs.stat(jsonPath).catch(() => null);
    if (st?.isDirectory()) jsonPath = path.join(jsonPath, MODEL_JSON);
    const jsonStat = st?.isDirectory() ? await fs.stat(jsonPath).catch(() => null) : st;
    if (!jsonStat?.isFile()) throw new Error(`${this.url}: no model file at ${jsonPath}.`);
    if (jsonStat.size > MAX_MODEL_JSON_BYTES) {
      throw new Error(`${jsonPath}: ${jsonStat.size} bytes is more than the ${MAX_MODEL_JSON_BYTES} a model.json may have (weights belong in .bin files).`);
    }
    const json = parseModelJSON(await fs.readFile(jsonPath, 'utf8'), jsonPath);
    const { modelJSON, groups } = checkModelJSON(json, jsonPath);

    const dir = path.dirname(path.resolve(jsonPath));
    const realDir = await fs.realpath(dir);
    const inside = (root: string, p: string) => p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
    // Sizes first: every file's size must add up to its group's weights before anything is read.
    const files: { file: string; size: number }[] = [];
    for (const [i, g] of groups.entries()) {
      const want = totalBytes(checkWeightSpecs(g.weights, `${jsonPath}: weightsManifest[${i}].weights`));
      let have = 0;
      for (const p of g.paths) {
        const file = path.resolve(dir, p);
        if (!inside(dir, file)) throw new Error(`${jsonPath}: weight path '${p}' resolves outside the model's folder ${dir}.`);
        const real = await fs.realpath(file).catch(() => null);
        if (real === null) throw new Error(`${jsonPath}: weight file '${p}' (${file}) does not exist.`);
        if (!inside(realDir, real)) throw new Error(`${jsonPath}: weight file '${p}' is a link to ${real}, outside the model's folder ${realDir}.`);
        const s = await fs.stat(real);
        if (!s.isFile()) throw new Error(`${jsonPath}: weight path '${p}' is not a regular file.`);
        files.push({ file: real, size: s.size });
        have += s.size;
      }
      if (have !== want) {
        throw new Error(
          `${jsonPath}: weightsManifest[${i}] (${g.paths.join(', ')}) holds ${have} bytes, but its ${g.weights.length} weights need ${want} bytes. The weight files are truncated, padded or belong to another model.`,
        );
      }
    }
    const data = new Uint8Array(files.reduce((n, f) => n + f.size, 0));
    let off = 0;
    for (const f of files) {
      const bytes = await fs.readFile(f.file);
      if (bytes.byteLength !== f.size) throw new Error(`${f.file} changed size while it was read (${f.size} → ${bytes.byteLength} bytes).`);
      data.set(bytes, off);
      off += bytes.byteLength;
    }
    return artifactsFromModelJSON(modelJSON, data.buffer, groups);
  }
}

export function fileSystem(path: string): NodeFileSystem {
  return new NodeFileSystem(path.startsWith(FILE_SCHEME) ? path.slice(FILE_SCHEME.length) : path);
}
