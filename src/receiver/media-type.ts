/** OTLP/HTTP's two encodings, as Content-Type media types. */
export const JSON_MEDIA_TYPE = 'application/json';
export const PROTOBUF_MEDIA_TYPE = 'application/x-protobuf';

/**
 * The media type of a Content-Type header: lower-case, parameters such as
 * `charset` removed; '' when the header is absent.
 */
export function mediaTypeOf(contentType: string | undefined): string {
  if (contentType === undefined) return '';
  const semicolon = contentType.indexOf(';');
  return (semicolon < 0 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}
