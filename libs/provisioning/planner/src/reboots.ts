import { rpcRequest } from '@headend/cwmp-session';
import { fingerprint, shortKey } from './hash.js';
import { FINAL_STATES, finishTask, taskKey } from './tasks.js';
import type { Working } from './working.js';

/**
 * Reboots. The device reports a reboot the ACS ordered with `M Reboot` and the Reboot's CommandKey,
 * but real CPEs lose the key or never send one (an empty CommandKey, or only `1 BOOT`). So the ACS
 * keeps one Reboot outstanding at a time, and a report without a key answers that one.
 */

/** What a session's `issued` list holds for a request (see planNext). */
export const requestPrint = (request: Parameters<typeof rpcRequest>[0]): string =>
  fingerprint(JSON.stringify(rpcRequest(request)));

/**
 * The device came back from a reboot: `M Reboot` with its CommandKey, or '' for an empty key or a
 * boot that names no `M Reboot`. A task's own key closes that task in any state a retry left it in
 * (the device ran exactly its Reboot); no key closes the reboot task waiting (the one the device
 * acknowledged), never one not sent yet; another key (another tool's, a preset's) closes none.
 */
export function rebooted(w: Working, commandKey: string): void {
  const key = commandKey.trim();
  for (const task of w.device.tasks) {
    if (task.task.name !== 'reboot' || FINAL_STATES.has(task.state)) continue;
    if (key === '' ? task.state === 'waiting' : taskKey(task.id) === key) finishTask(w, task);
  }
}

/**
 * Whether no Reboot may be sent now: a reboot task waits for the device to come back, or this
 * session already carries a Reboot (the device reboots once, after the session, whatever it was
 * sent). Without this, two Reboots would share one boot and a report without a key would fit both.
 */
export function rebootHeld(w: Working): boolean {
  const device = w.device;
  if (device.tasks.some((t) => t.task.name === 'reboot' && t.state === 'waiting')) return true;
  const issued = new Set(device.session?.issued ?? []);
  if (issued.size === 0) return false;
  const keys = [
    ...device.tasks.filter((t) => t.task.name === 'reboot').map((t) => taskKey(t.id)),
    ...w.ctx.presets
      .filter((p) => p.configurations.some((c) => c.kind === 'reboot'))
      .map((p) => shortKey('preset:', p.id)),
  ];
  return keys.some((commandKey) => issued.has(requestPrint({ type: 'Reboot', commandKey })));
}
