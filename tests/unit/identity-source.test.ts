import { sourceOfIdentity } from '../../activities/identity-source';

it.each([
  ['temporal-cli:root@vm', 'temporal-cli'],
  ['16342@vm@', 'temporal-cli'],
  ['tenant-orchestrator-123@api-host', undefined],
  ['webui', 'temporal-ui'],
  ['', 'temporal-ui'],
])('classifies the identity %p as %p', (identity, source) => {
  expect(sourceOfIdentity(identity)).toBe(source);
});
