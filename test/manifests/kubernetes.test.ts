/**
 * manifests/kubernetes, the kustomize base: rendered offline by `kubectl kustomize`,
 * checked against the Kubernetes API's schemas (kubernetes-schema.ts), and held to what a
 * deployment of the bot needs (probes, non-root read-only pods, secrets by reference,
 * only the two webhooks public…). CI installs kubectl (.ci/run) and sets
 * FINOPS_REQUIRE_KUBECTL=1, so there the render can never be skipped.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from '../../src/config/index.js';
import { findKubectl, render, schemaProblems, unknownFields, type K8sObject } from './kubernetes-schema.js';

const kubectl = findKubectl();
if (!kubectl && process.env.FINOPS_REQUIRE_KUBECTL === '1') throw new Error('kubectl is required (FINOPS_REQUIRE_KUBECTL=1) but was not found: apt-get install kubernetes-client, or set KUBECTL');
if (!kubectl) console.warn('test/manifests/kubernetes.test.ts: skipped — kubectl not found (install Debian\'s kubernetes-client, or set KUBECTL); CI renders the manifests in .ci/run');

/** The bot's SIGTERM drain: src/chat/slack/mount-slack.ts waits up to 10 s for in-flight replies. */
const BOT_DRAIN_SECONDS = 10;

type Container = {
  name: string;
  image: string;
  env: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } } }[];
  ports: { name: string; containerPort: number }[];
  resources: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext: Record<string, unknown>;
  livenessProbe: { httpGet: { path: string; port: string } };
  readinessProbe: { httpGet: { path: string; port: string } };
  startupProbe?: { httpGet: { path: string } };
  lifecycle?: { preStop?: { exec?: { command: string[] } } };
  volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[];
};

describe.skipIf(!kubectl)('manifests/kubernetes (kustomize base)', () => {
  const objects = kubectl ? render(kubectl) : [];
  const one = (kind: string) => {
    const found = objects.filter((o) => o.kind === kind);
    expect(found, kind).toHaveLength(1);
    return found[0] as K8sObject & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const deployment = () => one('Deployment');
  const pod = () => deployment().spec.template;
  const container = (): Container => pod().spec.containers[0];

  it('renders offline to exactly these objects', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name.replace(/-[a-z0-9]{10}$/, '-<hash>')}`).sort()).toEqual([
      'ConfigMap/finops-bot-config-<hash>', 'Deployment/finops-bot', 'Ingress/finops-bot', 'PodDisruptionBudget/finops-bot', 'Service/finops-bot', 'ServiceAccount/finops-bot',
    ]);
  });

  it('passes the Kubernetes API schemas, with no unknown field', async () => {
    expect(await schemaProblems(objects)).toEqual([]);
  });

  it('the schema check can fail: a wrong type, a missing field and a misspelt field are each caught', async () => {
    const broken = structuredClone(deployment());
    broken.spec.replicas = 'three';
    delete broken.spec.selector;
    broken.spec.template.spec.containers[0].livenesProbe = broken.spec.template.spec.containers[0].livenessProbe;
    const problems = (await schemaProblems([broken])).join('\n');
    expect(problems).toMatch(/replicas must be integer/);
    expect(problems).toMatch(/spec must have required property selector/);
    expect(unknownFields([broken]).join('\n')).toMatch(/Deployment\/finops-bot: Object literal may only specify known properties, and '"livenesProbe"' does not exist in type 'IContainer'/);
  });

  it('a Deployment of 3 replicas, probed on /healthz (alive) and /readyz (ready), with requests and limits', () => {
    expect(deployment().spec.replicas).toBe(3);
    const c = container();
    expect(c.image).toBe('finops-bot:0.1.0');
    expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(c.startupProbe?.httpGet.path).toBe('/healthz');
    expect(c.ports).toEqual([{ name: 'http', containerPort: 3000, protocol: 'TCP' }]);
    for (const k of ['cpu', 'memory']) {
      expect(c.resources.requests?.[k], `requests.${k}`).toBeTruthy();
      expect(c.resources.limits?.[k], `limits.${k}`).toBeTruthy();
    }
  });

  it('runs as non-root on a read-only root filesystem, with a writable /tmp and no privileges', () => {
    const p = pod().spec;
    expect(p.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container().securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
    const tmp = container().volumeMounts.find((m) => m.mountPath === '/tmp')!;
    expect(p.volumes.find((v: { name: string }) => v.name === tmp.name)).toMatchObject({ emptyDir: {} });
    expect(p.automountServiceAccountToken).toBe(false);
  });

  it('listens on all interfaces; the store is PostgreSQL: DATABASE_URL and the chat secrets are Secret references, never literals', () => {
    const env = new Map(container().env.map((e) => [e.name, e]));
    expect(env.get('HOST')?.value).toBe('0.0.0.0');
    expect(env.has('FINOPS_DATA_DIR')).toBe(false);
    expect(env.get('DATABASE_URL')?.valueFrom?.secretKeyRef).toEqual({ name: 'finops-bot-secrets', key: 'DATABASE_URL' });
    for (const name of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'MICROSOFT_APP_ID', 'MICROSOFT_APP_PASSWORD', 'MICROSOFT_APP_TENANT_ID', 'FINOPS_CONSOLE_TOKEN']) {
      expect(env.get(name)?.valueFrom?.secretKeyRef, name).toEqual({ name: 'finops-bot-secrets', key: name, optional: true });
    }
    const literalSecrets = container().env.filter((e) => /TOKEN|SECRET|PASSWORD|DATABASE_URL/.test(e.name) && e.value !== undefined);
    expect(literalSecrets).toEqual([]);
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  it('the configuration is the ConfigMap, mounted read-only where FINOPS_CONFIG points, and it is a valid configuration', () => {
    const cm = one('ConfigMap');
    const volume = pod().spec.volumes.find((v: { configMap?: { name: string } }) => v.configMap?.name === cm.metadata.name);
    expect(volume).toBeDefined();
    const mount = container().volumeMounts.find((m) => m.name === volume.name)!;
    expect(mount.readOnly).toBe(true);
    const path = container().env.find((e) => e.name === 'FINOPS_CONFIG')!.value!;
    expect(path.startsWith(`${mount.mountPath}/`)).toBe(true);
    const text = cm.data[path.slice(mount.mountPath.length + 1)];
    const parsed = parseConfig(parse(text));
    expect(parsed.ok ? [] : parsed.problems).toEqual([]);
  });

  it('a Service and a PodDisruptionBudget that select exactly the Deployment\'s pods', () => {
    const labels = pod().metadata.labels;
    expect(deployment().spec.selector.matchLabels).toEqual(labels);
    const svc = one('Service');
    expect(svc.spec.selector).toEqual(labels);
    expect(svc.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
    const pdb = one('PodDisruptionBudget');
    expect(pdb.spec.selector.matchLabels).toEqual(labels);
    expect(pdb.spec.minAvailable).toBeGreaterThan(0);
    expect(pdb.spec.minAvailable).toBeLessThan(deployment().spec.replicas);
  });

  it('the Ingress exposes only /slack/events and /api/messages, to the Service', () => {
    const ing = one('Ingress');
    const paths = ing.spec.rules.flatMap((r: { http: { paths: unknown[] } }) => r.http.paths);
    expect(paths).toEqual([
      { path: '/slack/events', pathType: 'Exact', backend: { service: { name: 'finops-bot', port: { name: 'http' } } } },
      { path: '/api/messages', pathType: 'Exact', backend: { service: { name: 'finops-bot', port: { name: 'http' } } } },
    ]);
    expect(ing.spec.defaultBackend).toBeUndefined();
  });

  it('terminates gracefully: the grace period covers the preStop pause and the bot\'s SIGTERM drain', () => {
    const pause = Number(container().lifecycle?.preStop?.exec?.command.at(-1));
    expect(pause).toBeGreaterThan(0);
    expect(pod().spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(pause + BOT_DRAIN_SECONDS + 5);
    expect(deployment().spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
  });
});
