// The live event feed over Server-Sent Events (GET /api/v1/events with Accept: text/event-stream), read with fetch:
// the browser's EventSource cannot send the Authorization header, and the token must not go into the URL.
import { authorization, signInNeeded } from './auth.js';

const RETRY_MILLIS = 3000;

/**
 * Subscribes to the feed at {@code url}; {@code onEvent} gets each event's JSON, {@code onState} 'connecting',
 * 'live', 'reconnecting' or 'offline'. When the stream ends or breaks it is opened again after a pause, resuming
 * after the last event id (sent as Last-Event-ID), so no event is lost. A 401 asks for the token again. Returns a
 * function that closes it.
 */
export function subscribe(url, { onEvent, onState = () => {} }) {
  let lastId = null;
  let closed = false;
  let retry = null;
  let controller = null;

  const open = async () => {
    controller = new AbortController();
    onState(lastId == null ? 'connecting' : 'reconnecting');
    try {
      const headers = { Accept: 'text/event-stream', ...authorization() };
      if (lastId != null) headers['Last-Event-ID'] = lastId;
      const response = await fetch(url, { headers, signal: controller.signal, cache: 'no-store' });
      if (response.status === 401) {
        signInNeeded('The node did not accept the token (it may have restarted with a new one); sign in again.');
        return;
      }
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      onState('live');
      await read(response.body, (message) => {
        if (message.id) lastId = message.id;
        if (!message.data) return;
        let event;
        try {
          event = JSON.parse(message.data);
        } catch {
          return;
        }
        onEvent(event);
      });
    } catch (failure) {
      if (closed) return;
    }
    if (closed) return;
    onState('offline');
    retry = setTimeout(open, RETRY_MILLIS);
  };

  open();
  return () => {
    closed = true;
    clearTimeout(retry);
    controller?.abort();
  };
}

/** Reads an SSE body to its end, handing each message ({event, id, data}) to {@code onMessage}. */
async function read(body, onMessage) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let message = { event: 'message', id: null, data: '' };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let newline;
    while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
      if (line === '') {
        if (message.data || message.id) onMessage({ ...message, data: message.data.replace(/\n$/, '') });
        message = { event: 'message', id: null, data: '' };
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') message.data += `${value}\n`;
        else if (field === 'id') message.id = value;
        else if (field === 'event') message.event = value;
      }
    }
  }
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
