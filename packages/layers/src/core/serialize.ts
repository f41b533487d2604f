/** { className, config } for a regularizer, constraint or initializer; null when absent. */
export function serializeOptional(x: { className: string; getConfig(): Record<string, unknown> } | null): { className: string; config: Record<string, unknown> } | null {
  return x ? { className: x.className, config: x.getConfig() } : null;
}
