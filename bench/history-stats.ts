/**
 * What went wrong along the way in a completed job, from its event history: workflow tasks that timed out or failed
 * (each costs a full replay on another worker slot) and activity attempts that were retried, with the reason.
 * A benchmark figure that looks slow is explained by these before anything else.
 */

/** Event type numbers of temporal.api.enums.v1.EventType used here. */
export const EVENT_TYPE = {
  workflowTaskScheduled: 5,
  workflowTaskStarted: 6,
  workflowTaskCompleted: 7,
  workflowTaskTimedOut: 8,
  workflowTaskFailed: 9,
  activityTaskScheduled: 10,
  activityTaskStarted: 11,
  activityTaskTimedOut: 14,
} as const;

/** The fields of a history event (temporal.api.history.v1.HistoryEvent) this module reads. */
export interface HistoryEventLike {
  eventId?: { toString(): string } | number | null;
  eventTime?: { seconds?: { toString(): string } | number | null; nanos?: number | null } | null;
  eventType?: number | null;
  activityTaskScheduledEventAttributes?: { activityType?: { name?: string | null } | null } | null;
  activityTaskStartedEventAttributes?: {
    scheduledEventId?: { toString(): string } | number | null;
    attempt?: number | null;
    lastFailure?: { message?: string | null } | null;
  } | null;
}

export interface HistoryTrouble {
  workflowTaskTimeouts: number;
  workflowTaskFailures: number;
  activityTimeouts: number;
  /** Activity attempts after the first. */
  activityRetries: number;
  /** `activityType: last failure message` → how many retries it caused. */
  retryReasons: Map<string, number>;
}

/** An empty tally. */
export function noTrouble(): HistoryTrouble {
  return {
    workflowTaskTimeouts: 0,
    workflowTaskFailures: 0,
    activityTimeouts: 0,
    activityRetries: 0,
    retryReasons: new Map(),
  };
}

const MAX_REASON_LENGTH = 120;

/** Adds what went wrong in `events` (one job's history) to `into`; returns `into`. */
export function tallyHistory(events: readonly HistoryEventLike[], into: HistoryTrouble = noTrouble()): HistoryTrouble {
  const activityTypes = new Map<string, string>();
  for (const event of events) {
    switch (event.eventType) {
      case EVENT_TYPE.workflowTaskTimedOut:
        into.workflowTaskTimeouts += 1;
        break;
      case EVENT_TYPE.workflowTaskFailed:
        into.workflowTaskFailures += 1;
        break;
      case EVENT_TYPE.activityTaskTimedOut:
        into.activityTimeouts += 1;
        break;
      case EVENT_TYPE.activityTaskScheduled:
        activityTypes.set(
          String(event.eventId),
          event.activityTaskScheduledEventAttributes?.activityType?.name ?? 'unknown activity',
        );
        break;
      case EVENT_TYPE.activityTaskStarted: {
        const started = event.activityTaskStartedEventAttributes;
        if ((started?.attempt ?? 1) <= 1) break;
        into.activityRetries += (started?.attempt ?? 1) - 1;
        const type = activityTypes.get(String(started?.scheduledEventId)) ?? 'unknown activity';
        const message = (started?.lastFailure?.message ?? 'no failure recorded').slice(0, MAX_REASON_LENGTH);
        const reason = `${type}: ${message}`;
        into.retryReasons.set(reason, (into.retryReasons.get(reason) ?? 0) + (started?.attempt ?? 1) - 1);
        break;
      }
      default:
        break;
    }
  }
  return into;
}

export interface WorkflowTaskTimes {
  /** Workflow tasks that completed. */
  count: number;
  /** Σ started → completed (ms): the worker running workflow code, local activities included. */
  processingMs: number;
  /** Σ scheduled → started (ms): the task waiting for a worker to pick it up. */
  dispatchMs: number;
}

function eventMs(event: HistoryEventLike): number | undefined {
  const time = event.eventTime;
  if (!time || time.seconds === undefined || time.seconds === null) return undefined;
  return Number(time.seconds.toString()) * 1000 + (time.nanos ?? 0) / 1e6;
}

/**
 * Where a workflow's own tasks spent time, from its history. A workflow runs one task at a time, so both sums lie
 * on its critical path; the rest of its duration is activities (dispatch and execution) and timers.
 */
export function workflowTaskTimes(events: readonly HistoryEventLike[]): WorkflowTaskTimes {
  const times: WorkflowTaskTimes = { count: 0, processingMs: 0, dispatchMs: 0 };
  let scheduledAt: number | undefined;
  let startedAt: number | undefined;
  for (const event of events) {
    const at = eventMs(event);
    if (event.eventType === EVENT_TYPE.workflowTaskScheduled) scheduledAt = at;
    if (event.eventType === EVENT_TYPE.workflowTaskStarted) {
      startedAt = at;
      if (at !== undefined && scheduledAt !== undefined) times.dispatchMs += at - scheduledAt;
    }
    if (event.eventType === EVENT_TYPE.workflowTaskCompleted && at !== undefined && startedAt !== undefined) {
      times.count += 1;
      times.processingMs += at - startedAt;
    }
  }
  return times;
}
