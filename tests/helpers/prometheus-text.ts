/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), for tests that scrape `/metrics`: every
 * line must be a comment, `# HELP`, `# TYPE` or a sample (`name{label="value",…} value [timestamp]`); a family
 * declared twice, a malformed line or a bad value fails the parse, so a scrape Prometheus would refuse fails the test.
 */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  /** `# TYPE` of each family. */
  types: ReadonlyMap<string, string>;
  samples: readonly Sample[];
}

const NAME = /^[A-Za-z_:][A-Za-z0-9_:]*/;
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** As Prometheus reads it (Go's ParseFloat): NaN and Inf in any case, e.g. prom-client's `Nan` of an empty lag. */
function parseValue(text: string, line: string): number {
  const special = text.toLowerCase();
  if (special === '+inf' || special === 'inf') return Infinity;
  if (special === '-inf') return -Infinity;
  if (special === 'nan') return NaN;
  const value = Number(text);
  if (text === '' || Number.isNaN(value)) throw new Error(`bad sample value "${text}" in: ${line}`);
  return value;
}

/** Reads `{a="x",b="y"}` from the start of `text`; returns the labels and the rest of the text. */
function parseLabels(text: string, line: string): { labels: Record<string, string>; rest: string } {
  const labels: Record<string, string> = {};
  let i = 1;
  const fail = (why: string): never => {
    throw new Error(`${why} at column ${i} in: ${line}`);
  };
  for (;;) {
    while (text[i] === ' ') i++;
    if (text[i] === '}') return { labels, rest: text.slice(i + 1) };
    const name = LABEL_NAME.exec(text.slice(i))?.[0] ?? fail('label name expected');
    i += name.length;
    if (text[i] !== '=' || text[i + 1] !== '"') fail('=" expected');
    i += 2;
    let value = '';
    for (; i < text.length && text[i] !== '"'; i++) {
      if (text[i] !== '\\') {
        value += text[i];
        continue;
      }
      i++;
      const escaped = text[i];
      if (escaped === 'n') value += '\n';
      else if (escaped === '\\' || escaped === '"') value += escaped;
      else fail('bad escape');
    }
    if (text[i] !== '"') fail('unterminated label value');
    i++;
    if (name in labels) fail(`label ${name} repeated`);
    labels[name] = value;
    if (text[i] === ',') i++;
    else if (text[i] !== '}') fail(', or } expected');
  }
}

export function parseExposition(text: string): Exposition {
  const types = new Map<string, string>();
  const helps = new Set<string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const meta = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s+(.*))?$/.exec(line);
    if (meta) {
      const [, kind, name = '', rest = ''] = meta;
      if (!NAME.test(name)) throw new Error(`bad metric name in: ${line}`);
      if (kind === 'TYPE') {
        if (types.has(name)) throw new Error(`family ${name} declared twice`);
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest.trim())) {
          throw new Error(`bad type in: ${line}`);
        }
        types.set(name, rest.trim());
      } else {
        if (helps.has(name)) throw new Error(`family ${name} has two HELP lines`);
        helps.add(name);
      }
      continue;
    }
    if (line.startsWith('#')) continue;
    const name = NAME.exec(line)?.[0];
    if (!name) throw new Error(`not a sample: ${line}`);
    let rest = line.slice(name.length);
    let labels: Record<string, string> = {};
    if (rest.startsWith('{')) ({ labels, rest } = parseLabels(rest, line));
    const [value, timestamp, extra] = rest.trim().split(/\s+/);
    if (extra !== undefined || (timestamp !== undefined && !/^-?\d+$/.test(timestamp))) {
      throw new Error(`trailing text in: ${line}`);
    }
    samples.push({ name, labels, value: parseValue(value ?? '', line) });
  }
  return { types, samples };
}

/** The samples named `name` whose labels include `labels`. */
export function samplesOf(exposition: Exposition, name: string, labels: Record<string, string> = {}): Sample[] {
  return exposition.samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value),
  );
}

/** The sum of the values of {@link samplesOf} (0 when there is none). */
export function sumOf(exposition: Exposition, name: string, labels: Record<string, string> = {}): number {
  return samplesOf(exposition, name, labels).reduce((sum, s) => sum + s.value, 0);
}

/** Values of one label over the samples named `name`. */
export function labelValues(exposition: Exposition, name: string, label: string): Set<string> {
  return new Set(
    samplesOf(exposition, name)
      .map((s) => s.labels[label])
      .filter((v): v is string => v !== undefined),
  );
}
