/** The whole fleet of the fictional Acme ML, in emission order (see README.md for the story). */
import { NETWORK, SERVICES, STORAGE, UNTAGGED } from './fleet-base.js';
import { IDLE_GPUS, INFERENCE, MONTHLY_SPIKE, NOTEBOOKS, TRAINING, recentSpike } from './fleet-ml.js';
import type { DaySource } from './sources.js';

/** Every source whose records depend on the calendar day only. */
export const FLEET: readonly DaySource[] = [
  ...TRAINING,
  MONTHLY_SPIKE,
  ...INFERENCE,
  ...NOTEBOOKS,
  ...IDLE_GPUS,
  ...STORAGE,
  ...NETWORK,
  ...SERVICES,
  ...UNTAGGED,
];

/** The fleet for a run on `todayEpochDay`: the fixed fleet plus the recent spike. */
export function fleetFor(todayEpochDay: number): DaySource[] {
  return [...FLEET, recentSpike(todayEpochDay)];
}
