import * as tf from '@tessera/core';
import * as tfjs from '@tensorflow/tfjs';
import { isAvailable, preparePair } from './backends.js';
import type { BackendId } from './backends.js';
import { checkGoals } from './goals.js';
import type { GoalResult } from './goals.js';
import { runCase } from './harness.js';
import type { CaseResult, RepPolicy } from './harness.js';
import { describeMachine, loadNow } from './machine.js';
import type { Machine } from './machine.js';
import { torchVersion } from './torch.js';
import { WORKLOADS } from './workloads/index.js';
import type { Size } from './workloads/index.js';

/** Runs the selected workloads on the selected backend pairs and collects one report. */

export const POLICIES: Record<Size, RepPolicy> = {
  tiny: { warmup: 1, minRounds: 2, maxRounds: 2, budgetMs: 0, minSampleMs: 0, maxCaseMs: 0, floorRounds: 2, warmupCutMs: Infinity },
  quick: { warmup: 1, minRounds: 3, maxRounds: 10, budgetMs: 1_500, minSampleMs: 10, maxCaseMs: 10_000, floorRounds: 2, warmupCutMs: 1_000 },
  full: { warmup: 3, minRounds: 10, maxRounds: 40, budgetMs: 10_000, minSampleMs: 50, maxCaseMs: 120_000, floorRounds: 5, warmupCutMs: 5_000 },
};

export interface RunOptions {
  size: Size;
  workloads: number[];
  backends: BackendId[];
  /** Overrides of the size's repetition policy. */
  policy?: Partial<RepPolicy>;
  /** The command line, for the report. */
  command?: string;
  log?: (line: string) => void;
}

export interface BackendEntry {
  id: BackendId;
  ours?: string;
  theirs?: string;
  unavailable?: string;
}

export interface BenchReport {
  schema: 'tessera-bench/1';
  date: string;
  command: string;
  size: Size;
  machine: Machine;
  versions: { tfjs: string; torch: string | null };
  policy: RepPolicy;
  backends: BackendEntry[];
  workloads: { id: number; name: string }[];
  results: CaseResult[];
  goals: GoalResult[];
  durationMs: number;
}

function fmtRatio(r: number | undefined): string {
  return r === undefined ? 'n/a' : `${r.toFixed(2)}×`;
}

export async function runBench(opts: RunOptions): Promise<BenchReport> {
  const log = opts.log ?? (() => {});
  const started = performance.now();
  const machine = describeMachine();
  const policy = { ...POLICIES[opts.size], ...opts.policy };
  const selected = WORKLOADS.filter((w) => opts.workloads.includes(w.id));
  const results: CaseResult[] = [];
  const backends: BackendEntry[] = [];
  const unavailable = new Map<string, string>();
  for (const id of opts.backends) {
    const pair = await preparePair(id);
    if (!isAvailable(pair)) {
      log(`[${id}] unavailable: ${pair.unavailable}`);
      backends.push({ id, unavailable: pair.unavailable });
      unavailable.set(id, pair.unavailable);
      continue;
    }
    backends.push({ id, ours: pair.ours, theirs: pair.theirs });
    log(`[${id}] ${pair.ours}  vs  ${pair.theirs}`);
    for (const w of selected) {
      for (const c of w.cases({ size: opts.size, backend: id })) {
        await pair.activate();
        const before = { ours: tf.memory().numTensors, theirs: tfjs.memory().numTensors };
        const r = await runCase(c, id, policy);
        const leaked = { ours: tf.memory().numTensors - before.ours, theirs: tfjs.memory().numTensors - before.theirs };
        if (leaked.ours !== 0 || leaked.theirs !== 0) r.leaked = leaked;
        results.push(r);
        const side = (s: CaseResult['ours']) => (s.status !== 'ok' ? s.status : s.wall ? `${s.wall.median.toPrecision(3)} ms` : 'ok');
        log(`  ${String(w.id).padStart(2)} ${c.id.padEnd(22)} ours ${side(r.ours).padEnd(12)} tfjs ${side(r.theirs).padEnd(12)} ratio ${fmtRatio(r.ratio)}`);
      }
    }
  }
  machine.loadEnd = loadNow();
  return {
    schema: 'tessera-bench/1',
    date: new Date().toISOString(),
    command: opts.command ?? '',
    size: opts.size,
    machine,
    versions: { tfjs: tfjs.version.tfjs, torch: await torchVersion() },
    policy,
    backends,
    workloads: selected.map((w) => ({ id: w.id, name: w.name })),
    results,
    goals: checkGoals(results, unavailable),
    durationMs: performance.now() - started,
  };
}
