/**
 * Resources created behind the orchestrator's back, straight through the sandbox's provider API with the team's own
 * credentials (what an orphan looks like): nothing in the store or in Temporal owns them.
 */
export async function plantConvexProject(
  sandboxUrl: string,
  convex: { teamId: number; accessToken: string },
  tenantId: string,
): Promise<void> {
  const response = await fetch(`${sandboxUrl}/v1/teams/${convex.teamId}/create_project`, {
    method: 'POST',
    headers: { authorization: `Bearer ${convex.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ projectName: `tenant-${tenantId}`, deploymentType: 'prod' }),
  });
  if (response.status !== 200) throw new Error(`planting tenant-${tenantId} answered ${response.status}`);
}
