/** loadConfig: WORKFLOW_BUNDLE_PATH, the prebuilt workflow bundle worker/main.ts loads instead of bundling at start. */
import { loadConfig } from '../../common/config';

describe('loadConfig WORKFLOW_BUNDLE_PATH', () => {
  it('is unset by default: the worker bundles workflows/ at start', () => {
    expect(loadConfig({}).workflowBundlePath).toBeUndefined();
  });

  it('counts an empty value as unset, like every other variable', () => {
    expect(loadConfig({ WORKFLOW_BUNDLE_PATH: '' }).workflowBundlePath).toBeUndefined();
  });

  it('keeps the path as given (absolute or relative to the working directory)', () => {
    expect(loadConfig({ WORKFLOW_BUNDLE_PATH: '/srv/worker/workflow-bundle.js' }).workflowBundlePath).toBe(
      '/srv/worker/workflow-bundle.js',
    );
    expect(loadConfig({ WORKFLOW_BUNDLE_PATH: '.temporal/workflow-bundle.js' }).workflowBundlePath).toBe(
      '.temporal/workflow-bundle.js',
    );
  });

  it('is part of the frozen configuration', () => {
    const config = loadConfig({ WORKFLOW_BUNDLE_PATH: 'bundle.js' });
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config as { workflowBundlePath: string | undefined }).workflowBundlePath = 'other.js';
    }).toThrow(TypeError);
  });
});
