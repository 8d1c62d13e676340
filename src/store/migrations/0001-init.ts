import type { Migration } from './migration.js';

/**
 * The first schema, shaped for the scheduled jobs and budget approvals
 * (spec: jobs-and-approvals.md). Money is `numeric`, instants `timestamptz`.
 * Never edit this text once released: add 0002 instead (the checksum guards it).
 */
export const migration0001Init: Migration = {
  version: 1,
  name: 'init',
  sql: `
-- Provider answers cached by the hash of their canonical request.
CREATE TABLE query_cache (
  key         text PRIMARY KEY,
  provider    text NOT NULL,
  request     jsonb NOT NULL,
  response    jsonb NOT NULL,
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL
);
CREATE INDEX query_cache_expires_at_idx ON query_cache (expires_at);

-- Budgets set from chat (/budget set); the configuration file's budgets need not be here.
CREATE TABLE budgets (
  name        text PRIMARY KEY,
  scope       text NOT NULL,
  amount      numeric NOT NULL CHECK (amount >= 0),
  currency    text NOT NULL,
  period      text NOT NULL CHECK (period IN ('month', 'quarter', 'year')),
  thresholds  jsonb NOT NULL DEFAULT '[50, 80, 100]',
  team        text,
  forecast    boolean NOT NULL DEFAULT false,
  updated_at  timestamptz NOT NULL,
  updated_by  text NOT NULL
);

-- Override requests. No foreign key to budgets: a budget may live only in the config file.
-- The first decision wins: decisions are UPDATE ... WHERE status = 'pending'.
CREATE TABLE budget_overrides (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  budget             text NOT NULL,
  period_start       date NOT NULL,
  amount             numeric NOT NULL CHECK (amount > 0),
  until              date,
  reason             text NOT NULL,
  requested_by       text NOT NULL,
  requested_platform text NOT NULL,
  status             text NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'approved', 'denied', 'expired')),
  decided_by         text,
  decided_at         timestamptz,
  decision_reason    text,
  message_refs       jsonb NOT NULL DEFAULT '[]',
  created_at         timestamptz NOT NULL,
  CHECK (status = 'pending' OR decided_at IS NOT NULL)
);
CREATE INDEX budget_overrides_budget_period_idx ON budget_overrides (budget, period_start, status);
CREATE INDEX budget_overrides_pending_idx ON budget_overrides (created_at) WHERE status = 'pending';

-- Every request and decision: who, when, which platform, what.
CREATE TABLE audit_log (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at        timestamptz NOT NULL,
  actor     text NOT NULL,
  platform  text NOT NULL,
  action    text NOT NULL,
  subject   text NOT NULL,
  detail    jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_subject_at_idx ON audit_log (subject, at DESC);

-- One row per (job, slot): the claim. A crashed run's lease expires and another replica
-- may claim the slot; a done slot is never claimed again.
CREATE TABLE job_runs (
  job            text NOT NULL,
  scheduled_for  timestamptz NOT NULL,
  claimed_by     text NOT NULL,
  lease_until    timestamptz NOT NULL,
  status         text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
  attempts       integer NOT NULL DEFAULT 1,
  started_at     timestamptz NOT NULL,
  finished_at    timestamptz,
  error          text,
  PRIMARY KEY (job, scheduled_for)
);
CREATE INDEX job_runs_job_latest_idx ON job_runs (job, scheduled_for DESC);

-- Exactly-once posting: one row per message, keyed by what makes it unique.
CREATE TABLE message_ledger (
  ledger_key   text PRIMARY KEY,
  job          text NOT NULL,
  channel      text NOT NULL,
  platform     text NOT NULL,
  posted_at    timestamptz NOT NULL,
  message_ref  jsonb
);

-- Where to post proactively (Teams needs a stored ConversationReference).
CREATE TABLE conversation_refs (
  platform         text NOT NULL,
  conversation_id  text NOT NULL,
  reference        jsonb NOT NULL,
  team             text,
  updated_at       timestamptz NOT NULL,
  PRIMARY KEY (platform, conversation_id)
);
CREATE INDEX conversation_refs_team_idx ON conversation_refs (team);

-- Idle-GPU nudges silenced ("Snooze 24 h") or acknowledged ("Expected").
CREATE TABLE snoozes (
  resource    text PRIMARY KEY,
  until       timestamptz NOT NULL,
  by          text NOT NULL,
  kind        text NOT NULL DEFAULT 'snooze' CHECK (kind IN ('snooze', 'expected')),
  created_at  timestamptz NOT NULL
);
`,
};
