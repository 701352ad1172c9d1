import { buildJobListQuery, JobListFilterSchema, quoteVisibilityValue } from '../../../client/lib/job-query';

describe('buildJobListQuery', () => {
  it('lists every provisioning job without a filter', () => {
    expect(buildJobListQuery({})).toBe("WorkflowType = 'provisionTenant'");
  });

  it('filters on the contract search attributes', () => {
    expect(buildJobListQuery({ status: 'failed', tenantId: 'acme', plan: 'pro' })).toBe(
      "WorkflowType = 'provisionTenant' AND ProvisioningStatus = 'failed' AND TenantId = 'acme' AND TenantPlan = 'pro'",
    );
  });

  it('escapes quotes and backslashes in values', () => {
    expect(quoteVisibilityValue("it's\\x")).toBe("'it\\'s\\\\x'");
  });
});

describe('JobListFilterSchema', () => {
  it('defaults the limit and coerces a string limit (CLI, query string)', () => {
    expect(JobListFilterSchema.parse({})).toEqual({ limit: 50 });
    expect(JobListFilterSchema.parse({ limit: '7' })).toEqual({ limit: 7 });
  });

  it('rejects unknown statuses, bad tenant IDs and limits out of range', () => {
    const result = JobListFilterSchema.safeParse({ status: 'stuck', tenantId: 'A B', limit: 0 });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['limit', 'status', 'tenantId']);
  });
});
