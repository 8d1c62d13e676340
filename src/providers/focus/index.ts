export { readFocus, type FocusReadOptions, type FocusReadStats } from './read-focus.js';
export { parseFocusTimestamp } from './parse-focus-timestamp.js';
export { parseDecimalText } from './decimal-text.js';
export { FocusFormatError, FOCUS_FORMAT_ERROR_CODES, type FocusFormatErrorCode } from './focus-format-error.js';
