import type { Migration } from './migration.js';

/**
 * The scheduled jobs' delivery ledger (spec: jobs-and-approvals.md, "Exactly once"): one
 * row per message key and target channel, claimed before the post and marked after it,
 * with the composed message so a retry posts the very same one. A new table rather than
 * a change to `message_ledger` (keyed by the message alone): replicas of the previous
 * build keep working during a rolling deploy.
 */
export const migration0003DeliveryLedger: Migration = {
  version: 3,
  name: 'delivery-ledger',
  sql: `
-- One row per (ledger key, platform, channel). status: claimed (a post is under way or a
-- crash left it), sent, failed (retried by a later run), uncertain (claimed by a run that
-- died, and the platform cannot tell whether the message went out: never re-posted).
CREATE TABLE message_deliveries (
  ledger_key   text NOT NULL,
  platform     text NOT NULL,
  channel      text NOT NULL,
  job          text NOT NULL,
  slot         timestamptz NOT NULL,
  status       text NOT NULL CHECK (status IN ('claimed', 'sent', 'failed', 'uncertain')),
  -- The key the posted message carries (Slack metadata): the ledger key itself, or the
  -- key of the one message that bundles several alerts for this channel.
  message_key  text NOT NULL,
  notice       jsonb NOT NULL,
  -- What a run reports about the message: kind, team, text, facts.
  item         jsonb NOT NULL,
  claimed_by   text NOT NULL,
  claimed_at   timestamptz NOT NULL,
  created_at   timestamptz NOT NULL,
  sent_at      timestamptz,
  message_ref  jsonb,
  attempts     integer NOT NULL DEFAULT 1,
  error        text,
  PRIMARY KEY (ledger_key, platform, channel)
);
CREATE INDEX message_deliveries_message_idx ON message_deliveries (message_key, platform, channel);
CREATE INDEX message_deliveries_open_idx ON message_deliveries (job, created_at) WHERE status IN ('claimed', 'failed', 'uncertain');

-- What a finished run wants \`jobs status\` to say (days not judged yet, teams without a channel).
ALTER TABLE job_runs ADD COLUMN notes jsonb;
`,
};
