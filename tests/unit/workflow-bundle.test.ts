/**
 * prebuiltWorkflowBundle: the worker option for WORKFLOW_BUNDLE_PATH, checked before the worker connects so that a
 * missing bundle fails the start with an error naming the variable and the path.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { prebuiltWorkflowBundle } from '../../worker/workflow-bundle';

describe('prebuiltWorkflowBundle', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'workflow-bundle-test-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads an existing file by its absolute path', async () => {
    const path = join(dir, 'bundle.js');
    await writeFile(path, '// bundle');
    await expect(prebuiltWorkflowBundle(path)).resolves.toEqual({ codePath: path });
    await expect(prebuiltWorkflowBundle(relative(process.cwd(), path))).resolves.toEqual({ codePath: path });
  });

  it('rejects a missing file, naming the variable and the absolute path', async () => {
    const path = join(dir, 'missing.js');
    await expect(prebuiltWorkflowBundle(path)).rejects.toThrow(`WORKFLOW_BUNDLE_PATH: no workflow bundle at ${path}`);
  });

  it('rejects a directory', async () => {
    await expect(prebuiltWorkflowBundle(dir)).rejects.toThrow(`WORKFLOW_BUNDLE_PATH: no workflow bundle at ${dir}`);
  });
});
