import type { DType, Tensor, Variable } from '@tessera/core';
import { cast, clone, dispose, fill, fmtShape, isFloat, isTensor, isVariable, keep, listVariables, mul, scalar, shapesEqual, sub, tidy } from '@tessera/core';
import { variableGrads } from '@tessera/autograd';
import { clipByGlobalNorm, clipByNorm, clipByValueSymmetric } from './clip.js';
import type { LearningRateSchedule } from './schedules.js';
import { isSchedule } from './schedules.js';
import { checkKeys, checkNumber, describeValue } from './validate.js';

/** A number, a schedule, or any callable of the step (the number of updates already applied) giving the rate. */
export type LearningRate = number | LearningRateSchedule | ((step: number) => number);

export interface OptimizerOptions {
  learningRate?: LearningRate;
  /** Decoupled weight decay (Keras 3): before each update, x ← x - x · weightDecay · learningRate. */
  weightDecay?: number | null;
  /** Clip each gradient to this L2 norm. At most one of clipnorm, clipvalue and globalClipnorm. */
  clipnorm?: number | null;
  /** Clip each gradient element to [-clipvalue, clipvalue]. */
  clipvalue?: number | null;
  /** Scale all gradients together so their joint L2 norm is at most this. */
  globalClipnorm?: number | null;
  name?: string;
}

export const BASE_OPTION_KEYS = ['learningRate', 'weightDecay', 'clipnorm', 'clipvalue', 'globalClipnorm', 'name'] as const;

export interface NamedTensor {
  name: string;
  tensor: Tensor;
}

/** Keras's (gradient, variable) pairs, a map from variable name to gradient, or tfjs's NamedTensor list. */
export type GradsAndVars = ReadonlyArray<readonly [Tensor | null | undefined, Variable]> | Record<string, Tensor | null | undefined> | readonly NamedTensor[];

/** The host scalars one update step needs besides tensors: a fused kernel would take them as uniforms. */
export interface StepScalars {
  /** The learning rate for this update. */
  lr: number;
  /** The 1-based number of this update (Keras's `iterations + 1`). */
  step: number;
}

/** The new value of a variable and of its slots, computed from the old ones. */
export type UpdateResult = {
  x: Tensor;
  slots: Tensor[];
};

interface SlotEntry {
  shape: number[];
  dtype: DType;
  /** Kept tensors, one per slot name, replaced (not mutated) by each update. */
  values: Tensor[];
}

/**
 * The Keras optimizer contract. Subclasses declare their slots and one pure `updateStep` (old variable, gradient and
 * slots in; new ones out); the base class clips, applies decoupled weight decay, runs the step per variable inside
 * `tidy`, assigns the variable in place and swaps the slots. No backend fuses an update yet: the pure step is the
 * shape such a fused kernel would take.
 */
export abstract class Optimizer {
  /** Keras's class name ('Adam'), used in configs. */
  abstract readonly className: string;
  readonly name: string;
  readonly weightDecay: number | null;
  readonly clipnorm: number | null;
  readonly clipvalue: number | null;
  readonly globalClipnorm: number | null;

  private lr: LearningRate;
  private iters = 0;
  private readonly slotState = new Map<string, SlotEntry>();
  private excludedVars = new Set<Variable>();
  private excludedPattern: RegExp | null = null;
  private disposed = false;

  constructor(options: OptimizerOptions, defaults: { learningRate: number; name: string; weightDecay?: number | null }, owner: string) {
    this.lr = checkLearningRate(options.learningRate ?? defaults.learningRate, owner);
    this.name = options.name ?? defaults.name;
    if (typeof this.name !== 'string') throw new TypeError(`${owner}: invalid value for argument \`name\`. Expected a string. Received: name=${describeValue(this.name)}`);
    const wd = options.weightDecay === undefined ? (defaults.weightDecay ?? null) : options.weightDecay;
    this.weightDecay = wd === null ? null : checkNumber(wd, 'weightDecay', owner);
    const opt = (k: 'clipnorm' | 'clipvalue' | 'globalClipnorm') => {
      const v = options[k];
      return v === undefined || v === null ? null : checkNumber(v, k, owner, { min: 0 });
    };
    this.clipnorm = opt('clipnorm');
    this.clipvalue = opt('clipvalue');
    this.globalClipnorm = opt('globalClipnorm');
    if ([this.clipnorm, this.clipvalue, this.globalClipnorm].filter((v) => v !== null).length > 1) {
      throw new Error(
        `${owner}: only one of \`clipnorm\`, \`clipvalue\` and \`globalClipnorm\` can be set. Received: clipnorm=${this.clipnorm}, clipvalue=${this.clipvalue}, globalClipnorm=${this.globalClipnorm}`,
      );
    }
  }

  /** Slot names per variable, in the order getWeights lists them (Keras's names). */
  protected abstract slotNames(): readonly string[];

  /** The value a slot starts from (zeros unless the optimizer says otherwise). */
  protected initialSlotValue(_slot: string): number {
    return 0;
  }

  /** One update of one variable. Pure: reads its inputs, returns new tensors. */
  protected abstract updateStep(x: Tensor, g: Tensor, slots: readonly Tensor[], s: StepScalars): UpdateResult;

  /** Optimizer-wide state besides the iteration count (Nadam's running product), for getWeights/setWeights. */
  protected globalState(): Record<string, number> {
    return {};
  }

  protected setGlobalState(_name: string, _value: number): void {}

  /** Called once per update before the per-variable steps (Nadam advances its product here). */
  protected beginStep(_step: number): void {}

  /** The optimizer's own hyperparameters for getConfig. */
  protected abstract hyperparameters(): Record<string, unknown>;

  /** The number of updates applied so far. */
  get iterations(): number {
    return this.iters;
  }

  /** The learning rate the next update will use (a schedule or callable evaluated at the current step). */
  get learningRate(): number {
    return this.currentLearningRate();
  }

  /** Replaces the learning rate. A schedule cannot be replaced by a number (as in Keras). */
  set learningRate(value: LearningRate) {
    const v = checkLearningRate(value, this.className);
    if (typeof v === 'number' && isSchedule(this.lr)) {
      throw new TypeError(
        `${this.className}: this optimizer was created with a learning-rate schedule, so its learning rate is not settable to a number. Create the optimizer with a number learningRate to change it.`,
      );
    }
    this.lr = v;
  }

  private currentLearningRate(): number {
    const lr = this.lr;
    const v = typeof lr === 'number' ? lr : lr(this.iters);
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new TypeError(`${this.className}: the learning-rate schedule returned ${describeValue(v)} at step ${this.iters}. Expected a finite number.`);
    }
    return v;
  }

  /**
   * Excludes variables from weight decay: those in `varList`, and those whose name contains any of `varNames`
   * (Keras's `exclude_from_weight_decay`, e.g. varNames ['bias']).
   */
  excludeFromWeightDecay(varList?: Variable[] | null, varNames?: string[] | null): void {
    this.excludedVars = new Set(varList ?? []);
    const names = varNames ?? [];
    this.excludedPattern = names.length ? new RegExp(names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')) : null;
  }

  private usesWeightDecay(v: Variable): boolean {
    if (this.weightDecay === null || this.excludedVars.has(v)) return false;
    return !(this.excludedPattern && this.excludedPattern.test(v.name));
  }

  /**
   * Applies one update: clips the gradients, decays the weights, steps each variable and counts the iteration.
   * Accepts Keras's [gradient, variable] pairs, a { name: gradient } map (variables from `varList`, else every
   * live variable) or tfjs's [{ name, tensor }] list. Variables with a null gradient are skipped. The gradients
   * stay the caller's.
   */
  applyGradients(gradsAndVars: GradsAndVars, varList?: Variable[]): void {
    this.assertAlive('applyGradients');
    const pairs = this.resolvePairs(gradsAndVars, varList);
    const lr = this.currentLearningRate();
    const step = this.iters + 1;
    const grads = tidy(() => this.clip(pairs.map(([g, v]) => (g.dtype === v.dtype ? g : cast(g, v.dtype)))));
    try {
      this.beginStep(step);
      for (let i = 0; i < pairs.length; i++) {
        const v = pairs[i]![1];
        const entry = this.slotsFor(v);
        const decay = this.usesWeightDecay(v) ? this.weightDecay! * lr : 0;
        const result = tidy(() => {
          const x = decay !== 0 ? sub(v, mul(v, decay)) : v;
          return this.updateStep(x, grads[i]!, entry.values, { lr, step });
        });
        v.assign(result.x);
        result.x.dispose();
        const old = entry.values;
        entry.values = result.slots.map((s) => keep(s));
        for (const o of old) if (!entry.values.includes(o)) o.dispose();
      }
    } finally {
      for (let i = 0; i < grads.length; i++) if (grads[i] !== pairs[i]![0]) grads[i]!.dispose();
    }
    this.iters = step;
  }

  /**
   * Minimizes the scalar f: differentiates it (autograd's variableGrads) with respect to `varList` (default every
   * trainable variable it reads), applies the gradients, and returns the cost if asked. Both tfjs's argument order
   * `minimize(f, returnCost, varList)` and `minimize(f, varList, returnCost)` work.
   */
  minimize(f: () => Tensor, varList?: Variable[], returnCost?: boolean): Tensor | null;
  minimize(f: () => Tensor, returnCost?: boolean, varList?: Variable[]): Tensor | null;
  minimize(f: () => Tensor, a?: Variable[] | boolean, b?: Variable[] | boolean): Tensor | null {
    this.assertAlive('minimize');
    const varList = (Array.isArray(a) ? a : Array.isArray(b) ? b : undefined) as Variable[] | undefined;
    const returnCost = typeof a === 'boolean' ? a : typeof b === 'boolean' ? b : false;
    const { value, grads } = variableGrads(f, varList);
    try {
      if (value.rank !== 0) {
        throw new Error(`${this.className}.minimize: f must return a scalar. Received a tensor of shape ${fmtShape(value.shape)}.`);
      }
      const vars = varList ?? listVariables().filter((v) => v.trainable);
      const pairs: [Tensor, Variable][] = vars.filter((v) => grads[v.name]).map((v) => [grads[v.name]!, v]);
      this.applyGradients(pairs);
    } catch (e) {
      value.dispose();
      throw e;
    } finally {
      dispose(grads);
    }
    if (returnCost) return value;
    value.dispose();
    return null;
  }

  /**
   * The optimizer's state as copies the caller owns: 'iterations' first, then any optimizer-wide state, then each
   * slot as '<variable name>/<slot>' (slot by slot, variables in the order first updated).
   */
  async getWeights(): Promise<NamedTensor[]> {
    this.assertAlive('getWeights');
    const out: NamedTensor[] = [{ name: 'iterations', tensor: scalar(this.iters, 'int32') }];
    for (const [name, value] of Object.entries(this.globalState())) out.push({ name, tensor: scalar(value) });
    this.slotNames().forEach((slot, k) => {
      for (const [varName, entry] of this.slotState) out.push({ name: `${varName}/${slot}`, tensor: clone(entry.values[k]!) });
    });
    return out;
  }

  /**
   * Restores state from getWeights's format (tfjs's 'iter' is accepted for the count). Slots of variables not yet
   * updated are held until their variable is, and then must match its shape. The tensors are copied.
   */
  async setWeights(weights: readonly NamedTensor[]): Promise<void> {
    this.assertAlive('setWeights');
    if (!Array.isArray(weights)) throw new TypeError(`${this.className}.setWeights: expected an array of { name, tensor }. Received: ${describeValue(weights)}`);
    const slots = this.slotNames();
    const globals = this.globalState();
    for (const w of weights) {
      if (!w || typeof w.name !== 'string' || !isTensor(w.tensor)) {
        throw new TypeError(`${this.className}.setWeights: every entry must be { name: string, tensor: Tensor }.`);
      }
      if (w.name === 'iterations' || w.name === 'iter') {
        const n = (await w.tensor.data())[0]!;
        if (!(Number.isInteger(n) && n >= 0)) throw new RangeError(`${this.className}.setWeights: 'iterations' must be an integer >= 0. Received: ${n}`);
        this.iters = n;
        continue;
      }
      if (w.name in globals) {
        this.setGlobalState(w.name, (await w.tensor.data())[0]!);
        continue;
      }
      const cut = w.name.lastIndexOf('/');
      const varName = w.name.slice(0, cut);
      const slot = w.name.slice(cut + 1);
      const k = slots.indexOf(slot);
      if (cut <= 0 || k < 0) {
        throw new Error(
          `${this.className}.setWeights: unknown weight '${w.name}'. Expected 'iterations', ${Object.keys(globals).map((g) => `'${g}', `).join('')}or '<variable name>/<slot>' with a slot among ${slots.map((s) => `'${s}'`).join(', ') || '(none)'}.`,
        );
      }
      let entry = this.slotState.get(varName);
      if (!entry) {
        entry = {
          shape: [...w.tensor.shape],
          dtype: w.tensor.dtype,
          values: slots.map((s) => keep(fill([...w.tensor.shape], this.initialSlotValue(s), w.tensor.dtype))),
        };
        this.slotState.set(varName, entry);
      } else if (!shapesEqual(entry.shape, w.tensor.shape)) {
        throw new Error(`${this.className}.setWeights: '${w.name}' has shape ${fmtShape(w.tensor.shape)}; the optimizer holds shape ${fmtShape(entry.shape)} for '${varName}'.`);
      }
      const old = entry.values[k]!;
      entry.values[k] = keep(clone(w.tensor));
      old.dispose();
    }
  }

  getConfig(): Record<string, unknown> {
    const lr = this.lr;
    return {
      name: this.name,
      learningRate: typeof lr === 'number' ? lr : isSchedule(lr) ? { className: lr.className, config: lr.getConfig() } : lr,
      weightDecay: this.weightDecay,
      clipnorm: this.clipnorm,
      globalClipnorm: this.globalClipnorm,
      clipvalue: this.clipvalue,
      ...this.hyperparameters(),
    };
  }

  /** Frees the slots. The optimizer cannot be used afterwards. */
  dispose(): void {
    for (const e of this.slotState.values()) for (const t of e.values) t.dispose();
    this.slotState.clear();
    this.disposed = true;
  }

  private assertAlive(what: string): void {
    if (this.disposed) throw new Error(`${this.className}.${what}: the optimizer has been disposed.`);
  }

  private clip(grads: Tensor[]): Tensor[] {
    if (this.clipnorm) return grads.map((g) => clipByNorm(g, this.clipnorm!));
    if (this.globalClipnorm) return clipByGlobalNorm(grads, this.globalClipnorm);
    if (this.clipvalue) return grads.map((g) => clipByValueSymmetric(g, this.clipvalue!));
    return grads;
  }

  private slotsFor(v: Variable): SlotEntry {
    let entry = this.slotState.get(v.name);
    if (!entry) {
      entry = {
        shape: [...v.shape],
        dtype: v.dtype,
        values: this.slotNames().map((s) => keep(fill([...v.shape], this.initialSlotValue(s), v.dtype))),
      };
      this.slotState.set(v.name, entry);
    } else if (!shapesEqual(entry.shape, v.shape)) {
      throw new Error(
        `${this.className}.applyGradients: the optimizer's state for variable '${v.name}' has shape ${fmtShape(entry.shape)}, but the variable has shape ${fmtShape(v.shape)}. Use a new optimizer for new variables.`,
      );
    }
    return entry;
  }

  private resolvePairs(gradsAndVars: GradsAndVars, varList?: Variable[]): [Tensor, Variable][] {
    const op = `${this.className}.applyGradients`;
    let raw: [Tensor | null | undefined, Variable | undefined, string][];
    const byName = (name: string): Variable | undefined => (varList ?? listVariables()).find((v) => v.name === name);
    if (Array.isArray(gradsAndVars)) {
      raw = (gradsAndVars as unknown[]).map((item, i) => {
        if (Array.isArray(item)) {
          if (!isVariable(item[1])) throw new TypeError(`${op}: entry ${i} must be [gradient, variable]; its second element is not a Variable.`);
          return [item[0] as Tensor | null, item[1], item[1].name];
        }
        const nt = item as NamedTensor;
        if (!nt || typeof nt.name !== 'string') throw new TypeError(`${op}: entry ${i} must be [gradient, variable] or { name, tensor }.`);
        return [nt.tensor, byName(nt.name), nt.name];
      });
    } else if (gradsAndVars && typeof gradsAndVars === 'object') {
      raw = Object.entries(gradsAndVars as Record<string, Tensor | null>).map(([name, g]) => [g, byName(name), name]);
    } else {
      throw new TypeError(`${op}: expected [gradient, variable] pairs or a { variableName: gradient } map. Received: ${describeValue(gradsAndVars)}`);
    }
    const pairs: [Tensor, Variable][] = [];
    const seen = new Set<Variable>();
    for (const [g, v, name] of raw) {
      if (g === null || g === undefined) continue;
      if (!v) {
        throw new Error(`${op}: no variable named '${name}'${varList ? ' in varList' : ' is alive'}. Pass the variables as [gradient, variable] pairs or in varList.`);
      }
      if (!isTensor(g)) throw new TypeError(`${op}: the gradient for '${name}' is not a Tensor. Received: ${describeValue(g)}`);
      if (seen.has(v)) throw new Error(`${op}: variable '${name}' appears more than once.`);
      seen.add(v);
      if (!shapesEqual(g.shape, v.shape)) {
        throw new Error(`${op}: the gradient for variable '${name}' has shape ${fmtShape(g.shape)}, but the variable has shape ${fmtShape(v.shape)}.`);
      }
      if (!isFloat(v.dtype)) throw new TypeError(`${op}: variable '${name}' has dtype ${v.dtype}; only float variables can be optimized.`);
      pairs.push([g, v]);
    }
    if (pairs.length === 0) throw new Error(`${op}: no gradients provided for any variable.`);
    return pairs;
  }
}

function checkLearningRate(lr: unknown, owner: string): LearningRate {
  if (typeof lr === 'function') return lr as LearningRate;
  if (typeof lr === 'number' && Number.isFinite(lr)) return lr;
  throw new TypeError(
    `${owner}: invalid value for argument \`learningRate\`. Expected a number, a learning-rate schedule, or a function of the step returning a number. Received: learningRate=${describeValue(lr)}`,
  );
}

/** Splits a constructor argument: a bare number is the learning rate (tfjs's `adam(0.01)`), else an options object. */
export function parseOptions<T extends OptimizerOptions>(arg: number | T | undefined, keys: readonly string[], owner: string): T {
  if (arg === undefined) return {} as T;
  if (typeof arg === 'number' || typeof arg === 'function') return { learningRate: arg } as T;
  return checkKeys(arg, [...BASE_OPTION_KEYS, ...keys], owner) as T;
}
