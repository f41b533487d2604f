import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { BatchNormalization, Dense } from '@tessera/layers';
import { Sequential, io, loadLayersModel, loadWeights } from '../index.js';
import type { ModelArtifacts } from '../index.js';

let root: string;
let base: ModelArtifacts;
let baseJSON: Record<string, unknown>;
let baseBin: Buffer;
let count = 0;

beforeAll(async () => {
  await tf.setBackend(cpu());
  root = await mkdtemp(join(tmpdir(), 'tessera-malformed-'));
  const m = new Sequential({ name: 'victim', layers: [new Dense({ units: 3, inputShape: [4], name: 'd1' }), new BatchNormalization({ name: 'bn' }), new Dense({ units: 2, name: 'd2' })] });
  const mem = io.memory();
  await m.save(mem);
  base = mem.artifacts!;
  await m.save(`file://${join(root, 'base')}`);
  baseJSON = JSON.parse(await readFile(join(root, 'base', 'model.json'), 'utf8'));
  baseBin = await readFile(join(root, 'base', 'weights.bin'));
  m.dispose();
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

// Every failed load must leave no tensors behind (models built before a weight check fails are disposed).
let before = 0;
beforeEach(() => {
  before = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(before);
});

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

/** Artifacts with the topology/specs edited; weight data unchanged unless given. */
function artifacts(edit: (a: { modelTopology: any; weightSpecs: any[] }) => void, weightData: ArrayBuffer | ArrayBuffer[] = base.weightData as ArrayBuffer): ModelArtifacts {
  const a = { ...clone({ modelTopology: base.modelTopology, weightSpecs: base.weightSpecs }), format: 'layers-model' } as any;
  edit(a);
  return { ...a, weightData };
}

const load = (a: ModelArtifacts) => loadLayersModel(io.fromMemory(a));

/** A model folder with an edited model.json (and optionally other files), returning its file:// URL. */
async function folder(edit: (json: any) => void, files: Record<string, Buffer | string> = { 'weights.bin': baseBin }): Promise<string> {
  const dir = join(root, `case-${count++}`);
  await mkdir(dir, { recursive: true });
  const json = clone(baseJSON);
  edit(json);
  await writeFile(join(dir, 'model.json'), typeof json === 'string' ? json : JSON.stringify(json));
  for (const [name, data] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), data);
  }
  return `file://${dir}`;
}

describe('model.json structure', () => {
  it('not JSON', async () => {
    const dir = join(root, 'notjson');
    await mkdir(dir);
    await writeFile(join(dir, 'model.json'), '{"modelTopology": ');
    await expect(loadLayersModel(`file://${dir}`)).rejects.toThrow(/model\.json is not valid JSON/);
  });

  it('missing modelTopology, weightsManifest of the wrong type, graph-model format, unknown format', async () => {
    await expect(loadLayersModel(await folder((j) => delete j.modelTopology))).rejects.toThrow(/missing `modelTopology`/);
    await expect(loadLayersModel(await folder((j) => (j.weightsManifest = { paths: [] })))).rejects.toThrow(/`weightsManifest` must be an array/);
    await expect(loadLayersModel(await folder((j) => (j.weightsManifest[0].paths = 'weights.bin')))).rejects.toThrow(/paths must be an array/);
    await expect(loadLayersModel(await folder((j) => (j.format = 'graph-model')))).rejects.toThrow(/format is 'graph-model'.*loadGraphModel/);
    await expect(load({ ...artifacts(() => {}), format: 'pickle' })).rejects.toThrow(/unknown format "pickle"/);
  });

  it('missing class_name, config or layers', async () => {
    await expect(load(artifacts((a) => delete a.modelTopology.class_name))).rejects.toThrow(/modelTopology has no class_name/);
    await expect(load(artifacts((a) => delete a.modelTopology.config.layers))).rejects.toThrow(/Sequential config needs a `layers` array/);
    await expect(load(artifacts((a) => delete a.modelTopology.config.layers[1].class_name))).rejects.toThrow(/layers\[1\] has no class_name/);
    await expect(load(artifacts((a) => (a.modelTopology.class_name = 'Dense')))).rejects.toThrow(/top-level class is 'Dense'/);
    await expect(load(artifacts((a) => (a.modelTopology.config.layers[0].config.units = 'three')))).rejects.toThrow(/layer "d1" \(Dense\).*units/);
  });
});

describe('classes come from the closed registry; configs are data', () => {
  it("unknown class names: a Keras Lambda, 'constructor', 'toString'", async () => {
    const lambda = { class_name: 'Lambda', config: { name: 'evil', function: ['4wEAAAAAAAAA', null, null], function_type: 'lambda' } };
    await expect(load(artifacts((a) => a.modelTopology.config.layers.splice(1, 0, lambda)))).rejects.toThrow(/Unknown layer: 'Lambda'\. Please ensure you are using a registered layer class/);
    for (const name of ['constructor', 'toString', '__proto__']) {
      await expect(load(artifacts((a) => (a.modelTopology.config.layers[1].class_name = name)))).rejects.toThrow(`Unknown layer: '${name}'`);
    }
  });

  it('code-looking values are never evaluated: they fail as unknown names', async () => {
    const g = globalThis as { pwned?: unknown };
    const code = "(() => { globalThis.pwned = true; return 'relu' })()";
    await expect(load(artifacts((a) => (a.modelTopology.config.layers[0].config.activation = code)))).rejects.toThrow(/layer "d1" \(Dense\).*activation/);
    await expect(load(artifacts((a) => (a.modelTopology.config.layers[0].config.kernel_initializer = { class_name: 'eval', config: { code } })))).rejects.toThrow(
      /kernel_initializer|initializer/,
    );
    expect(g.pwned).toBeUndefined();
  });

  it('keys that reach prototypes are refused', async () => {
    const topology = JSON.parse(
      JSON.stringify(base.modelTopology).replace('"units":3', '"units":3,"__proto__":{"polluted":true}'),
    );
    await expect(load({ ...base, modelTopology: topology })).rejects.toThrow(/the key '__proto__' is not allowed/);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('absurd nesting is refused', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200; i++) deep = { a: deep };
    await expect(load(artifacts((a) => (a.modelTopology.config.layers[0].config.extra = deep)))).rejects.toThrow(/nested more than 64 levels/);
  });
});

describe('functional graphs', () => {
  async function functionalBase(): Promise<ModelArtifacts> {
    const { input, model: functional } = await import('../index.js');
    const x = input({ shape: [2], name: 'x' });
    const m = functional({ inputs: x, outputs: new Dense({ units: 1, name: 'y' }).apply(x), name: 'f' });
    const mem = io.memory();
    await m.save(mem);
    m.dispose();
    return mem.artifacts!;
  }

  it('references to missing layers or nodes, and cycles', async () => {
    const f = await functionalBase();
    const edit = (fn: (c: any) => void) => {
      const t = clone(f.modelTopology) as any;
      fn(t.config);
      return load({ ...f, modelTopology: t });
    };
    await expect(edit((c) => (c.layers[1].inbound_nodes = [[['ghost', 0, 0, {}]]]))).rejects.toThrow(/refers to layer "ghost", which the model does not have/);
    await expect(edit((c) => (c.layers[1].inbound_nodes = [[['y', 0, 0, {}]]]))).rejects.toThrow(/waits for a tensor that no layer produces/);
    await expect(edit((c) => (c.layers[1].inbound_nodes = [[['x', -1, 0, {}]]]))).rejects.toThrow(/non-negative integer indices/);
    await expect(edit((c) => (c.output_layers = [['y', 3, 0]]))).rejects.toThrow(/node 3 of layer "y"/);
    await expect(edit((c) => (c.input_layers = [['y', 0, 0]]))).rejects.toThrow(/input_layers\[0\] must name an InputLayer/);
    await expect(edit((c) => c.layers.push(clone(c.layers[1])))).rejects.toThrow(/two layers are named "y"/);
    await expect(edit((c) => (c.layers[1].inbound_nodes = [{ args: [], kwargs: {} }]))).rejects.toThrow(/expected a node/);
  });
});

describe('weights: byte counts, shapes and dtypes are checked before anything is allocated', () => {
  it('weight data shorter or longer than the manifest', async () => {
    const data = base.weightData as ArrayBuffer;
    await expect(load(artifacts(() => {}, data.slice(0, data.byteLength - 4)))).rejects.toThrow(/holds 136 bytes, but the manifest's 8 weights need 140 bytes/);
    await expect(load(artifacts(() => {}, [data, new ArrayBuffer(8)]))).rejects.toThrow(/holds 148 bytes, but the manifest's 8 weights need 140/);
    await expect(load(artifacts(() => {}, 'AAAA' as never))).rejects.toThrow(/must be an ArrayBuffer/);
  });

  it('a truncated or padded weights.bin is reported with its file name before it is read', async () => {
    const url = await folder(() => {});
    await truncate(join(url.slice(7), 'weights.bin'), 100);
    await expect(loadLayersModel(url)).rejects.toThrow(/weightsManifest\[0\] \(weights\.bin\) holds 100 bytes, but its 8 weights need 140 bytes/);
    const padded = await folder(() => {}, { 'weights.bin': Buffer.concat([baseBin, Buffer.alloc(3)]) });
    await expect(loadLayersModel(padded)).rejects.toThrow(/holds 143 bytes, but its 8 weights need 140/);
    await expect(loadLayersModel(await folder(() => {}, {}))).rejects.toThrow(/weight file 'weights\.bin' .* does not exist/);
  });

  it('shapes, dtypes and names that do not match the model', async () => {
    // Same byte count, different shape.
    await expect(load(artifacts((a) => (a.weightSpecs[0].shape = [3, 4])))).rejects.toThrow(/weight 'd1\/kernel' has shape \[3,4\] in the file, but model "victim" expects \[4,3\]/);
    await expect(load(artifacts((a) => (a.weightSpecs[0].dtype = 'int32')))).rejects.toThrow(/weight 'd1\/kernel' has dtype int32 in the file, but model "victim" expects float32/);
    await expect(load(artifacts((a) => (a.weightSpecs[0].name = 'd9/kernel')))).rejects.toThrow(/match no weight of model "victim": 'd9\/kernel'/);
    await expect(
      load(artifacts((a) => a.weightSpecs.pop(), (base.weightData as ArrayBuffer).slice(0, 132))),
    ).rejects.toThrow(/has no values for 1 weight\(s\) of model "victim": 'd2\/bias'/);
    await expect(load(artifacts((a) => (a.weightSpecs[1].name = 'd1/kernel')))).rejects.toThrow(/'d1\/kernel' appears twice/);
  });

  it('entries that are not data: missing shape, negative dims, unsupported dtypes, quantization', async () => {
    await expect(load(artifacts((a) => delete a.weightSpecs[2].shape))).rejects.toThrow(/weight 'bn\/gamma' has an invalid shape/);
    await expect(load(artifacts((a) => (a.weightSpecs[2].shape = [-3])))).rejects.toThrow(/weight 'bn\/gamma' has an invalid shape/);
    await expect(load(artifacts((a) => (a.weightSpecs[2].shape = [1.5])))).rejects.toThrow(/invalid shape/);
    await expect(load(artifacts((a) => (a.weightSpecs[2].dtype = 'string')))).rejects.toThrow(/weight 'bn\/gamma' has an unsupported dtype.*"string"/);
    await expect(load(artifacts((a) => (a.weightSpecs[2].quantization = { dtype: 'uint8', scale: 1, min: 0 })))).rejects.toThrow(/is quantized/);
    await expect(load(artifacts((a) => delete a.weightSpecs[2].name))).rejects.toThrow(/weight 2 has no name/);
    await expect(load(artifacts((a) => (a.weightSpecs[2].shape = [2 ** 40, 2 ** 20])))).rejects.toThrow(/too large to address|need/);
  });
});

describe("weight paths stay inside the model's folder", () => {
  const outside = ['../x.bin', '../../etc/passwd', 'sub/../../x.bin', '/etc/passwd', 'http://evil.example/w.bin', 'file:///etc/passwd', 'C:\\x.bin', '..\\x.bin', ''];
  for (const p of outside) {
    it(`refuses ${JSON.stringify(p)}`, async () => {
      const url = await folder((j) => (j.weightsManifest[0].paths = [p]));
      await expect(loadLayersModel(url)).rejects.toThrow(/weight path .* (outside the model's folder|climbs out|absolute|URL|backslash|non-empty).*no '\.\.', no absolute paths, no URLs/);
    });
  }

  it('refuses a link inside the folder that points outside it', async () => {
    await writeFile(join(root, 'secret.bin'), baseBin);
    const url = await folder(() => {}, {});
    await symlink(join(root, 'secret.bin'), join(url.slice(7), 'weights.bin'));
    await expect(loadLayersModel(url)).rejects.toThrow(/is a link to .*outside the model's folder/);
  });

  it('accepts shards in subfolders and several paths per group', async () => {
    const half = 70;
    const url = await folder((j) => (j.weightsManifest[0].paths = ['shards/a.bin', 'shards/b.bin']), {
      'shards/a.bin': baseBin.subarray(0, half),
      'shards/b.bin': baseBin.subarray(half),
    });
    const m = await loadLayersModel(url);
    expect(m.layers.length).toBe(3);
    m.dispose();
  });
});

describe('handler and URL errors', () => {
  it('URLs without a known scheme, handlers without load/save', async () => {
    await expect(loadLayersModel('models/victim')).rejects.toThrow(/no handler for 'models\/victim'.*file:\/\//);
    await expect(loadLayersModel({} as never)).rejects.toThrow(/has no load\(\) method/);
    const m = new Sequential({ layers: [new Dense({ units: 1, inputShape: [1] })] });
    await expect(m.save('s3://bucket/model')).rejects.toThrow(/no handler for 's3:\/\/bucket\/model'/);
    await expect(m.save(io.fromMemory(base))).rejects.toThrow(/has no save\(\) method/);
    await expect(loadWeights(m, io.fromMemory(base))).rejects.toThrow(/match no weight/);
    m.dispose();
  });
});
