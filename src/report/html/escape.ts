/** Text for HTML content or a quoted attribute value: file names, labels and feature names are user data. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * JSON for inside a `<script type="application/json">` element. `<`, `>` and `&` only
 * occur inside JSON strings, where their \u escapes read back the same, so no value
 * can close the element (`</script>`) or open a comment (`<!--`); U+2028 and U+2029
 * are escaped too, so the text is also a valid JavaScript literal.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
