import type { Reply } from '../app/conversation/types.js';

/** The HTTP status of a reply: 200 an answer, help or notice; 400 rejected; 500 failed on our side; 503 busy. */
export function replyStatus(reply: Reply): number {
  switch (reply.kind) {
    case 'rejected':
      return 400;
    case 'failed':
      return 500;
    case 'busy':
      return 503;
    default:
      return 200;
  }
}
