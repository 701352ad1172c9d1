/**
 * The inventory served by `GET /_sandbox/inventory`: every live resource per provider in its API shape, with the
 * sandbox-only facts tests and chaos runs check (env vars, tenant config, site states), and every captured email.
 * Deploy-key secrets are never included.
 */
import type { SandboxContext } from './context';
import type { ConvexDocumentRecord } from './records';
import { deploymentView as pagesDeploymentView, projectView as pagesProjectView } from './providers/cloudflare-views';
import { deploymentView as convexDeploymentView, projectView as convexProjectView } from './providers/convex-views';
import { invitationView, membershipView, organizationView, userView } from './providers/workos-views';

function tablesOf(documents: ConvexDocumentRecord[]): Record<string, Record<string, unknown>[]> {
  const tables: Record<string, Record<string, unknown>[]> = {};
  for (const doc of documents)
    (tables[doc.table] ??= []).push({ _id: doc.id, _creationTime: doc.creationTime, ...doc.value });
  return tables;
}

/** A snapshot of the live inventory, rendered at the sandbox's current time. */
export function inventory(ctx: SandboxContext) {
  const data = ctx.state.data;
  const now = ctx.sleeper.now();
  return {
    convex: {
      projects: data.convex.projects.map((p) => convexProjectView(data, p)),
      deployments: data.convex.deployments.map((d) => ({
        ...convexDeploymentView(ctx, d),
        envVars: d.envVars,
        modules: d.modules,
        functions: d.functions.map((f) => `${f.identifier} (${f.udfType}, ${f.visibility})`),
        /** The deployment's database, as the pushed functions left it: documents by table. */
        tables: tablesOf(data.convex.documents.filter((doc) => doc.deploymentName === d.name)),
        ready: now >= d.readyAt,
        siteState: data.siteStates[d.name] ?? 'up',
      })),
      deployKeys: data.convex.deployKeys.map((k) => ({
        id: k.id,
        name: k.name,
        deploymentName: k.deploymentName,
        creationTime: k.creationTime,
        lastUsedTime: k.lastUsedTime,
        expiresAt: k.expiresAt,
        allowedActions: k.allowedActions,
      })),
    },
    workos: {
      organizations: data.workos.organizations.map(organizationView),
      users: data.workos.users.map(userView),
      memberships: data.workos.memberships.map((m) => membershipView(data, m)),
      invitations: data.workos.invitations.map((i) => invitationView(i, now)),
    },
    cloudflare: {
      projects: data.cloudflare.projects.map((p) => ({
        ...pagesProjectView(data, p, now),
        siteState: data.siteStates[p.name] ?? 'up',
      })),
      deployments: data.cloudflare.deployments.flatMap((d) => {
        const project = data.cloudflare.projects.find((p) => p.name === d.project_name);
        return project ? [pagesDeploymentView(project, d, now)] : [];
      }),
    },
    sendgrid: { emails: data.sendgrid.emails },
  };
}
