/**
 * Weight file paths in a manifest name files inside the model's folder, nothing else: no '..', no absolute
 * paths, no URLs (which would let a model.json read any file or host its loader can reach).
 */
export function checkWeightPath(p: unknown, where: string): string {
  const bad = (why: string) =>
    new Error(
      `${where}: weight path ${JSON.stringify(p)} ${why}. Weight paths must be relative file names inside the model's folder (no '..', no absolute paths, no URLs).`,
    );
  if (typeof p !== 'string' || p.length === 0) throw bad('is not a non-empty string');
  if (p.length > 1024) throw bad('is longer than 1024 characters');
  if (p.includes('\0')) throw bad('contains a NUL character');
  if (p.includes('\\')) throw bad('contains a backslash');
  if (p.startsWith('/')) throw bad('is an absolute path');
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(p)) throw bad('is a URL or a drive path');
  const segments = p.split('/');
  if (segments.some((s) => s === '..')) throw bad("climbs out of the model's folder with '..'");
  if (segments.some((s) => s === '' || s === '.')) throw bad("has an empty or '.' segment");
  return p;
}
