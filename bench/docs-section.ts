/**
 * Writes a benchmark's figures into docs/BENCHMARKS.md between `<!-- bench:<name>:start -->` and
 * `<!-- bench:<name>:end -->` (sections `provisioning` and `recovery`), leaving every other section as it is.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export type SectionName =
  'provisioning' | 'recovery' | 'metrics-query' | 'api-security' | 'health-sweep' | 'observability';

/** The start and end markers of a section. */
export function sectionMarkers(name: SectionName): { start: string; end: string } {
  return { start: `<!-- bench:${name}:start -->`, end: `<!-- bench:${name}:end -->` };
}

export const { start: SECTION_START, end: SECTION_END } = sectionMarkers('provisioning');

const NEW_FILE_HEADER = '# Benchmarks\n';

/**
 * Returns `document` with the text between the markers replaced by `body` (markers kept). Without the markers the
 * section is appended at the end. Throws when the markers are out of order or repeated, rather than guess.
 */
export function replaceMarkedSection(document: string, body: string, name: SectionName = 'provisioning'): string {
  const markers = sectionMarkers(name);
  const start = document.indexOf(markers.start);
  const end = document.indexOf(markers.end);
  // Blank lines around the body: what Prettier makes of a markdown block between two HTML comments.
  const section = `${markers.start}\n\n${body.trim()}\n\n${markers.end}`;
  if (start === -1 && end === -1) {
    const base = document.trimEnd();
    return `${base}${base.length > 0 ? '\n\n' : ''}${section}\n`;
  }
  const repeated = document.indexOf(markers.start, start + 1) !== -1 || document.indexOf(markers.end, end + 1) !== -1;
  if (start === -1 || end === -1 || end < start || repeated) {
    throw new Error(`the markers ${markers.start} ... ${markers.end} are not one ordered pair`);
  }
  return document.slice(0, start) + section + document.slice(end + markers.end.length);
}

/**
 * Replaces the section in the file at `path` (created with a title when missing). The body is formatted with
 * Prettier and the repository's settings first, so the generated tables pass `npm run lint`.
 */
export async function writeMarkedSection(
  path: string,
  body: string,
  name: SectionName = 'provisioning',
): Promise<void> {
  // Loaded on use: importing prettier starts a dynamic import, which Jest's module sandbox refuses.
  const prettier = await import('prettier');
  const settings = (await prettier.resolveConfig(path)) ?? {};
  const formatted = await prettier.format(body, { ...settings, parser: 'markdown' });
  const current = existsSync(path) ? readFileSync(path, 'utf8') : NEW_FILE_HEADER;
  writeFileSync(path, replaceMarkedSection(current, formatted, name));
}
