/**
 * A request body that is not a valid OTLP message: the receiver answers 400 with
 * this message, so it names where the problem is (a JSON path such as
 * `resourceSpans[0].scopeSpans[1].spans[3].traceId`, or a byte offset for protobuf)
 * and what was found.
 */
export class OtlpDecodeError extends Error {
  /** Where in the message, outermost first; grows as the error passes up through the decoders. */
  private where: string;
  private readonly problem: string;

  constructor(where: string, problem: string) {
    super(where === '' ? problem : `${where}: ${problem}`);
    this.name = 'OtlpDecodeError';
    this.where = where;
    this.problem = problem;
  }

  /**
   * Prefixes the location with an enclosing field (`spans[3]`): decoders add it only
   * on the way out of a failure, so a valid message pays nothing for good messages.
   */
  within(field: string): this {
    if (field === '') return this;
    this.where = this.where === '' ? field : `${field}.${this.where}`;
    this.message = `${this.where}: ${this.problem}`;
    return this;
  }
}

/**
 * Runs `read` for the `index`-th element of a repeated field (or index 0 of a
 * singular one), naming the element in any decoding error that comes out of it.
 */
export function within<T>(field: string, index: number, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof OtlpDecodeError) throw error.within(index < 0 ? field : `${field}[${index}]`);
    throw error;
  }
}

/**
 * Why a body did not decode, as the receiver says it in its 400: the decoder's own
 * message, or the name and message of anything else thrown while decoding (the body's
 * fault, not the server's).
 */
export function undecodableDetail(error: unknown): string {
  return error instanceof OtlpDecodeError ? error.message : `${(error as Error).name}: ${(error as Error).message}`;
}
