import type { FinopsConfig } from '../config/index.js';
import { SAMPLE_PEOPLE } from '../providers/sample/sample-people.js';
import { CONSOLE_USER } from './console-meta.js';

/** A person the console's acting-user switch can act as. */
export interface ActingUser {
  id: string;
  name: string;
  /** What they are: `administrator`, `approver of nlp`, `member of nlp, vision`… */
  role: string;
}

/**
 * Everyone the configuration names — administrators, finance, each team's members and
 * approvers (Slack and Teams ids; user groups are not people) — with the console operator
 * first. Names come from the sample organisation when it is the one running.
 */
export function actingUsers(config: Pick<FinopsConfig, 'teams' | 'access'>): ActingUser[] {
  const roles = new Map<string, string[]>();
  const add = (ids: string[] | undefined, role: string) => {
    for (const id of ids ?? []) {
      if (/^S[A-Z0-9]+$/.test(id)) continue;
      const list = roles.get(id) ?? [];
      if (!list.includes(role)) list.push(role);
      roles.set(id, list);
    }
  };
  add(config.access?.admins?.slack, 'administrator');
  add(config.access?.admins?.teams, 'administrator');
  add(config.access?.finance?.slack, 'finance');
  add(config.access?.finance?.teams, 'finance');
  for (const [team, t] of Object.entries(config.teams)) {
    add([...(t.approvers?.slack ?? []), ...(t.approvers?.teams ?? [])], `approver of ${team}`);
    add([...(t.members?.slack ?? []), ...(t.members?.teams ?? [])], `member of ${team}`);
  }
  const people = [...roles].map(([id, r]) => ({ id, name: SAMPLE_PEOPLE[id]?.name ?? id, role: r.join(', ') }));
  return [{ id: CONSOLE_USER.id, name: 'Console operator', role: 'administrator (this machine)' }, ...people];
}
