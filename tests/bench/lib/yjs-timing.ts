// Measuring helpers shared by the collab benchmark and the processes it starts.
import * as Y from 'yjs';
import { COLLAB_FRAGMENT_FIELD } from '@serantau/shared';

/**
 * Milliseconds to decode a stored state into a new document. With `listened`, an 'update' listener
 * is attached as in any y-websocket client, so Yjs also encodes the change for it.
 */
export function timeDecode(bytes: Uint8Array, listened = false): number {
  const started = performance.now();
  const doc = new Y.Doc();
  if (listened) doc.on('update', () => undefined);
  Y.applyUpdate(doc, bytes);
  const elapsed = performance.now() - started;
  doc.destroy();
  return elapsed;
}

export function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
}

/** The trace's text in a document, found as the paragraph whose text has the expected length. */
export function traceText(doc: Y.Doc, length: number): string | undefined {
  const paragraph = doc
    .getXmlFragment(COLLAB_FRAGMENT_FIELD)
    .toArray()
    .find(
      (node) => node instanceof Y.XmlElement && (node.get(0) as Y.XmlText | undefined)?.length === length,
    ) as Y.XmlElement | undefined;
  return (paragraph?.get(0) as Y.XmlText | undefined)?.toString();
}
