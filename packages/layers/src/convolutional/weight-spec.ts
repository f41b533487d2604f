import { getInitializer, serializeInitializer } from '../initializers.js';
import type { Initializer, InitializerIdentifier } from '../initializers.js';
import { getRegularizer } from '../regularizers.js';
import type { Regularizer, RegularizerIdentifier } from '../regularizers.js';
import { getConstraint } from '../constraints.js';
import type { Constraint, ConstraintIdentifier } from '../constraints.js';
import { serializeOptional } from '../core/serialize.js';

/**
 * A weight's initializer, regularizer and constraint, resolved (and so validated) at construction as Keras does,
 * serialized under the camelCase prefix the layer uses (`kernel`, `bias`, `depthwise`, `pointwise`).
 */
export class WeightSpec {
  readonly initializer: Initializer;
  readonly regularizer: Regularizer | null;
  readonly constraint: Constraint | null;

  constructor(
    /** camelCase prefix of the arguments: kernel → kernelInitializer. */
    readonly prefix: string,
    args: { initializer?: InitializerIdentifier; regularizer?: RegularizerIdentifier | null; constraint?: ConstraintIdentifier | null },
    defaultInitializer: string,
  ) {
    this.initializer = getInitializer(args.initializer ?? defaultInitializer, `${prefix}_initializer`);
    this.regularizer = getRegularizer(args.regularizer, `${prefix}_regularizer`);
    this.constraint = getConstraint(args.constraint, `${prefix}_constraint`);
  }

  /** What `addWeight` takes. */
  get options() {
    return { initializer: this.initializer, regularizer: this.regularizer, constraint: this.constraint };
  }

  initializerConfig(): Record<string, unknown> {
    return { [`${this.prefix}Initializer`]: serializeInitializer(this.initializer) };
  }

  regularizerConfig(): Record<string, unknown> {
    return { [`${this.prefix}Regularizer`]: serializeOptional(this.regularizer) };
  }

  constraintConfig(): Record<string, unknown> {
    return { [`${this.prefix}Constraint`]: serializeOptional(this.constraint) };
  }
}
