/**
 * Writes the benchmark's figures into docs/BENCHMARKS.md between `<!-- bench:provisioning:start -->` and
 * `<!-- bench:provisioning:end -->`, leaving every other section of the file (e.g. recovery figures) as it is.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export const SECTION_START = '<!-- bench:provisioning:start -->';
export const SECTION_END = '<!-- bench:provisioning:end -->';

const NEW_FILE_HEADER = '# Benchmarks\n';

/**
 * Returns `document` with the text between the markers replaced by `body` (markers kept). Without the markers the
 * section is appended at the end. Throws when the markers are out of order or repeated, rather than guess.
 */
export function replaceMarkedSection(document: string, body: string): string {
  const start = document.indexOf(SECTION_START);
  const end = document.indexOf(SECTION_END);
  // Blank lines around the body: what Prettier makes of a markdown block between two HTML comments.
  const section = `${SECTION_START}\n\n${body.trim()}\n\n${SECTION_END}`;
  if (start === -1 && end === -1) {
    const base = document.trimEnd();
    return `${base}${base.length > 0 ? '\n\n' : ''}${section}\n`;
  }
  const repeated = document.indexOf(SECTION_START, start + 1) !== -1 || document.indexOf(SECTION_END, end + 1) !== -1;
  if (start === -1 || end === -1 || end < start || repeated) {
    throw new Error(`the markers ${SECTION_START} ... ${SECTION_END} are not one ordered pair`);
  }
  return document.slice(0, start) + section + document.slice(end + SECTION_END.length);
}

/**
 * Replaces the section in the file at `path` (created with a title when missing). The body is formatted with
 * Prettier and the repository's settings first, so the generated tables pass `npm run lint`.
 */
export async function writeMarkedSection(path: string, body: string): Promise<void> {
  // Loaded on use: importing prettier starts a dynamic import, which Jest's module sandbox refuses.
  const prettier = await import('prettier');
  const settings = (await prettier.resolveConfig(path)) ?? {};
  const formatted = await prettier.format(body, { ...settings, parser: 'markdown' });
  const current = existsSync(path) ? readFileSync(path, 'utf8') : NEW_FILE_HEADER;
  writeFileSync(path, replaceMarkedSection(current, formatted));
}
