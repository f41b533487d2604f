import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface Machine {
  cpuModel: string;
  /** Cores this process may use (`nproc`). */
  nproc: number;
  memoryGiB: number;
  node: string;
  v8: string;
  platform: string;
  /** 1-minute load average when the run started and ended: how busy the machine was. */
  loadStart: number;
  loadEnd?: number;
}

function cpuModel(): string {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return m[1]!.trim();
  } catch {
    // not Linux
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

export function describeMachine(): Machine {
  return {
    cpuModel: cpuModel(),
    nproc: typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadStart: os.loadavg()[0]!,
  };
}

export function loadNow(): number {
  return os.loadavg()[0]!;
}
