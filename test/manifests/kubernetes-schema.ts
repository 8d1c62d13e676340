/**
 * Renders manifests/kubernetes with kubectl's kustomize (offline) and checks the result
 * against the Kubernetes API's own schemas, with no cluster:
 * 1. `kubernetes-models` (npm): validators generated from the Kubernetes OpenAPI spec
 *    (types, required fields, enums, formats) for every kind the base uses;
 * 2. unknown fields (a misspelt `livenesProbe` would be silently dropped by the API
 *    server): each rendered object is type-checked by TypeScript as a fresh literal of the
 *    same package's interface, which refuses any property the API does not define.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';

export const ROOT = join(import.meta.dirname, '..', '..');
export const BASE = join(ROOT, 'manifests', 'kubernetes');

/** A rendered Kubernetes object (only the parts the checks read are typed). */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  [key: string]: unknown;
}

/** Each kind the base may render: its kubernetes-models module and interface. */
const MODELS: Record<string, { module: string; type: string }> = {
  'v1/ServiceAccount': { module: 'kubernetes-models/v1/ServiceAccount', type: 'IServiceAccount' },
  'v1/ConfigMap': { module: 'kubernetes-models/v1/ConfigMap', type: 'IConfigMap' },
  'v1/Service': { module: 'kubernetes-models/v1/Service', type: 'IService' },
  'apps/v1/Deployment': { module: 'kubernetes-models/apps/v1/Deployment', type: 'IDeployment' },
  'networking.k8s.io/v1/Ingress': { module: 'kubernetes-models/networking.k8s.io/v1/Ingress', type: 'IIngress' },
  'policy/v1/PodDisruptionBudget': { module: 'kubernetes-models/policy/v1/PodDisruptionBudget', type: 'IPodDisruptionBudget' },
  'autoscaling/v2/HorizontalPodAutoscaler': { module: 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler', type: 'IHorizontalPodAutoscaler' },
};

const key = (o: { apiVersion: string; kind: string }) => `${o.apiVersion}/${o.kind}`;

/** kubectl to use: `$KUBECTL`, else `kubectl` on the PATH; null when there is none. */
export function findKubectl(): string | null {
  const bin = process.env.KUBECTL || 'kubectl';
  const r = spawnSync(bin, ['version', '--client'], { encoding: 'utf8' });
  return r.status === 0 ? bin : null;
}

/** `kubectl kustomize <dir>`: the rendered objects. */
export function render(kubectl: string, dir = BASE): K8sObject[] {
  const out = execFileSync(kubectl, ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return parseAllDocuments(out).map((d) => d.toJS() as K8sObject).filter((o) => o !== null);
}

/** Problems the API's schemas find in the objects, one line each (`Deployment/x: …`). */
export async function schemaProblems(objects: K8sObject[]): Promise<string[]> {
  const problems: string[] = [];
  for (const o of objects) {
    const model = MODELS[key(o)];
    if (!model) {
      problems.push(`${o.kind}/${o.metadata?.name}: no schema for ${key(o)} (add it to MODELS in test/manifests/kubernetes-schema.ts)`);
      continue;
    }
    const mod = (await import(model.module)) as Record<string, new (data: unknown) => { validate(): void }>;
    const Model = mod[model.type.slice(1)]!;
    try {
      new Model(o).validate();
    } catch (err) {
      problems.push(`${o.kind}/${o.metadata?.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return [...problems, ...unknownFields(objects.filter((o) => MODELS[key(o)]))];
}

/** Properties the API does not define, found by TypeScript's excess-property check. */
export function unknownFields(objects: K8sObject[]): string[] {
  const file = join(ROOT, 'test', 'manifests', '__rendered-kubernetes__.ts');
  const kinds = [...new Set(objects.map(key))];
  const lines = [
    ...kinds.map((k, i) => `import type { ${MODELS[k]!.type} as T${i} } from '${MODELS[k]!.module}';`),
    ...objects.map((o, i) => `export const object${i}: T${kinds.indexOf(key(o))} = ${JSON.stringify(o)};`),
  ];
  const text = lines.join('\n');
  const options: ts.CompilerOptions = { strict: true, noEmit: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, skipLibCheck: true, types: [] };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) => (name === file ? ts.createSourceFile(name, text, version) : getSourceFile(name, version, ...rest));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => (name === file ? text : readFile(name));
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => {
    const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1;
    const index = line - kinds.length;
    const o = objects[index];
    return `${o ? `${o.kind}/${o.metadata?.name}` : 'manifests'}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}
