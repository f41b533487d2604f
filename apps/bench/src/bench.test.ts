import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCase } from './harness.js';
import { writeReport, toMarkdown } from './report.js';
import { runBench } from './run.js';
import type { BenchReport } from './run.js';
import { summarize } from './stats.js';

// Structure only: the harness on tiny sizes, cpu ↔ cpu. Never asserts timings.

describe('stats', () => {
  it('median and IQR interpolate like numpy', () => {
    const s = summarize([4, 1, 3, 2]);
    expect(s.median).toBe(2.5);
    expect(s.q1).toBe(1.75);
    expect(s.q3).toBe(3.25);
    expect(s.iqr).toBe(1.5);
    expect(s.n).toBe(4);
  });
});

describe('harness', () => {
  it('interleaves the sides, reports warm-up apart, and reports a failing side as failed, not zero', async () => {
    const order: string[] = [];
    const r = await runCase(
      {
        workload: 0,
        id: 'fake',
        title: 'fake',
        fixedInner: true,
        ours: () => ({ step: () => void order.push('A'), dispose: () => {} }),
        theirs: () => ({
          step: () => {
            order.push('B');
            if (order.length > 4) throw new Error('Kernel not registered');
          },
          dispose: () => {},
        }),
      },
      'cpu',
      { warmup: 1, minRounds: 4, maxRounds: 4, budgetMs: 0, minSampleMs: 0, maxCaseMs: Infinity, floorRounds: 4, warmupCutMs: Infinity },
    );
    expect(order.slice(0, 4)).toEqual(['A', 'B', 'A', 'B']);
    expect(r.ours.status).toBe('ok');
    expect(r.ours.warmupMs).toHaveLength(1);
    expect(r.ours.wall!.n).toBe(4);
    expect(r.theirs.status).toBe('failed');
    expect(r.theirs.error).toContain('Kernel not registered');
    expect(r.theirs.wall).toBeUndefined();
    expect(r.ratio).toBeUndefined();
  });
});

describe('pnpm bench on tiny sizes, cpu ↔ cpu', () => {
  let report: BenchReport;

  it('runs every kind of workload and reports both sides', async () => {
    report = await runBench({ size: 'tiny', workloads: [1, 3, 5, 8, 10, 12], backends: ['cpu'], policy: { minRounds: 2, maxRounds: 2 } });
    expect(report.schema).toBe('tessera-bench/1');
    expect(report.machine.nproc).toBeGreaterThan(0);
    expect(report.backends).toEqual([expect.objectContaining({ id: 'cpu', ours: expect.any(String), theirs: expect.any(String) })]);
    expect(new Set(report.results.map((r) => r.workload))).toEqual(new Set([1, 3, 5, 8, 10, 12]));
    for (const r of report.results) {
      expect(r.ours.status, `${r.workload}/${r.id} ours: ${r.ours.error}`).toBe('ok');
      expect(r.theirs.status, `${r.workload}/${r.id} tfjs: ${r.theirs.error}`).toBe('ok');
      expect(r.leaked, `${r.workload}/${r.id} leaks`).toBeUndefined();
      expect(r.ratio).toBeGreaterThan(0);
      if (r.mode === 'timed') {
        expect(r.ours.wall!.n).toBe(2);
        expect(r.theirs.warmupMs!.length).toBeGreaterThan(0);
      }
    }
    const mm = report.results.find((r) => r.workload === 1)!;
    expect(mm.ours.gflops).toBeGreaterThan(0);
    const train = report.results.find((r) => r.workload === 8)!;
    // same weights, same batches, same number of steps on both sides
    expect(train.ours.extra!.steps).toBe(train.theirs.extra!.steps);
    expect(Math.abs(Number(train.ours.extra!.finalLoss) - Number(train.theirs.extra!.finalLoss))).toBeLessThan(0.05);
    const mem = report.results.find((r) => r.workload === 12)!;
    expect(mem.mode).toBe('once');
    expect(mem.ours.extra!.peakBytes).toBeGreaterThan(0);
    expect(mem.theirs.extra!.peakBytes).toBeGreaterThan(0);
    const foundation = report.goals.find((g) => g.issue === 'foundation')!;
    expect(foundation.ratio).toBe(train.ratio);
    expect(report.goals.find((g) => g.backend === 'wasm')!.status).toBe('not measured');
  }, 300_000);

  it('writes JSON and a Markdown table', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tessera-bench-test-'));
    try {
      const files = await writeReport(report, dir);
      const json = JSON.parse(await readFile(files.json, 'utf8')) as BenchReport;
      expect(json.results.length).toBe(report.results.length);
      expect(await readFile(path.join(dir, 'latest.md'), 'utf8')).toBe(toMarkdown(report));
      const md = toMarkdown(report);
      expect(md).toContain('## Goals');
      expect(md).toContain('## 1. matMul n×n (GFLOPS)');
      expect(md).toContain('## 12. peak memory during a training epoch (MLP)');
      expect(md).toContain('| case | backend | Tessera | tfjs | ratio | CPU-time ratio | GFLOPS | notes |');
      expect(md).toContain('## Warm-up (not in the medians)');
      expect(md).toMatch(/\| 8×8 · 8×8 \| cpu \| [\d.]+ (µs|ms|s) ±\d+% \| [\d.]+ (µs|ms|s) ±\d+% \| \*\*[\d.]+×\*\* \|/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
