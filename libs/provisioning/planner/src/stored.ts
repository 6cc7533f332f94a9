import { DeviceProjection } from './projection.js';

/**
 * The stored form of a projection (one MongoDB document per device): the parameter table as one JSON
 * text. A MongoDB-wire server stores and loads one string several times faster than thousands of
 * small subdocuments (FerretDB 1.24 on SQLite: about 4x for a 1,000-parameter device), and nothing
 * queries single parameters of a stored projection.
 */
export type StoredProjection = Omit<DeviceProjection, 'parameters'> & { readonly parameters: string };

export function toStoredProjection(projection: DeviceProjection): StoredProjection {
  return { ...projection, parameters: JSON.stringify(projection.parameters) };
}

/** A stored projection is data from outside the process: checked before the planner trusts it. */
export function fromStoredProjection(stored: StoredProjection): DeviceProjection {
  let parameters: unknown;
  try {
    parameters = JSON.parse(stored.parameters);
  } catch {
    throw new Error(`stored projection ${stored._id} has unreadable parameters`);
  }
  const parsed = DeviceProjection.safeParse({ ...stored, parameters });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `stored projection ${stored._id} is invalid at ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`,
    );
  }
  return parsed.data;
}
