import type { Model } from '../engine/model.js';

export type Logs = Record<string, number>;

/** Parameters of the running fit/evaluate/predict, as Keras passes them to callbacks. */
export interface CallbackParams {
  epochs?: number;
  steps?: number;
  samples?: number;
  verbose?: number;
  batchSize?: number;
  metrics?: string[];
}

/**
 * Keras's callback hooks. Batch hooks receive `logs` lazily: calling `readLogs()` reads the running metrics from the
 * device (asynchronously), so a callback that doesn't need them costs nothing.
 */
export abstract class Callback {
  model: Model | null = null;
  params: CallbackParams = {};

  setModel(model: Model): void {
    this.model = model;
  }
  setParams(params: CallbackParams): void {
    this.params = params;
  }
  onTrainBegin(_logs?: Logs): void | Promise<void> {}
  onTrainEnd(_logs?: Logs): void | Promise<void> {}
  onEpochBegin(_epoch: number, _logs?: Logs): void | Promise<void> {}
  onEpochEnd(_epoch: number, _logs?: Logs): void | Promise<void> {}
  onTrainBatchBegin(_batch: number): void | Promise<void> {}
  onTrainBatchEnd(_batch: number, _readLogs: () => Promise<Logs>): void | Promise<void> {}
  onTestBegin(_logs?: Logs): void | Promise<void> {}
  onTestEnd(_logs?: Logs): void | Promise<void> {}
  onTestBatchEnd(_batch: number, _readLogs: () => Promise<Logs>): void | Promise<void> {}
  onPredictBegin(): void | Promise<void> {}
  onPredictEnd(): void | Promise<void> {}
  onPredictBatchEnd(_batch: number): void | Promise<void> {}
}

type Hook = Exclude<keyof Callback, 'model' | 'params' | 'setModel' | 'setParams'>;

/** Runs every callback's hook in order, awaiting each. */
export class CallbackList {
  constructor(readonly callbacks: Callback[]) {}

  setModel(model: Model): void {
    for (const c of this.callbacks) c.setModel(model);
  }
  setParams(params: CallbackParams): void {
    for (const c of this.callbacks) c.setParams(params);
  }
  async call(hook: Hook, ...args: unknown[]): Promise<void> {
    for (const c of this.callbacks) {
      await (c[hook] as (...a: unknown[]) => void | Promise<void>).apply(c, args);
    }
  }
}

/** A callback from plain functions (Keras's LambdaCallback; tfjs's CustomCallback args work too). */
export class LambdaCallback extends Callback {
  constructor(
    private readonly fns: {
      onTrainBegin?: (logs?: Logs) => void | Promise<void>;
      onTrainEnd?: (logs?: Logs) => void | Promise<void>;
      onEpochBegin?: (epoch: number, logs?: Logs) => void | Promise<void>;
      onEpochEnd?: (epoch: number, logs?: Logs) => void | Promise<void>;
      onBatchBegin?: (batch: number) => void | Promise<void>;
      onBatchEnd?: (batch: number, logs?: Logs) => void | Promise<void>;
    },
  ) {
    super();
  }
  override onTrainBegin(logs?: Logs) {
    return this.fns.onTrainBegin?.(logs);
  }
  override onTrainEnd(logs?: Logs) {
    return this.fns.onTrainEnd?.(logs);
  }
  override onEpochBegin(epoch: number, logs?: Logs) {
    return this.fns.onEpochBegin?.(epoch, logs);
  }
  override onEpochEnd(epoch: number, logs?: Logs) {
    return this.fns.onEpochEnd?.(epoch, logs);
  }
  override onTrainBatchBegin(batch: number) {
    return this.fns.onBatchBegin?.(batch);
  }
  override async onTrainBatchEnd(batch: number, readLogs: () => Promise<Logs>) {
    if (this.fns.onBatchEnd) await this.fns.onBatchEnd(batch, await readLogs());
  }
}
