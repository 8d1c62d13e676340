/** Who may see what: the access policy and the functions that apply it (README: "Access control"). */
export { createAccessPolicy, CONSOLE_OPERATOR, type AccessPolicy, type AccessPolicyOptions } from './access-policy.js';
export { askWithinAccess, type AskWithinAccessDeps, type ScopedAskResult } from './ask-within-access.js';
export { consoleAccess, consoleRequestAllowed, isLoopbackHost, type ConsoleAccess, type ConsoleAccessInput } from './console-access.js';
export { restrictAnswer, restrictActions } from './restrict-answer.js';
export { restrictQuery, whomToAsk, type RestrictResult } from './restrict-query.js';
export { canonicalWithAliases, caseInsensitive, intersect, keyInside, mergeClauses, scopeParser } from './scope-filters.js';
export { createStaticGroupDirectory } from './static-group-directory.js';
export { createSlackGroupDirectory, type SlackGroupDirectoryOptions, type UsergroupsClient } from './slack-group-directory.js';
export type * from './types.js';
