// Compiles the AssemblyScript kernels (assembly/) into dist/wasm/: four variants, chosen at run time by feature
// detection: plain SIMD, SIMD + relaxed-SIMD FMA, and each again with shared memory for worker threads.
// Runs on `pnpm install` (prepare) and `pnpm build`; skips the work when every output is newer than its sources.
import { mkdir, readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist', 'wasm');
const MAX_PAGES = 65536; // 4 GiB, the wasm32 limit

const VARIANTS = [
  { file: 'kernels.wasm', features: ['simd'], shared: false },
  { file: 'kernels-relaxed.wasm', features: ['simd', 'relaxed-simd'], shared: false },
  { file: 'kernels-mt.wasm', features: ['simd', 'threads'], shared: true },
  { file: 'kernels-mt-relaxed.wasm', features: ['simd', 'threads', 'relaxed-simd'], shared: true },
];

async function mtime(path) {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return -1;
  }
}

async function newestSource() {
  const dir = join(root, 'assembly');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f));
  files.push(fileURLToPath(import.meta.url));
  const times = await Promise.all(files.map(mtime));
  return Math.max(...times);
}

const force = process.argv.includes('--force');
const newest = await newestSource();
const stale = [];
for (const v of VARIANTS) if (force || (await mtime(join(outDir, v.file))) < newest) stale.push(v);
if (stale.length === 0) {
  console.log('build-wasm: dist/wasm is up to date');
  process.exit(0);
}

const { default: asc } = await import('assemblyscript/asc');
await mkdir(outDir, { recursive: true });
for (const v of stale) {
  const args = [
    join(root, 'assembly', 'index.ts'),
    '-O3',
    '--noAssert',
    '--runtime', 'stub',
    '--importMemory',
    '--noExportMemory',
    '--enable', v.features.join(','),
    '--outFile', join(outDir, v.file),
  ];
  if (v.shared) args.push('--sharedMemory', '--maximumMemory', String(MAX_PAGES));
  const { error, stderr } = await asc.main(args);
  if (error) {
    console.error(stderr.toString());
    console.error(`build-wasm: ${v.file} failed: ${error.message}`);
    process.exit(1);
  }
  console.log(`build-wasm: built dist/wasm/${v.file}`);
}
