// Development only (tsx, vitest): the worker thread registers tsx itself, then loads the
// TypeScript worker. The built package uses dist/app/pool/answer-worker.js directly.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./answer-worker.ts');
export default worker.default;
