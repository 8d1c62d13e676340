import type { Migration } from './migration.js';

/**
 * The web console's channel feeds: what the bot posts to a console channel (a team's
 * digests and alerts, direct messages to the console's user) and the replies in their
 * threads, kept like a chat platform keeps messages so the console's `Notifier` can post,
 * update and thread. Never edit this text once released: add 0003 instead.
 */
export const migration0004ConsoleMessages: Migration = {
  version: 4,
  name: 'console-messages',
  sql: `
CREATE TABLE console_messages (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  channel     text NOT NULL,
  -- The top-level message this one replies to (a thread has one level, as in Slack).
  thread_of   bigint REFERENCES console_messages (id) ON DELETE CASCADE,
  notice      jsonb NOT NULL,
  -- The ledger key of a proactive message, so a job can find what it posted (findPosted).
  ledger_key  text,
  posted_at   timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL
);
CREATE INDEX console_messages_channel_idx ON console_messages (channel, id) WHERE thread_of IS NULL;
CREATE INDEX console_messages_thread_idx ON console_messages (thread_of, id) WHERE thread_of IS NOT NULL;
CREATE INDEX console_messages_key_idx ON console_messages (channel, ledger_key) WHERE ledger_key IS NOT NULL;
`,
};
