import type { HeadendEvent } from '@headend/events';
import { taskKey } from '@headend/provisioning-planner';

/** The two simulated models and the paths the suite's presets and tasks touch on each. */
export const PROFILES: Readonly<
  Record<string, { readonly model: string; readonly root: string; readonly ssid: string }>
> = {
  BM632w: {
    model: 'bm632w',
    root: 'InternetGatewayDevice.',
    ssid: 'InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.SSID',
  },
  'EC220-G5': { model: 'tplink-ec220-g5', root: 'Device.', ssid: 'Device.WiFi.SSID.1.SSID' },
};

export type TaskKind = 'setParameterValues' | 'getParameterValues' | 'reboot' | 'download';

export interface PlannedTask {
  readonly taskId: string;
  readonly deviceId: string;
  readonly kind: TaskKind;
  /** The round (fault window) it was requested in. */
  readonly round: number;
  /** The RPC's CommandKey (reboot, download). */
  readonly commandKey: string;
  /** What the device should end up with: a ProvisioningCode value, or a software version. */
  readonly path?: string;
  readonly value?: string;
}

export interface FleetDevice {
  readonly id: string;
  readonly productClass: string;
}

/**
 * What the suite asks of the fleet: per round a new revision of the SSID presets (so every device is
 * reconfigured while the fault hits) and a few tasks on rotating devices. Everything is events on
 * acs.config-events.v1 and acs.commands.v1, as an operator's tools write them.
 */
export class Workload {
  readonly tasks: PlannedTask[] = [];
  readonly tag: string;
  round = -1;

  constructor(readonly run: string) {
    this.tag = `chaos-${run}`;
  }

  /** The SSID every device must have once the current round converged. */
  ssid(): string {
    return `chaos-${this.run}-${this.round}`;
  }

  firmware(round: number): string {
    return `FW-${this.run}-${round}`;
  }

  /** The next round's events: presets (and on the first, the tag preset), its firmware file, its tasks. */
  nextRound(devices: readonly FleetDevice[], requestedBy = 'chaos-suite'): HeadendEvent[] {
    this.round += 1;
    const round = this.round;
    const events: HeadendEvent[] = [];
    const firmware = this.firmware(round);
    events.push({
      type: 'FileStored',
      version: 1,
      data: {
        fileId: `fw-${this.run}-${round}`,
        revision: 1,
        name: `${firmware}.bin`,
        fileType: '1 Firmware Upgrade Image',
        length: 1024,
        sha256: '0'.repeat(64),
        // The simulated CPEs do not fetch it: the version comes from the file name.
        definition: { url: `http://127.0.0.1:9/firmware/${firmware}.bin`, version: firmware },
      },
    });
    for (const [productClass, profile] of Object.entries(PROFILES)) {
      events.push({
        type: 'PresetSaved',
        version: 1,
        data: {
          presetId: `ssid-${productClass}-${this.run}`,
          revision: round + 1,
          name: `ssid ${productClass}`,
          definition: {
            precondition: { 'DeviceID.ProductClass': productClass },
            configurations: [{ kind: 'value', path: profile.ssid, value: this.ssid() }],
          },
        },
      });
    }
    if (round === 0) {
      events.push({
        type: 'PresetSaved',
        version: 1,
        data: {
          presetId: `tag-${this.run}`,
          revision: 1,
          name: 'tag',
          definition: { configurations: [{ kind: 'tag', tag: this.tag, present: true }] },
        },
      });
    }
    if (devices.length === 0) return events;
    // Rotating devices: each round's tasks land on others than the last round's.
    const kinds: TaskKind[] = [
      ...Array.from(
        { length: Math.max(1, Math.floor(devices.length / 10)) },
        () => 'setParameterValues' as const,
      ),
      'getParameterValues',
      'reboot',
      'download',
    ];
    kinds.forEach((kind, i) => {
      const device = devices[(round * kinds.length + i) % devices.length] as FleetDevice;
      const profile = PROFILES[device.productClass];
      if (profile === undefined) return;
      const taskId = `${kind}-${this.run}-${round}-${i}`;
      const planned = this.plan(kind, taskId, device, profile.root, round);
      this.tasks.push(planned.task);
      events.push({
        type: 'TaskRequested',
        version: 1,
        data: { taskId, deviceId: device.id, task: planned.spec, expiry: null, requestedBy },
      });
    });
    return events;
  }

  private plan(
    kind: TaskKind,
    taskId: string,
    device: FleetDevice,
    root: string,
    round: number,
  ): { task: PlannedTask; spec: Extract<HeadendEvent, { type: 'TaskRequested' }>['data']['task'] } {
    const base = { taskId, deviceId: device.id, kind, round, commandKey: taskKey(taskId) };
    switch (kind) {
      case 'setParameterValues': {
        const path = `${root}DeviceInfo.ProvisioningCode`;
        const value = `pc-${round}-${taskId.length}-${Math.random().toString(36).slice(2, 10)}`;
        return {
          task: { ...base, path, value },
          spec: { name: 'setParameterValues', parameterValues: [{ name: path, value, type: 'xsd:string' }] },
        };
      }
      case 'getParameterValues':
        return {
          task: base,
          spec: { name: 'getParameterValues', parameterNames: [`${root}DeviceInfo.UpTime`] },
        };
      case 'reboot':
        return { task: base, spec: { name: 'reboot' } };
      case 'download':
        return {
          task: { ...base, path: `${root}DeviceInfo.SoftwareVersion`, value: this.firmware(round) },
          spec: {
            name: 'download',
            fileId: `fw-${this.run}-${round}`,
            fileType: '1 Firmware Upgrade Image',
            targetFileName: null,
          },
        };
    }
  }
}
