import type { Migration } from './migration.js';

/**
 * Inbound chat requests already taken (Slack's event ids and request signatures), kept
 * for the signing window so a retry or a replay reaching any replica is answered once.
 * Never edit this text once released: add a new migration instead.
 */
export const migration0008SeenRequests: Migration = {
  version: 8,
  name: 'seen-requests',
  sql: `
CREATE TABLE seen_requests (
  key         text PRIMARY KEY,
  seen_at     timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL
);
CREATE INDEX seen_requests_expires_idx ON seen_requests (expires_at);
`,
};
