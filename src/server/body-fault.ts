import type { Request } from 'express';

/** What body-parser attaches to the errors it throws. */
type BodyError = Error & { status?: number; type?: string; limit?: number; length?: number; charset?: string; encoding?: string };

/**
 * The answer to a request whose body could not be read, with a message that fits the
 * fault: the limit of a body too large, the charset or encoding accepted, JSON that does
 * not parse. Null for any other error (a failure on our side).
 */
export function bodyFault(err: BodyError, req: Pick<Request, 'method' | 'path'>): { status: number; error: string } | null {
  const where = `${req.method} ${req.path}`;
  switch (err.type) {
    case 'entity.parse.failed':
      return { status: 400, error: 'The body is not valid JSON. Send {"text": "by team last week"}.' };
    case 'entity.too.large':
      return { status: 413, error: `The body is too large: ${where} takes at most ${size(err.limit)}${err.length ? ` (this one is ${size(err.length)})` : ''}.` };
    case 'charset.unsupported':
      return { status: 415, error: `The charset ${JSON.stringify(err.charset ?? '')} is not accepted: send UTF-8 (content-type: application/json; charset=utf-8).` };
    case 'encoding.unsupported':
      return { status: 415, error: `The content-encoding ${JSON.stringify(err.encoding ?? '')} is not accepted: send the body uncompressed, gzip or deflate.` };
    case 'request.aborted':
      return { status: 400, error: 'The request was aborted before its body arrived.' };
    case 'request.size.invalid':
      return { status: 400, error: 'The body is shorter or longer than its content-length says.' };
    case 'parameters.too.many':
      return { status: 413, error: `The body has too many parameters for ${where}.` };
    default:
      return null;
  }
}

function size(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return 'its limit';
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} kB`;
  return `${bytes.toLocaleString('en-US')} bytes`;
}
