// The connection indicator in the page header: how the current view gets its updates.
const LABELS = {
  live: 'live',
  connecting: 'connecting',
  reconnecting: 'reconnecting',
  offline: 'offline, retrying',
  polling: 'polling',
};

export function setConnection(state, detail = '') {
  const element = document.getElementById('connection');
  if (!element) return;
  element.dataset.state = state;
  element.querySelector('.text').textContent = `${LABELS[state] ?? state}${detail ? ` · ${detail}` : ''}`;
}
