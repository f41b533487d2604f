import type { DType } from '../dtype.js';
import type { Tensor } from '../tensor.js';

/**
 * Op test cases, declared next to each op family (`ops/<family>.cases.ts`) and run by @tessera/conformance on
 * every backend. A case is data plus a call; the kit derives variants from it (non-contiguous inputs, dtypes) and
 * checks gradients by finite differences where `grad` is set.
 */
export interface CaseInput {
  shape: number[];
  /** Row-major values; omit for seeded random values from `random`. */
  values?: number[];
  dtype?: DType;
  /** Seeded uniform values in [min, max) when `values` is omitted (integers for int32, 0/1 for bool). */
  random?: { min?: number; max?: number; seed: number };
}

export interface CaseExpected {
  shape: number[];
  values: number[];
  dtype?: DType;
}

export interface OpCase {
  /** The public op under test (used for grouping and for expected-failure keys `op/name`). */
  op: string;
  /** What this case covers: unique within its op. */
  name: string;
  inputs: CaseInput[];
  /** Calls the op on tensors built from `inputs`. Numbers and options are closed over. */
  run: (...inputs: Tensor[]) => Tensor | Tensor[];
  /** Exact expected result(s), or a reference that computes them from the host inputs in float64. */
  expected?: CaseExpected | CaseExpected[];
  reference?: (...inputs: HostTensor[]) => CaseExpected | CaseExpected[];
  /** Tolerance for float results; defaults come from the backend's tolerance. */
  rtol?: number;
  atol?: number;
  /** Check the gradient of a weighted sum of the outputs by central finite differences (float64 where supported). */
  grad?: boolean | { inputs?: number[]; rtol?: number; atol?: number; eps?: number };
  /** The case must throw an error matching this (the message must name the argument or shapes). */
  throws?: RegExp;
  /** Skip the non-contiguous-input variant (for ops whose call builds its own views). */
  contiguousOnly?: boolean;
  /**
   * Elementwise ops (unary/binary families): the kit derives more variants from `reference`: other input shapes
   * (rank 0, size 0 and, with several inputs, broadcasting) and each listed dtype for the float inputs (float64
   * only on backends that list it).
   */
  elementwise?: { dtypes?: DType[] };
}

/** Host-side tensor handed to `reference`: plain row-major values. */
export interface HostTensor {
  shape: number[];
  values: number[];
  dtype: DType;
}
