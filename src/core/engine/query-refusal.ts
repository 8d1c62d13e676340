/**
 * A question the engine will not answer with a figure, because any figure would look more
 * certain than it is: a range with no data yet, a filter value that names nothing known.
 * Thrown by `answerQuery`; the ask use case turns it into a rejected query (the message and
 * `suggestions` shown like a parse error).
 */
export class QueryRefusal extends Error {
  override readonly name = 'QueryRefusal';

  constructor(
    message: string,
    /** Query fragments the user can click or type instead. */
    readonly suggestions: string[],
  ) {
    super(message);
  }
}
