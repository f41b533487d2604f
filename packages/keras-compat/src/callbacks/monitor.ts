import type { Logs } from './callback.js';

export type MonitorMode = 'auto' | 'min' | 'max';

/** Keras's rule for 'auto': maximise accuracy-like and AUC-like metrics, minimise everything else. */
export function resolveMode(mode: MonitorMode, monitor: string): 'min' | 'max' {
  if (mode === 'min' || mode === 'max') return mode;
  if (mode !== 'auto') throw new Error(`Invalid value for argument \`mode\`. Expected one of "auto", "min", "max". Received: mode=${JSON.stringify(mode)}`);
  return /acc|auc|precision|recall|f1|fbeta/.test(monitor.replace(/^val_/, '')) ? 'max' : 'min';
}

export function isImprovement(current: number, best: number, mode: 'min' | 'max', minDelta: number): boolean {
  return mode === 'min' ? current < best - Math.abs(minDelta) : current > best + Math.abs(minDelta);
}

/** The monitored value, or undefined with a warning naming what is available (as Keras). */
export function monitored(logs: Logs | undefined, monitor: string, who: string): number | undefined {
  const v = logs?.[monitor];
  if (v === undefined) {
    console.warn(`${who}: metric '${monitor}' is not available. Available metrics are: ${Object.keys(logs ?? {}).join(', ')}`);
  }
  return v;
}
