// The live event feed over Server-Sent Events (GET /api/v1/events with Accept: text/event-stream).

/**
 * Every event type of the feed. The API names each SSE message after its event type, and EventSource only hands
 * named messages to listeners registered for that name, so the dashboard listens for each of them.
 */
export const EVENT_TYPES = [
  'SpecChanged', 'ReleaseRequested', 'ReleaseQueued', 'QueuedReleaseReplaced', 'EnvironmentRequested',
  'EnvironmentReady', 'EnvironmentFailed', 'ReleaseFailed', 'PreviewStarted', 'PreviewOpened', 'PreviewClosed',
  'EnvironmentReused', 'QueuedReleaseSkipped', 'TrafficShiftRequested', 'TrafficShifted', 'StepHeld',
  'AnalysisRecorded', 'ReleasePromoted', 'RollbackRequested', 'ReleaseRolledBack', 'ReleaseAborted',
  'ReleasePaused', 'ReleaseResumed', 'PromotionRequested', 'EnvironmentRetired', 'EnvironmentDeleted',
  'DriftDetected', 'ServiceDeletionRequested', 'EndpointRemoved', 'ServiceDeleted',
];

const RETRY_MILLIS = 3000;

/**
 * Subscribes to the feed at {@code url}; {@code onEvent} gets each event's JSON, {@code onState} 'connecting',
 * 'live', 'reconnecting' or 'offline'. While the connection drops and comes back, the browser resumes by itself
 * (it sends the last event id as Last-Event-ID); if it gives up (an error answer), the feed is opened again after a
 * pause with the last id as the cursor, so no event is lost either way. Returns a function that closes it.
 */
export function subscribe(url, { onEvent, onState = () => {} }) {
  let source = null;
  let lastId = null;
  let closed = false;
  let retry = null;

  const open = () => {
    const target = lastId == null ? url : withParameter(url, 'cursor', lastId);
    source = new EventSource(target);
    onState('connecting');
    source.addEventListener('open', () => onState('live'));
    source.addEventListener('error', () => {
      if (closed) return;
      if (source.readyState === EventSource.CLOSED) {
        onState('offline');
        retry = setTimeout(open, RETRY_MILLIS);
      } else {
        onState('reconnecting');
      }
    });
    for (const type of EVENT_TYPES) {
      source.addEventListener(type, (message) => {
        if (message.lastEventId) lastId = message.lastEventId;
        let event;
        try {
          event = JSON.parse(message.data);
        } catch {
          return;
        }
        onEvent(event);
      });
    }
  };

  open();
  return () => {
    closed = true;
    clearTimeout(retry);
    source?.close();
  };
}

function withParameter(url, name, value) {
  const [path, query = ''] = url.split('?');
  const parameters = new URLSearchParams(query);
  parameters.set(name, value);
  return `${path}?${parameters}`;
}

/** One line saying what an event means, from its data; {@code label} names an environment (e.g. by its version). */
export function describe(event, label = (environment) => environment) {
  const d = event.data ?? {};
  switch (event.type) {
    case 'SpecChanged': return `spec revision ${d.revision}`;
    case 'ReleaseRequested': return `release ${d.release?.version} requested (${d.release?.id}${d.fromQueue ? ', from the queue' : ''})`;
    case 'ReleaseQueued': return `release ${d.queued?.version} queued`;
    case 'QueuedReleaseReplaced': return `queued ${d.replacedVersion} replaced by ${d.byVersion}`;
    case 'EnvironmentRequested': return `environment ${d.environment?.id} requested (${d.environment?.version})`;
    case 'EnvironmentReady': return `${d.environmentId} healthy with ${d.healthyInstances} instance(s)`;
    case 'EnvironmentFailed': return `${d.environmentId} failed: ${d.reason}`;
    case 'ReleaseFailed': return `release ${d.version} failed: ${d.reason}`;
    case 'PreviewStarted': return `preview until ${d.until}`;
    case 'PreviewOpened': return `preview open at ${d.url}`;
    case 'EnvironmentReused': return `reusing ${d.environmentId}`;
    case 'QueuedReleaseSkipped': return `queued ${d.version} skipped: ${d.reason}`;
    case 'TrafficShiftRequested': return `step ${d.step + 1}: ${weights(d.split, label)}`;
    case 'TrafficShifted': return `traffic now ${weights(d.split, label)}`;
    case 'StepHeld': return `step ${d.step + 1} at ${d.weight}%, holding until ${new Date(d.until).toLocaleTimeString([], { hour12: false })}`;
    case 'AnalysisRecorded': return `${d.judgement?.verdict}: ${d.judgement?.summary ?? ''}`;
    case 'ReleasePromoted': return `${d.version} promoted`;
    case 'RollbackRequested': return `${d.automatic ? 'automatic ' : ''}${d.abort ? 'abort' : 'rollback'} to ${d.targetId}${d.reason ? `: ${d.reason}` : ''}`;
    case 'ReleaseRolledBack': return `${d.version} rolled back`;
    case 'ReleaseAborted': return `${d.version} aborted${d.reason ? `: ${d.reason}` : ''}`;
    case 'ReleasePaused': return `${d.releaseId} paused`;
    case 'ReleaseResumed': return `${d.releaseId} resumed`;
    case 'PromotionRequested': return `promotion of ${d.releaseId} requested`;
    case 'EnvironmentRetired': return `${d.environmentId} retired (${d.reason})`;
    case 'EnvironmentDeleted': return `${d.environmentId} deleted`;
    case 'DriftDetected': return `drift ${d.kind}: ${d.detail ?? d.environmentId ?? ''}`;
    default: return '';
  }
}

function weights(split, label) {
  return Object.entries(split?.weights ?? {}).map(([environment, weight]) => `${label(environment)} ${weight}%`)
    .join(', ');
}
