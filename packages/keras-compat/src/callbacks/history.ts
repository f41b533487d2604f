import { Callback } from './callback.js';
import type { Logs } from './callback.js';

/** Records the epoch logs: `history.history.loss[i]` is epoch i's loss (as Keras and tfjs). */
export class History extends Callback {
  epoch: number[] = [];
  history: Record<string, number[]> = {};

  override onTrainBegin(): void {
    this.epoch = [];
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    this.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) (this.history[k] ??= []).push(v);
  }
}
