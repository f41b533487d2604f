import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CaseResult, SideResult } from './harness.js';
import type { BenchReport } from './run.js';

/** The report as JSON (everything) and as Markdown (the tables the README shows). */

export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms < 1) return `${(ms * 1000).toPrecision(3)} µs`;
  if (ms < 1000) return `${ms.toPrecision(3)} ms`;
  return `${(ms / 1000).toPrecision(3)} s`;
}

export function fmtBytes(b: number): string {
  if (!Number.isFinite(b)) return 'n/a';
  return b >= 2 ** 20 ? `${(b / 2 ** 20).toFixed(1)} MiB` : `${(b / 1024).toFixed(1)} KiB`;
}

const ratio = (r: number | undefined) => (r === undefined ? '—' : `**${r.toFixed(2)}×**`);

function cell(s: SideResult, c: CaseResult): string {
  if (s.status !== 'ok') return s.status === 'failed' ? `failed: ${escape(s.error ?? '')}` : s.status;
  if (c.mode === 'once') {
    const p = Number(s.extra?.peakBytes);
    return Number.isFinite(p) ? fmtBytes(p) : 'ok';
  }
  const w = s.wall!;
  const spread = w.median > 0 ? Math.round((100 * w.iqr) / w.median) : 0;
  return `${fmtMs(w.median)} ±${spread}%`;
}

function escape(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function gflops(c: CaseResult): string {
  if (!c.flops) return '';
  const g = (s: SideResult) => (s.gflops === undefined ? '—' : s.gflops.toPrecision(3));
  return `${g(c.ours)} / ${g(c.theirs)}`;
}

function notes(c: CaseResult): string {
  const out: string[] = [];
  const lo = Number(c.ours.extra?.finalLoss);
  const lt = Number(c.theirs.extra?.finalLoss);
  if (c.ours.extra?.finalLoss !== undefined || c.theirs.extra?.finalLoss !== undefined) {
    out.push(`final loss ${Number.isFinite(lo) ? lo.toFixed(4) : '—'} / ${Number.isFinite(lt) ? lt.toFixed(4) : '—'} after ${c.ours.extra?.steps ?? c.theirs.extra?.steps ?? '?'} steps`);
  }
  if (c.mode === 'once') {
    const e = (s: SideResult) => (s.extra?.epochMs !== undefined ? fmtMs(Number(s.extra.epochMs)) : '—');
    out.push(`epoch ${e(c.ours)} / ${e(c.theirs)}`);
    if (c.ours.extra?.peakBackendBytes) out.push(`Tessera backend peak ${fmtBytes(Number(c.ours.extra.peakBackendBytes))}`);
  }
  if (c.leaked) out.push(`left ${c.leaked.ours} / ${c.leaked.theirs} tensors alive`);
  return escape(out.join('; '));
}

export function toMarkdown(r: BenchReport): string {
  const m = r.machine;
  const lines: string[] = [];
  lines.push(`# Tessera vs TensorFlow.js ${r.versions.tfjs}: ${r.size} run`);
  lines.push('');
  lines.push(`- Date: ${r.date}; took ${(r.durationMs / 60_000).toFixed(1)} min; command: \`${r.command}\``);
  lines.push(`- Machine: ${m.cpuModel}, nproc ${m.nproc}, ${m.memoryGiB} GiB, ${m.platform}; Node ${m.node} (V8 ${m.v8})`);
  lines.push(`- Load average (1 min) at start / end: ${m.loadStart.toFixed(2)} / ${m.loadEnd?.toFixed(2) ?? '?'}`);
  lines.push(
    `- Repetitions: ${r.policy.warmup} warm-up round(s) (reported apart), then ${r.policy.minRounds}–${r.policy.maxRounds} interleaved A/B rounds (stop after ${r.policy.budgetMs / 1000} s per case), samples of ≥ ${r.policy.minSampleMs} ms; per-case overrides for the training steps.`,
  );
  lines.push(`- PyTorch reference: ${r.versions.torch ? `torch ${r.versions.torch}` : 'not importable by python3 (install python3-torch to add it)'}`);
  lines.push('');
  lines.push('Times are medians per iteration of wall-clock time, ±x% = interquartile range / median. **ratio = tfjs time / Tessera time: above 1 means Tessera is faster** (for memory: tfjs bytes / Tessera bytes). The CPU-time ratio compares process CPU time instead (all threads): steadier on a loaded machine for single-threaded code, but it counts the threads of a multi-threaded backend against it. GFLOPS are Tessera / tfjs.');
  lines.push('');
  lines.push('| backend | Tessera | tfjs |');
  lines.push('|---|---|---|');
  for (const b of r.backends) lines.push(`| ${b.id} | ${b.unavailable ? `unavailable: ${escape(b.unavailable)}` : b.ours} | ${b.theirs ?? '—'} |`);
  lines.push('');
  lines.push('## Goals');
  lines.push('');
  lines.push('| issue | goal | backend | ratio | target | status |');
  lines.push('|---|---|---|---|---|---|');
  for (const g of r.goals) {
    lines.push(`| ${g.issue} | ${escape(g.text)} | ${g.backend} | ${ratio(g.ratio)} | ${g.target === undefined ? '—' : `≥ ${g.target}×`} | ${g.status}${g.why ? ` (${escape(g.why)})` : ''} |`);
  }
  for (const w of r.workloads) {
    const rows = r.results.filter((x) => x.workload === w.id);
    if (rows.length === 0) continue;
    lines.push('');
    lines.push(`## ${w.id}. ${w.name}`);
    lines.push('');
    const withFlops = rows.some((x) => x.flops);
    lines.push(`| case | backend | Tessera | tfjs | ratio | CPU-time ratio${withFlops ? ' | GFLOPS' : ''} | notes |`);
    lines.push(`|---|---|---|---|---|---|${withFlops ? '---|' : ''}---|`);
    for (const c of rows) {
      const cpuRatio = c.cpuRatio === undefined ? '—' : `${c.cpuRatio.toFixed(2)}×`;
      lines.push(`| ${escape(c.title)} | ${c.backend} | ${cell(c.ours, c)} | ${cell(c.theirs, c)} | ${ratio(c.ratio)} | ${cpuRatio}${withFlops ? ` | ${gflops(c)}` : ''} | ${notes(c)} |`);
      const ref = c.reference;
      if (ref) {
        const rr = ref.status === 'ok' && c.ours.wall ? ref.wall!.median / c.ours.wall.median : undefined;
        const loss = ref.extra?.finalLoss !== undefined ? `final loss ${Number(ref.extra.finalLoss).toFixed(4)} after ${ref.extra.steps} steps; ` : '';
        lines.push(`| ↳ native reference: ${escape(ref.name)} | ${c.backend} | — | ${cell(ref, c)} | ${ratio(rr)} | —${withFlops ? ' | ' : ''} | ${loss}ratio = PyTorch time / Tessera time |`);
      }
    }
    const noteList = [...new Set(rows.map((x) => x.note).filter(Boolean))];
    if (noteList.length) {
      lines.push('');
      for (const n of noteList) lines.push(`- ${n}`);
    }
  }
  const warm = r.results.filter((c) => c.mode === 'timed' && (c.ours.warmupMs?.length || c.theirs.warmupMs?.length));
  if (warm.length) {
    lines.push('');
    lines.push('## Warm-up (not in the medians)');
    lines.push('');
    lines.push('First call and last warm-up call, per iteration: Tessera / tfjs.');
    lines.push('');
    lines.push('| # | case | backend | first call | last warm-up |');
    lines.push('|---|---|---|---|---|');
    const f = (s: SideResult, i: 0 | -1) => (s.warmupMs?.length ? fmtMs(i === 0 ? s.warmupMs[0]! : s.warmupMs.at(-1)!) : '—');
    for (const c of warm) lines.push(`| ${c.workload} | ${escape(c.title)} | ${c.backend} | ${f(c.ours, 0)} / ${f(c.theirs, 0)} | ${f(c.ours, -1)} / ${f(c.theirs, -1)} |`);
  }
  lines.push('');
  return lines.join('\n');
}

/** Writes <stamp>.json and <stamp>.md into `dir`, and the same as latest.json / latest.md. */
export async function writeReport(r: BenchReport, dir: string): Promise<{ json: string; md: string }> {
  await mkdir(dir, { recursive: true });
  const stamp = `bench-${r.size}-${r.date.replace(/[:.]/g, '-')}`;
  const json = JSON.stringify(r, null, 2) + '\n';
  const md = toMarkdown(r);
  const files = { json: path.join(dir, `${stamp}.json`), md: path.join(dir, `${stamp}.md`) };
  await Promise.all([
    writeFile(files.json, json),
    writeFile(files.md, md),
    writeFile(path.join(dir, 'latest.json'), json),
    writeFile(path.join(dir, 'latest.md'), md),
  ]);
  return files;
}
