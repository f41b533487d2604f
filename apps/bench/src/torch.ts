import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { CaseResult, ReferenceResult } from './harness.js';
import { summarize } from './stats.js';
import type { HostTensor, ModelKind } from './workloads/models.js';
import { initialWeights, mnistBatches } from './workloads/models.js';

/**
 * PyTorch as the native reference for the two training workloads, when the system Python can import it (Debian's
 * python3-torch). The weights and batches go to a temporary folder; py/torch_ref.py trains the same model from
 * the same weights over the same batches, as many steps as the JavaScript sides took, and prints its timings.
 */

const run = promisify(execFile);
const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'py', 'torch_ref.py');
const PYTHON = process.env.BENCH_PYTHON ?? 'python3';

let probe: Promise<string | null> | null = null;

/** torch's version, or null when `python3 -c "import torch"` fails. */
export function torchVersion(): Promise<string | null> {
  probe ??= run(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { timeout: 60_000 })
    .then((r) => r.stdout.trim() || null)
    .catch(() => null);
  return probe;
}

async function writeF32(file: string, t: HostTensor): Promise<void> {
  await writeFile(file, Buffer.from(t.values.buffer, t.values.byteOffset, t.values.byteLength));
}

export async function torchReference(kind: ModelKind, spec: { batch: number; count: number }, result: CaseResult): Promise<ReferenceResult | null> {
  const version = await torchVersion();
  if (!version) return null;
  const ran = Number(result.ours.extra?.steps ?? result.theirs.extra?.steps ?? 10);
  const warmup = Math.min(3, Math.max(0, ran - 1));
  const dir = await mkdtemp(path.join(tmpdir(), 'tessera-bench-torch-'));
  try {
    const [ws, batches] = await Promise.all([initialWeights(kind), mnistBatches(kind, spec.count, spec.batch)]);
    await Promise.all(ws.map((w, i) => writeF32(path.join(dir, `w${i}.bin`), w)));
    await Promise.all(batches.flatMap((b, i) => [writeF32(path.join(dir, `x${i}.bin`), b.x), writeF32(path.join(dir, `y${i}.bin`), b.y)]));
    const manifest = { kind, weights: ws.map((w) => w.shape), batches: batches.map((b) => ({ x: b.x.shape, y: b.y.shape })), warmup, steps: ran - warmup };
    await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    const { stdout } = await run(PYTHON, [SCRIPT, dir], { timeout: 600_000, maxBuffer: 1 << 24 });
    const r = JSON.parse(stdout.trim().split('\n').at(-1)!) as { version: string; threads: number; warmupMs: number[]; samplesMs: number[]; finalLoss: number };
    return {
      name: `PyTorch ${r.version} (${r.threads} threads)`,
      status: 'ok',
      wall: summarize(r.samplesMs),
      warmupMs: r.warmupMs,
      inner: 1,
      extra: { finalLoss: r.finalLoss, steps: r.warmupMs.length + r.samplesMs.length },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
