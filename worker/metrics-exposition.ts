/**
 * Joins two Prometheus text expositions into one: ours (prom-client) and the Temporal SDK's (core's exporter). A
 * metric family may appear only once in a scrape, so a family of the second text whose name the first already has is
 * left out (none is expected: ours are `tenant_orchestrator_*`, `process_*` and `nodejs_*`, the SDK's `temporal_*`).
 */

/** The family a `# HELP`/`# TYPE` line or a sample line belongs to (histogram and summary samples by their base). */
function familyOf(line: string, types: ReadonlyMap<string, string>): string | undefined {
  const comment = /^#\s+(?:HELP|TYPE)\s+([A-Za-z_:][A-Za-z0-9_:]*)/.exec(line);
  if (comment) return comment[1];
  if (line.startsWith('#') || line.trim() === '') return undefined;
  const name = /^[A-Za-z_:][A-Za-z0-9_:]*/.exec(line)?.[0];
  if (!name) return undefined;
  for (const suffix of ['_bucket', '_sum', '_count', '_created']) {
    const base = name.slice(0, -suffix.length);
    if (name.endsWith(suffix) && types.has(base)) return base;
  }
  return name;
}

/** Names of the families a text declares (`# TYPE`) or has samples of. */
export function familyNames(text: string): Set<string> {
  const types = declaredTypes(text);
  const names = new Set(types.keys());
  for (const line of text.split('\n')) {
    const family = familyOf(line, types);
    if (family) names.add(family);
  }
  return names;
}

function declaredTypes(text: string): Map<string, string> {
  const types = new Map<string, string>();
  for (const match of text.matchAll(/^#\s+TYPE\s+([A-Za-z_:][A-Za-z0-9_:]*)\s+(\S+)/gm)) {
    types.set(match[1] as string, match[2] as string);
  }
  return types;
}

export interface MergedExposition {
  text: string;
  /** Families of `second` left out because `first` has them. */
  dropped: string[];
}

/** `first`, then `second` without the families `first` has; each part ends with a newline. */
export function mergeExpositions(first: string, second: string): MergedExposition {
  const taken = familyNames(first);
  const types = declaredTypes(second);
  const dropped = new Set<string>();
  const kept = second.split('\n').filter((line) => {
    const family = familyOf(line, types);
    if (family === undefined || !taken.has(family)) return true;
    dropped.add(family);
    return false;
  });
  const tail = kept.join('\n').trim();
  const head = first.endsWith('\n') || first === '' ? first : `${first}\n`;
  return { text: tail ? `${head}${tail}\n` : head, dropped: [...dropped] };
}
