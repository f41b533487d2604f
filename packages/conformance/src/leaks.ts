import type { AnyBackend } from '@tessera/core';
import { memory } from '@tessera/core';

export interface MemorySnapshot {
  tensors: number;
  buffers: number;
}

/** Live tensors (core's count) and live buffers (the backend's own count, once queued work has finished). */
export async function snapshot(backend: AnyBackend): Promise<MemorySnapshot> {
  await backend.flush();
  return { tensors: memory().numTensors, buffers: backend.memory().buffers };
}

/** Fails when a test left tensors or backend buffers behind. */
export async function assertNoLeaks(before: MemorySnapshot, backend: AnyBackend, label: string): Promise<void> {
  const after = await snapshot(backend);
  const problems: string[] = [];
  if (after.tensors !== before.tensors) {
    problems.push(`memory().numTensors went from ${before.tensors} to ${after.tensors}`);
  }
  if (after.buffers !== before.buffers) {
    problems.push(`the '${backend.name}' backend's memory().buffers went from ${before.buffers} to ${after.buffers}`);
  }
  if (problems.length > 0) throw new Error(`${label}: leak: ${problems.join('; ')}`);
}
