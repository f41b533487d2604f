/**
 * Strict expected failures: a listed test must still fail (else the run tells you to remove it), every key must
 * name a declared test, and every reason must say something.
 */
export async function withExpectation(id: string, reason: string | undefined, body: () => Promise<void>): Promise<void> {
  if (reason === undefined) return body();
  let failed = false;
  try {
    await body();
  } catch {
    failed = true;
  }
  if (!failed) {
    throw new Error(`${id}: expected failure now passes: remove it from expectedFailures (its reason was: ${reason})`);
  }
}

/** Problems with the expectedFailures map: unknown keys and empty reasons. */
export function checkExpectedFailures(expectedFailures: Record<string, unknown>, knownIds: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  for (const [key, reason] of Object.entries(expectedFailures)) {
    if (!knownIds.has(key)) {
      problems.push(`'${key}' names no test (ids look like 'op/case name' or 'op/case name/variant')`);
    }
    if (typeof reason !== 'string' || reason.trim() === '') {
      problems.push(`'${key}' needs a non-empty reason`);
    }
  }
  return problems;
}
