import { replaceMarkedSection, sectionMarkers, SECTION_END, SECTION_START } from '../../bench/docs-section';

describe('replaceMarkedSection', () => {
  it('replaces only the text between the markers, keeping the other sections', () => {
    const doc = [
      '# Benchmarks',
      '',
      SECTION_START,
      'old figures',
      SECTION_END,
      '',
      '## Recovery',
      'recovery figures',
      '',
    ].join('\n');
    const updated = replaceMarkedSection(doc, 'new figures\n');
    expect(updated).toBe(
      [
        '# Benchmarks',
        '',
        SECTION_START,
        '',
        'new figures',
        '',
        SECTION_END,
        '',
        '## Recovery',
        'recovery figures',
        '',
      ].join('\n'),
    );
  });

  it('is stable: writing the same body twice gives the same document', () => {
    const once = replaceMarkedSection('# Benchmarks\n', 'figures');
    expect(replaceMarkedSection(once, 'figures')).toBe(once);
  });

  it('appends the section when the document has no markers', () => {
    expect(replaceMarkedSection('# Benchmarks\n\nintro\n', 'figures')).toBe(
      `# Benchmarks\n\nintro\n\n${SECTION_START}\n\nfigures\n\n${SECTION_END}\n`,
    );
    expect(replaceMarkedSection('', 'figures')).toBe(`${SECTION_START}\n\nfigures\n\n${SECTION_END}\n`);
  });

  it('refuses markers that are out of order, unpaired or repeated', () => {
    expect(() => replaceMarkedSection(`${SECTION_END}\n${SECTION_START}\n`, 'x')).toThrow(/ordered pair/);
    expect(() => replaceMarkedSection(`${SECTION_START}\n`, 'x')).toThrow(/ordered pair/);
    expect(() =>
      replaceMarkedSection(`${SECTION_START}\n${SECTION_END}\n${SECTION_START}\n${SECTION_END}\n`, 'x'),
    ).toThrow(/ordered pair/);
  });

  it('keeps each named section to itself: the recovery section beside the provisioning one', () => {
    const recovery = sectionMarkers('recovery');
    const doc = replaceMarkedSection('# Benchmarks\n', 'provisioning figures');
    const both = replaceMarkedSection(doc, 'recovery figures', 'recovery');
    expect(both).toBe(
      `# Benchmarks\n\n${SECTION_START}\n\nprovisioning figures\n\n${SECTION_END}\n\n` +
        `${recovery.start}\n\nrecovery figures\n\n${recovery.end}\n`,
    );
    expect(replaceMarkedSection(both, 'new recovery', 'recovery')).toContain(
      `${recovery.start}\n\nnew recovery\n\n${recovery.end}`,
    );
    expect(replaceMarkedSection(both, 'new recovery', 'recovery')).toContain('provisioning figures');
  });
});
