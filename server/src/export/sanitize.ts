// Removing control characters is the point of this pattern.
// eslint-disable-next-line no-control-regex
const UNSAFE_CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/g;
const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Characters XML 1.0 (DOCX) and PDF text cannot carry: C0 controls other than tab/newline, lone
 * surrogates and the non-characters U+FFFE/U+FFFF. Removed before rendering so a stray control
 * character in a document can never break or smuggle anything into an export.
 */
export function stripUnsafeChars(text: string): string {
  return text.replace(UNSAFE_CONTROL_CHARACTERS, '').replace(LONE_SURROGATES, '\ufffd');
}
