import { ClientErrorCode, hasErrorCode, type ValidationError } from '../../../client/lib/errors';
import { parseProvisionInput } from '../../../client/lib/input';
import { parseFlags } from '../../../client/cli/args';
import { buildProvisionInput, formatInputIssues, PROVISION_FLAGS } from '../../../client/cli/provision-input';

const valid = {
  tenantId: 'acme',
  name: '  Acme Inc ',
  plan: 'pro',
  owner: { email: 'ann@acme.test', name: 'Ann' },
  requestedBy: 'brain',
};

function validationIssues(input: unknown): { path: string; message: string }[] {
  try {
    parseProvisionInput(input);
  } catch (err) {
    expect(hasErrorCode(err, ClientErrorCode.InvalidInput)).toBe(true);
    return (err as ValidationError).issues;
  }
  throw new Error('expected a ValidationError');
}

describe('parseProvisionInput', () => {
  it('accepts a valid input and trims names', () => {
    expect(parseProvisionInput(valid)).toEqual({ ...valid, name: 'Acme Inc' });
  });

  it('names every invalid field, nested ones dotted', () => {
    const issues = validationIssues({ ...valid, tenantId: 'Acme!', plan: 'gold', owner: { email: 'nope', name: 'A' } });
    expect(issues.map((i) => i.path).sort()).toEqual(['owner.email', 'plan', 'tenantId']);
    expect(issues.find((i) => i.path === 'tenantId')?.message).toContain('lowercase slug');
  });

  it('names missing fields and unknown ones', () => {
    const { requestedBy: _requestedBy, ...withoutRequester } = valid;
    const issues = validationIssues({ ...withoutRequester, colour: 'blue' });
    expect(issues.map((i) => i.path).sort()).toEqual(['colour', 'requestedBy']);
    expect(issues.find((i) => i.path === 'colour')?.message).toBe('unknown field');
  });

  it('reports a non-object input as (input)', () => {
    expect(validationIssues('acme').map((i) => i.path)).toEqual(['(input)']);
  });

  it('puts the field names into the error message', () => {
    expect(() => parseProvisionInput({ ...valid, owner: { email: 'x', name: 'Ann' } })).toThrow(/owner\.email/);
  });
});

describe('provision flags', () => {
  const argv = [
    '--tenant-id',
    'acme',
    '--name',
    'Acme',
    '--plan',
    'pro',
    '--owner-email',
    'a@b.co',
    '--owner-name',
    'Ann',
  ];

  it('map onto the workflow input, with the default requester', () => {
    const input = buildProvisionInput(parseFlags(argv, PROVISION_FLAGS), 'cli:ann');
    expect(parseProvisionInput(input)).toEqual({
      tenantId: 'acme',
      name: 'Acme',
      plan: 'pro',
      owner: { email: 'a@b.co', name: 'Ann' },
      requestedBy: 'cli:ann',
    });
  });

  it('take --requested-by and --region over the defaults', () => {
    const flags = parseFlags([...argv, '--requested-by', 'ops', '--region', 'aws-eu-west-1'], PROVISION_FLAGS);
    expect(buildProvisionInput(flags, 'cli:ann')).toMatchObject({ requestedBy: 'ops', region: 'aws-eu-west-1' });
  });

  it('name the flag of each invalid field in the message', () => {
    const flags = parseFlags(['--tenant-id', 'acme', '--plan', 'gold', '--owner-email', 'bad'], PROVISION_FLAGS);
    const issues = validationIssues(buildProvisionInput(flags, 'cli:ann'));
    const text = formatInputIssues(issues);
    expect(text.split('\n')[0]).toBe('invalid input:');
    expect(text).toMatch(/^ {2}--plan \(plan\): /m);
    expect(text).toMatch(/^ {2}--owner-email \(owner\.email\): /m);
    expect(text).toMatch(/^ {2}--name \(name\): /m);
    expect(text).toMatch(/^ {2}--owner-name \(owner\.name\): /m);
  });

  it('reject unknown flags as usage errors', () => {
    expect(() => parseFlags([...argv, '--colour', 'blue'], PROVISION_FLAGS)).toThrow(
      expect.objectContaining({ code: 'usage', message: expect.stringContaining('--colour') }),
    );
  });
});
