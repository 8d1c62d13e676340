import { helpAsText } from '../../app/conversation/help.js';
import { reply } from '../../app/conversation/reply.js';
import { resolve } from 'node:path';
import { createRuntime, snapshotDirFromEnv } from '../../app/runtime.js';
import { createLogger } from '../../log.js';
import { renderText } from '../../render/render-text.js';
import { parseNow, type Command } from '../types.js';

/**
 * `finops-bot ask "<query>"`: the conversation layer's reply, as a table or (`--json`)
 * the answer JSON. `help`, an empty question and the like print the help (exit 0); a
 * rejected question exits 2, a failure 1.
 */
export const askCommand: Command = async ({ positionals, values }, io) => {
  const text = positionals.join(' ');
  const now = parseNow(values.now);
  const logger = createLogger({ level: io.env.LOG_LEVEL ?? 'warn' });
  // One question: no GPU index to feed, and the built datasets kept on disk (FINOPS_DATA_DIR's,
  // else ./.finops/datasets) so the next question does not load the data again.
  const rt = await createRuntime({ configPath: values.config, dataPath: values.data, now, env: io.env, logger, gpu: false, snapshotDir: askSnapshotDir(io.env) });
  // The embedded store (opened for push-down providers' cache) must be closed before exit.
  try {
    const r = await reply(
      { asker: rt.engine, clock: rt.clock, logger },
      { text, identity: { platform: 'cli', userId: io.env.USER ?? io.env.USERNAME ?? 'cli' }, conversation: { channelId: null, private: true, isDm: false, canShare: false } },
    );
    switch (r.kind) {
      case 'answer':
        io.stdout(values.json ? `${JSON.stringify(r.answer, null, 2)}\n` : `${renderText(r.answer)}\n`);
        return 0;
      case 'help':
        io.stdout(values.json ? `${JSON.stringify({ help: r.help }, null, 2)}\n` : `${helpAsText(r.help)}\n`);
        return 0;
      case 'rejected':
        io.stderr(`${r.message}\n${r.suggestions.length ? `Did you mean: ${r.suggestions.join(' · ')}\n` : ''}`);
        if (values.json) io.stdout(`${JSON.stringify({ error: r.message, query: r.query ?? null, suggestions: r.suggestions, examples: r.examples })}\n`);
        return 2;
      case 'failed':
        io.stderr(`Something went wrong while answering (reference ${r.reference}); the error is in the log (LOG_LEVEL=error or lower shows it).\n`);
        return 1;
      case 'busy':
        io.stderr(`Too many questions at once: ask again in ${r.retryAfterSeconds} s.\n`);
        return 1;
      case 'notice':
        io.stdout(values.json ? `${JSON.stringify(r.data ?? r.notice, null, 2)}\n` : `${r.notice.title}\n${r.notice.text}\n`);
        return 0;
    }
  } finally {
    await rt.close();
  }
};

/** Where `ask` keeps built datasets: FINOPS_DATA_DIR's `datasets/`, else `./.finops/datasets`; none when FINOPS_DATASET_SNAPSHOTS is off. */
export function askSnapshotDir(env: Record<string, string | undefined>): string | null {
  if (['off', '0', 'false', 'no'].includes((env.FINOPS_DATASET_SNAPSHOTS ?? '').trim().toLowerCase())) return null;
  if (env.FINOPS_DATA_DIR?.trim()) return snapshotDirFromEnv(env);
  return resolve('.finops', 'datasets');
}
