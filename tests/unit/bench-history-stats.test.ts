import {
  EVENT_TYPE,
  noTrouble,
  tallyHistory,
  workflowTaskTimes,
  type HistoryEventLike,
} from '../../bench/history-stats';

const scheduled = (eventId: number, name: string): HistoryEventLike => ({
  eventId,
  eventType: EVENT_TYPE.activityTaskScheduled,
  activityTaskScheduledEventAttributes: { activityType: { name } },
});

const started = (scheduledEventId: number, attempt: number, message?: string): HistoryEventLike => ({
  eventType: EVENT_TYPE.activityTaskStarted,
  activityTaskStartedEventAttributes: {
    scheduledEventId,
    attempt,
    lastFailure: message === undefined ? null : { message },
  },
});

describe('tallyHistory', () => {
  it('counts workflow task timeouts and failures and activity timeouts', () => {
    const trouble = tallyHistory([
      { eventType: EVENT_TYPE.workflowTaskTimedOut },
      { eventType: EVENT_TYPE.workflowTaskTimedOut },
      { eventType: EVENT_TYPE.workflowTaskFailed },
      { eventType: EVENT_TYPE.activityTaskTimedOut },
    ]);
    expect(trouble).toMatchObject({
      workflowTaskTimeouts: 2,
      workflowTaskFailures: 1,
      activityTimeouts: 1,
      activityRetries: 0,
    });
  });

  it('counts attempts after the first, by activity type and last failure', () => {
    const trouble = tallyHistory([
      scheduled(5, 'createConvexProject'),
      scheduled(6, 'sendEmail'),
      started(5, 3, 'convex createProject failed (500)'),
      started(6, 1),
    ]);
    expect(trouble.activityRetries).toBe(2);
    expect([...trouble.retryReasons]).toEqual([['createConvexProject: convex createProject failed (500)', 2]]);
  });

  it('accumulates over several histories, matching started events to their own history', () => {
    const total = noTrouble();
    tallyHistory([scheduled(5, 'deployFrontend'), started(5, 2, 'timeout')], total);
    tallyHistory([scheduled(5, 'validateResources'), started(5, 2, 'timeout')], total);
    expect(total.activityRetries).toBe(2);
    expect(total.retryReasons.get('deployFrontend: timeout')).toBe(1);
    expect(total.retryReasons.get('validateResources: timeout')).toBe(1);
  });

  it('names a retry without a recorded failure rather than dropping it', () => {
    const trouble = tallyHistory([started(9, 2)]);
    expect([...trouble.retryReasons]).toEqual([['unknown activity: no failure recorded', 1]]);
  });
});

describe('workflowTaskTimes', () => {
  const at = (eventType: number, ms: number): HistoryEventLike => ({
    eventType,
    eventTime: { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 },
  });

  it('sums scheduled → started (dispatch) and started → completed (processing) over completed tasks', () => {
    const times = workflowTaskTimes([
      at(EVENT_TYPE.workflowTaskScheduled, 1000),
      at(EVENT_TYPE.workflowTaskStarted, 1005),
      at(EVENT_TYPE.workflowTaskCompleted, 1025),
      at(EVENT_TYPE.activityTaskScheduled, 1025),
      at(EVENT_TYPE.workflowTaskScheduled, 1900),
      at(EVENT_TYPE.workflowTaskStarted, 1940),
      at(EVENT_TYPE.workflowTaskCompleted, 1950),
    ]);
    expect(times.count).toBe(2);
    expect(times.dispatchMs).toBeCloseTo(45, 6);
    expect(times.processingMs).toBeCloseTo(30, 6);
  });

  it('counts no processing for a task that timed out', () => {
    const times = workflowTaskTimes([
      at(EVENT_TYPE.workflowTaskScheduled, 0),
      at(EVENT_TYPE.workflowTaskStarted, 10),
      at(EVENT_TYPE.workflowTaskTimedOut, 10_010),
    ]);
    expect(times).toEqual({ count: 0, processingMs: 0, dispatchMs: 10 });
  });
});
