import type { BackendId } from './backends.js';
import type { CaseResult } from './harness.js';

/** The speed goals of the wasm, webgpu and foundation issues, checked against a run's ratios. */
export interface Goal {
  issue: 'wasm' | 'webgpu' | 'foundation';
  text: string;
  backend: BackendId;
  workload: number;
  /** Case id prefix within the workload. */
  caseId: string;
  /** Minimum ratio (tfjs time / Tessera time); undefined where the issue gives no number to this bench. */
  target?: number;
}

export const GOALS: readonly Goal[] = [
  { issue: 'wasm', text: 'matMul 1024²: ≥ 2× tfjs-wasm, Tessera on two threads', backend: 'wasm', workload: 1, caseId: 'n1024', target: 2 },
  { issue: 'wasm', text: 'matMul 1024²: ≥ 1.2× tfjs-wasm, both on one thread', backend: 'wasm-1t', workload: 1, caseId: 'n1024', target: 1.2 },
  { issue: 'wasm', text: "MNIST MLP training step ≤ 1/5 of tfjs-wasm's time", backend: 'wasm', workload: 8, caseId: 'mlp', target: 5 },
  { issue: 'wasm', text: "MNIST MLP training step ≤ 1/5 of tfjs-wasm's time (Tessera on one thread)", backend: 'wasm-1t', workload: 8, caseId: 'mlp', target: 5 },
  { issue: 'foundation', text: 'CPU backend ≥ 5× tfjs CPU on the MNIST MLP training step', backend: 'cpu', workload: 8, caseId: 'mlp', target: 5 },
  { issue: 'webgpu', text: 'matMul 1024² against tfjs-webgpu (same Dawn instance)', backend: 'webgpu', workload: 1, caseId: 'n1024' },
  { issue: 'webgpu', text: 'MNIST MLP training step against tfjs-webgpu', backend: 'webgpu', workload: 8, caseId: 'mlp' },
  { issue: 'webgpu', text: 'MNIST CNN training step against tfjs-webgpu', backend: 'webgpu', workload: 9, caseId: 'cnn' },
];

export interface GoalResult extends Goal {
  status: 'met' | 'not met' | 'measured' | 'not measured';
  ratio?: number;
  why?: string;
}

export function checkGoals(results: readonly CaseResult[], unavailable: ReadonlyMap<string, string>): GoalResult[] {
  return GOALS.map((g): GoalResult => {
    const r = results.find((x) => x.backend === g.backend && x.workload === g.workload && x.id.startsWith(g.caseId));
    if (!r) {
      const why = unavailable.get(g.backend) ?? (results.some((x) => x.backend === g.backend) ? `workload ${g.workload} was not run at this size` : `backend ${g.backend} was not run`);
      return { ...g, status: 'not measured', why };
    }
    if (r.ratio === undefined) {
      const err = r.ours.error ?? r.theirs.error ?? 'no ratio';
      return { ...g, status: 'not measured', why: err };
    }
    if (g.target === undefined) return { ...g, status: 'measured', ratio: r.ratio };
    return { ...g, status: r.ratio >= g.target ? 'met' : 'not met', ratio: r.ratio };
  });
}
