import type { Logger } from 'pino';
import { providerId } from '../config/index.js';
import { createProviders } from '../providers/index.js';
import type { DoctorCheck, ProviderCache } from '../providers/types.js';
import { redactDeep } from '../redact.js';
import { todayIn } from './cost-engine.js';
import { focusDoctor } from './focus-doctor.js';
import type { RuntimeConfig } from './runtime-config.js';

/** What the doctor found for one provider. */
export interface ProviderDoctorReport {
  id: string;
  type: string;
  checks: DoctorCheck[];
}

/** The doctor's report: `ok` when every check of every provider passed. */
export interface DoctorReport {
  providers: ProviderDoctorReport[];
  ok: boolean;
}

export interface DoctorOptions {
  logger: Logger;
  /** The clock (epoch ms): the cloud providers' tiny queries ask about yesterday. */
  now: number;
  /** Hard limit for one provider's checks (default 60 s). */
  timeoutMs?: number;
  /** Paths in messages are shown relative to this folder. */
  cwd?: string;
}

/** The doctor asks the provider itself: a cached answer would prove nothing. */
const NO_CACHE: ProviderCache = { get: async () => null, put: async () => undefined };

/**
 * Checks every configured provider, in parallel, the way `finops-bot doctor` reports it:
 * FOCUS files (path, header, a sample of rows), the bundled sample (nothing to check),
 * and each push-down provider's own doctor (credentials, permissions, a tiny query).
 * Never opens the store and never loads the data. Never throws for a provider's failure.
 */
export async function runDoctor(rc: RuntimeConfig, opts: DoctorOptions): Promise<DoctorReport> {
  const today = todayIn(opts.now, 'UTC');
  // Building providers validates what the schema cannot (a BigQuery table path): a ConfigError here is a configuration problem.
  const providers = await createProviders(rc.providerConfigs, { logger: opts.logger, today, timezone: rc.config.timezone });
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const reports = await Promise.all(
    rc.providerConfigs.map(async (config, i): Promise<ProviderDoctorReport> => {
      const provider = providers[i]!;
      const id = providerId(config);
      let checks: DoctorCheck[];
      try {
        if (config.type === 'focus') checks = await focusDoctor(config.path, { cwd: opts.cwd });
        else if (provider.kind === 'query') {
          const ctx = { signal: AbortSignal.timeout(timeoutMs), logger: opts.logger.child({ provider: id }), cache: NO_CACHE, now: opts.now };
          checks = await provider.doctor(ctx);
        } else checks = [{ name: 'data', ok: true, detail: `${provider.describe()} (bundled: nothing to check)` }];
      } catch (err) {
        checks = [{ name: 'doctor', ok: false, detail: err instanceof Error ? err.message : String(err), fix: 'Run the doctor again; if it fails the same way, report it with this message.' }];
      }
      if (checks.length === 0) checks = [{ name: 'doctor', ok: false, detail: 'the provider reported nothing', fix: 'Run the doctor again.' }];
      return { id, type: config.type, checks };
    }),
  );
  // A detail may quote an endpoint, a path or a driver's error: never with its credentials.
  return redactDeep({ providers: reports, ok: reports.every((r) => r.checks.every((c) => c.ok)) });
}
