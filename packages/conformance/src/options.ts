import type { AnyBackend } from '@tessera/core';

export interface Tolerance {
  rtol: number;
  atol: number;
}

export interface ConformanceOptions {
  /** Returns (a promise of) a fresh backend; called once per `describeBackend`. */
  create: () => AnyBackend | Promise<AnyBackend>;
  /** Tolerance for float32 results: |actual - expected| <= atol + rtol·|expected|. Default 1e-5 / 1e-6. */
  tolerance?: Partial<Tolerance>;
  /**
   * Tests this backend is known to fail, keyed by test id ('op/case name' or 'op/case name/variant'), each with a
   * non-empty reason. Strict: a listed test that passes fails the run, and so does a key that names no test.
   */
  expectedFailures?: Record<string, string>;
  /** Whether the backend supports float64 (adds the float64 variants of elementwise cases). */
  float64?: boolean;
  /** Title of the top-level describe block. Default 'conformance'. */
  name?: string;
  /**
   * A float64-capable reference backend (usually the CPU backend) for gradient checks on backends without float64:
   * their float32 gradients are compared with the reference's float64 gradients. Without it, such backends are
   * checked against float32 finite differences with loose tolerances.
   */
  gradientReference?: () => AnyBackend | Promise<AnyBackend>;
  /** Tolerance of the float32 gradient comparison. Default rtol 1e-3, atol 1e-4. */
  gradientTolerance?: Partial<Tolerance>;
  /** Runs only the tests whose id passes (for debugging a backend); expectedFailures keys are still checked. */
  filter?: (id: string) => boolean;
}

export const DEFAULT_TOLERANCE: Tolerance = { rtol: 1e-5, atol: 1e-6 };
/** float64 results: the reference is computed in float64 too, so only rounding-order differences remain. */
export const FLOAT64_TOLERANCE: Tolerance = { rtol: 1e-10, atol: 1e-12 };
