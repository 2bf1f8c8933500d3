// Release actions on the service page, each confirmed in a modal dialog that shows the API's answer.
import { act, release } from './api.js';
import { h, replace } from './dom.js';

const ACTIONS = [
  { action: 'rollback', label: 'Roll back', danger: true, reason: true,
    text: (s) => `Send all of ${s}'s traffic back to the previous version now?` },
  { action: 'pause', label: 'Pause', text: (s) => `Pause the release of ${s}? Holds will not end until it is resumed.` },
  { action: 'resume', label: 'Resume', text: (s) => `Resume the release of ${s}?` },
  { action: 'promote', label: 'Promote',
    text: (s) => `Skip the remaining steps of ${s}'s release and send 100% of the traffic to the new version now?` },
  { action: 'abort', label: 'Abort', danger: true, reason: true,
    text: (s) => `Abort the release of ${s}? Traffic goes back to the previous version and the release ends Aborted.` },
];

/**
 * Asks for confirmation in a modal dialog; on confirm runs {@code run(reason)}. A failure is shown in the dialog
 * (the API's message) and the dialog stays open; success closes it. Resolves to run's result, or null when cancelled.
 */
export function confirmAction({ title, text, confirmLabel, danger = false, withReason = false, run }) {
  const reason = h('textarea', { id: 'confirm-reason', name: 'reason', rows: '2', maxlength: '1000' });
  const error = h('p', { class: 'dialog-error', id: 'confirm-error', role: 'alert' });
  const cancel = h('button', { type: 'button', value: 'cancel' }, 'Cancel');
  const confirm = h('button', { type: 'submit', value: 'confirm', class: danger ? 'danger' : 'primary' }, confirmLabel);
  const form = h('form', { method: 'dialog' },
    h('h2', { id: 'confirm-title' }, title),
    h('p', { id: 'confirm-text' }, text),
    withReason && h('label', { for: 'confirm-reason' }, 'Reason (optional)'),
    withReason && reason,
    error,
    h('div', { class: 'dialog-buttons' }, cancel, confirm));
  const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-text' },
    form);
  document.body.append(dialog);

  return new Promise((resolve) => {
    let result = null;
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(result);
    });
    cancel.addEventListener('click', () => dialog.close());
    // Escape must not hide a request in flight: its answer is shown here
    dialog.addEventListener('cancel', (event) => {
      if (dialog.hasAttribute('aria-busy')) event.preventDefault();
    });
    form.addEventListener('submit', async (submit) => {
      submit.preventDefault();
      confirm.disabled = true;
      cancel.disabled = true;
      replace(error);
      dialog.setAttribute('aria-busy', 'true');
      try {
        result = await run(reason.value.trim());
        dialog.close();
      } catch (failure) {
        replace(error, failure.message);
        confirm.disabled = false;
        cancel.disabled = false;
        dialog.removeAttribute('aria-busy');
      }
    });
    dialog.showModal();
    (withReason ? reason : confirm).focus();
  });
}

/**
 * The actions panel of one service: a release form and one button per action. {@code update(status)} enables what
 * the state allows; {@code onDone} runs after an accepted action (to refresh at once).
 */
export function actionPanel(service, onDone) {
  const notice = h('p', { class: 'notice', id: 'action-notice', role: 'status', 'aria-live': 'polite' });
  const version = h('input', { id: 'release-version', name: 'version', required: true, autocomplete: 'off',
    spellcheck: 'false', placeholder: 'e.g. 2.1.0', size: '14' });
  const done = (what, reply) => {
    replace(notice, `${what}: ${reply?.message ?? reply?.outcome ?? 'accepted'}`);
    onDone();
  };
  const form = h('form', { class: 'release-form', 'aria-label': 'Release a version' },
    h('label', { for: 'release-version' }, 'Version'), version,
    h('button', { type: 'submit', class: 'primary', dataset: { action: 'release' } }, 'Release…'));
  form.addEventListener('submit', async (submit) => {
    submit.preventDefault();
    const wanted = version.value.trim();
    const reply = await confirmAction({
      title: `Release ${service} ${wanted}`,
      text: `Start a release of version ${wanted} of ${service}? It gets a new environment and traffic moves to it step by step.`,
      confirmLabel: 'Release',
      run: () => release(service, wanted),
    });
    if (reply) {
      version.value = '';
      done(`Release ${wanted}`, reply);
    }
  });

  const buttons = new Map(ACTIONS.map((spec) => {
    const button = h('button', { type: 'button', class: spec.danger ? 'danger' : '', dataset: { action: spec.action } },
      `${spec.label}…`);
    button.addEventListener('click', async () => {
      const reply = await confirmAction({
        title: `${spec.label} ${service}`,
        text: spec.text(service),
        confirmLabel: spec.label,
        danger: spec.danger,
        withReason: spec.reason,
        run: (reason) => act(service, spec.action, reason),
      });
      if (reply) done(spec.label, reply);
    });
    return [spec.action, button];
  }));

  const element = h('section', { class: 'panel actions', 'aria-labelledby': 'actions-title' },
    h('h2', { id: 'actions-title' }, 'Actions'),
    h('div', { class: 'action-row' }, form, h('div', { class: 'action-buttons' }, [...buttons.values()])),
    notice);

  const update = (status) => {
    const active = status?.activeRelease;
    const inFlight = Boolean(active) && !['Promoted', 'RolledBack', 'Failed', 'Aborted', 'Superseded'].includes(active.phase);
    const deleting = Boolean(status?.deleting);
    buttons.get('rollback').disabled = deleting || !status;
    buttons.get('pause').disabled = !inFlight || active.paused;
    buttons.get('resume').disabled = !inFlight || !active.paused;
    buttons.get('promote').disabled = !inFlight || active.phase === 'RollingBack';
    buttons.get('abort').disabled = !inFlight || active.phase === 'RollingBack';
    form.querySelector('button').disabled = deleting || !status;
  };
  update(null);
  return { element, update };
}
