/** Why a FOCUS input could not be read at all (as opposed to one bad row). */
export const FOCUS_FORMAT_ERROR_CODES = [
  'not-found',
  'not-focus',
  'binary',
  'corrupt',
  'unsupported',
  'record-too-long',
] as const;
export type FocusFormatErrorCode = (typeof FOCUS_FORMAT_ERROR_CODES)[number];

/**
 * Thrown when a path holds no FOCUS data we can read: nothing matches, the file is not
 * FOCUS (required columns missing), binary or corrupt. The message names the file and
 * says how to fix it. Records already delivered for a read that ends in this error belong
 * to an incomplete read and should be discarded by the caller.
 */
export class FocusFormatError extends Error {
  override readonly name = 'FocusFormatError';
  readonly code: FocusFormatErrorCode;
  /** The file (or the path/glob, for `not-found`) the error is about. */
  readonly file: string;

  constructor(code: FocusFormatErrorCode, file: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.file = file;
  }
}

/** The fix every "this is not FOCUS" message ends with. */
export const FOCUS_EXPORT_HINT =
  'Export FOCUS 1.0 or later from your cloud\'s billing console (AWS Data Exports "FOCUS 1.0", ' +
  'Azure Cost Management exports "FOCUS cost", Google Cloud\'s FOCUS BigQuery view, OCI FOCUS reports) ' +
  'and point `path` at the CSV, CSV.gz or Parquet files.';
