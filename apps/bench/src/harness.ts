import { summarize } from './stats.js';
import type { Stats } from './stats.js';

/**
 * The A/B harness: both sides of a case are set up, then run in interleaved rounds (ours, theirs, ours, theirs…)
 * so that load from other processes falls on both alike. Warm-up rounds come first and are reported apart.
 * Every iteration awaits its results on the host (`await t.data()`), so asynchronous backends are timed to the end.
 */

/** One side of a case, set up and ready to run. */
export interface Prepared {
  /** One iteration; resolves once its results are on the host. */
  step(): unknown;
  /** Numbers to report after the timed rounds (a final loss, peak bytes…). */
  finish?(): Promise<Record<string, number | string>> | Record<string, number | string>;
  dispose(): void;
}

/** Sets one side up on the active backends; may throw (the side is then reported as failed). */
export type SideFactory = () => Promise<Prepared> | Prepared;

export interface BenchCase {
  workload: number;
  /** Stable id within the workload, e.g. 'n1024'. */
  id: string;
  title: string;
  /** Floating-point operations per iteration, for GFLOPS. */
  flops?: number;
  /**
   * 'timed' (default): interleaved rounds, median ms per iteration. 'once': each side runs `step` once and the
   * ratio compares `primary` from `finish()` (lower is better), e.g. peak memory.
   */
  mode?: 'timed' | 'once';
  /** For 'once' cases: the finish() key the ratio compares. */
  primary?: string;
  /** Training steps must match on both sides: one iteration per sample, no batching of iterations. */
  fixedInner?: boolean;
  /** Overrides of the repetition policy for this case (heavy cases take fewer rounds). */
  reps?: Partial<RepPolicy>;
  ours: SideFactory;
  theirs: SideFactory;
  /** Shown in the report (what is measured, why a side cannot run it). */
  note?: string;
  /** A native reference run after the A/B rounds (PyTorch), where one is installed. */
  reference?: (result: CaseResult) => Promise<ReferenceResult | null>;
}

export type ReferenceResult = SideResult & { name: string };

export interface RepPolicy {
  /** Rounds run before measuring, reported separately. */
  warmup: number;
  minRounds: number;
  maxRounds: number;
  /** Stop once minRounds are done and both sides together have used this much time (ms). */
  budgetMs: number;
  /** Iterations are batched into samples of at least this many ms (small ops), unless fixedInner. */
  minSampleMs: number;
  /** Slow cases: stop adding rounds after this long (ms), once `floorRounds` are done, even below minRounds. */
  maxCaseMs: number;
  floorRounds: number;
  /** A warm-up round slower than this (ms) on either side is the last one: compilation is done by then. */
  warmupCutMs: number;
}

export type SideStatus = 'ok' | 'failed' | 'unavailable';

export interface SideResult {
  status: SideStatus;
  error?: string;
  /** Wall-clock ms per iteration. */
  wall?: Stats;
  /** Process CPU ms per iteration (all threads): steadier than wall time on a loaded machine for 1-thread code. */
  cpu?: Stats;
  /** Iterations per sample. */
  inner?: number;
  /** Wall ms per iteration of each warm-up round; the first includes compilation and first-touch costs. */
  warmupMs?: number[];
  /** 2·M·N·K / median time, where the case gives flops. */
  gflops?: number;
  extra?: Record<string, number | string>;
}

export interface CaseResult {
  workload: number;
  id: string;
  title: string;
  backend: string;
  mode: 'timed' | 'once';
  flops?: number;
  ours: SideResult;
  theirs: SideResult;
  /** theirs / ours on the median wall time (or on `primary` for 'once' cases): above 1 means Tessera is ahead. */
  ratio?: number;
  /** The same ratio on CPU time. */
  cpuRatio?: number;
  /** A native reference (PyTorch) where one ran. */
  reference?: ReferenceResult;
  note?: string;
  /** Tensors a side left alive (tf.memory().numTensors after − before), when not zero. */
  leaked?: { ours: number; theirs: number };
}

interface Running {
  prepared: Prepared | null;
  result: SideResult;
  wall: number[];
  cpu: number[];
  inner: number;
}

function message(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.split('\n')[0]!.slice(0, 300);
}

async function prepare(factory: SideFactory): Promise<Running> {
  try {
    return { prepared: await factory(), result: { status: 'ok' }, wall: [], cpu: [], inner: 1 };
  } catch (e) {
    return { prepared: null, result: { status: 'failed', error: message(e) }, wall: [], cpu: [], inner: 1 };
  }
}

function fail(side: Running, e: unknown): void {
  side.result = { status: 'failed', error: message(e) };
  try {
    side.prepared?.dispose();
  } catch {
    // already failing; the first error is the one worth reporting
  }
  side.prepared = null;
}

/** Runs `inner` iterations; returns [wall ms, cpu ms] per iteration. */
async function sample(p: Prepared, inner: number): Promise<[number, number]> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < inner; i++) await p.step();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return [wall / inner, (c.user + c.system) / 1000 / inner];
}

const gc = (globalThis as { gc?: () => void }).gc;

/** Runs one case on the active backends: both sides prepared, warmed up, then measured in A/B rounds. */
export async function runCase(c: BenchCase, backend: string, policy: RepPolicy): Promise<CaseResult> {
  const pol = { ...policy, ...c.reps };
  const mode = c.mode ?? 'timed';
  gc?.();
  const sides = [await prepare(c.ours), await prepare(c.theirs)] as const;
  const live = () => sides.filter((s) => s.prepared !== null);
  try {
    if (mode === 'once') {
      for (const s of live()) {
        try {
          const [w] = await sample(s.prepared!, 1);
          s.result.warmupMs = [w];
        } catch (e) {
          fail(s, e);
        }
      }
    } else {
      for (let r = 0; r < pol.warmup; r++) {
        let slow = false;
        for (const s of live()) {
          try {
            const [w] = await sample(s.prepared!, 1);
            (s.result.warmupMs ??= []).push(w);
            slow ||= w > pol.warmupCutMs;
          } catch (e) {
            fail(s, e);
          }
        }
        if (slow) break; // both sides stop together, so stateful cases stay in step
      }
      for (const s of live()) {
        const last = s.result.warmupMs?.at(-1) ?? 0;
        s.inner = c.fixedInner || last <= 0 ? 1 : Math.max(1, Math.min(10_000, Math.ceil(pol.minSampleMs / last)));
      }
      const start = performance.now();
      for (let r = 0; r < pol.maxRounds && live().length > 0; r++) {
        for (const s of live()) {
          try {
            const [w, u] = await sample(s.prepared!, s.inner);
            s.wall.push(w);
            s.cpu.push(u);
          } catch (e) {
            fail(s, e);
          }
        }
        const elapsed = performance.now() - start;
        if (r + 1 >= pol.minRounds && elapsed >= pol.budgetMs) break;
        if (r + 1 >= pol.floorRounds && elapsed >= pol.maxCaseMs) break;
      }
    }
    for (const s of live()) {
      try {
        const extra = s.prepared!.finish ? await s.prepared!.finish() : undefined;
        if (extra) s.result.extra = extra;
      } catch (e) {
        fail(s, e);
      }
    }
  } finally {
    for (const s of live()) {
      try {
        s.prepared!.dispose();
      } catch (e) {
        s.result = { status: 'failed', error: `dispose: ${message(e)}` };
      }
    }
  }
  for (const s of sides) {
    if (s.result.status !== 'ok' || mode === 'once') continue;
    s.result.inner = s.inner;
    s.result.wall = summarize(s.wall);
    s.result.cpu = summarize(s.cpu);
    if (c.flops) s.result.gflops = c.flops / (s.result.wall.median * 1e6);
  }
  const [ours, theirs] = [sides[0].result, sides[1].result];
  const out: CaseResult = { workload: c.workload, id: c.id, title: c.title, backend, mode, ours, theirs };
  if (c.flops) out.flops = c.flops;
  if (c.note) out.note = c.note;
  if (ours.status === 'ok' && theirs.status === 'ok') {
    if (mode === 'timed') {
      out.ratio = theirs.wall!.median / ours.wall!.median;
      out.cpuRatio = theirs.cpu!.median / ours.cpu!.median;
    } else if (c.primary) {
      const a = Number(ours.extra?.[c.primary]);
      const b = Number(theirs.extra?.[c.primary]);
      if (a > 0 && Number.isFinite(b)) out.ratio = b / a;
    }
  }
  if (c.reference) {
    try {
      const ref = await c.reference(out);
      if (ref) out.reference = ref;
    } catch (e) {
      out.reference = { name: 'reference', status: 'failed', error: message(e) };
    }
  }
  return out;
}
