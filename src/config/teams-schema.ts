import * as z from 'zod';
import { strictObject, text } from './primitives.js';

export const slackUserId = z.string().regex(/^[UW][A-Z0-9]{2,}$/, {
  error: 'expected a Slack user id such as U0AAAAAAA (a member id from the profile, not a name)',
});
/** A Slack user id, or a user-group id (`S…`) whose members are looked up through the Web API. */
const slackMember = z.string().regex(/^[UWS][A-Z0-9]{2,}$/, {
  error: 'expected a Slack user id such as U0AAAAAAA or a user-group id such as S0GROUP01',
});
export const entraObjectId = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, {
    error: 'expected an Entra object id such as 00000000-0000-0000-0000-000000000000',
  })
  .transform((s) => s.toLowerCase());

/** People by platform: `{ slack: [...], teams: [...] }`. */
function people(slack: z.ZodType<string>, what: string) {
  return strictObject(
    {
      slack: z.array(slack, { error: `expected a list of Slack ${what}` }).optional(),
      teams: z.array(entraObjectId, { error: 'expected a list of Entra object ids' }).optional(),
    },
    `expected { slack: [${what}], teams: [object ids] }`,
  );
}

const team = strictObject(
  {
    slack: strictObject({ channel: text('expected a Slack channel id such as C0123456789') }, 'expected { channel: C0123456789 }').optional(),
    teams: strictObject({ conversation: text('expected a Teams conversation id') }, 'expected { conversation: "19:…@thread.tacv2" }').optional(),
    /** What this entry's digests and alerts cover: a filter (`team=nlp`) or `all`; default `team=<key>`. */
    scope: text('expected a filter in the query language such as team=nlp, or all').optional(),
    /** Who sees this team's costs when access control is on. */
    members: people(slackMember, 'user ids or user-group ids').optional(),
    approvers: people(slackUserId, 'user ids').optional(),
    /** Gets the alerts for costs no team owns. */
    default: z.boolean({ error: 'expected true or false' }).optional(),
  },
  'expected a mapping with slack, teams, scope, members, approvers or default',
);

export const teamsSchema = z
  .record(z.string(), team, { error: 'expected a mapping of team name → { slack, teams, scope, members, approvers }' })
  .check(
    z.superRefine(
      (teams: unknown, ctx) => {
        if (typeof teams !== 'object' || teams === null) return;
        const defaults = Object.entries(teams).filter(([, t]) => (t as { default?: unknown } | null)?.default === true).map(([k]) => k);
        for (const k of defaults.slice(1)) {
          ctx.addIssue({ code: 'custom', path: [k, 'default'], message: `only one team may be the default (${defaults[0]} already is)`, input: undefined });
        }
      },
      // Reported with the other problems of the file, not only once they are fixed.
      { when: () => true },
    ),
  )
  // No prototype: a lookup of `toString` or `constructor` finds nothing.
  .transform((rec) => Object.assign(Object.create(null) as typeof rec, rec))
  .default(() => Object.create(null));

/** `access`: absent means everyone may see every cost. */
export const accessSchema = strictObject(
  {
    admins: people(slackUserId, 'user ids').optional(),
    finance: people(slackMember, 'user ids or user-group ids').optional(),
  },
  'expected { admins: { slack, teams }, finance: { slack, teams } }',
).optional();
