import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { blockLines, diffLines } from './diff';
import { readSavedAck } from './session';

describe('version comparison', () => {
  it('reports removed and added blocks between two texts', () => {
    expect(diffLines(['Summary', 'Old plan', 'Risks'], ['Summary', 'New plan', 'Risks', 'Timeline'])).toEqual(
      [
        { kind: 'same', text: 'Summary' },
        { kind: 'removed', text: 'Old plan' },
        { kind: 'added', text: 'New plan' },
        { kind: 'same', text: 'Risks' },
        { kind: 'added', text: 'Timeline' },
      ],
    );
  });

  it('reads the blocks of a Tiptap document from its Yjs fragment', () => {
    const doc = new Y.Doc();
    const heading = new Y.XmlElement('heading');
    (heading as unknown as Y.XmlElement<{ level: number }>).setAttribute('level', 2);
    heading.insert(0, [new Y.XmlText('Evidence plan')]);
    const list = new Y.XmlElement('bulletList');
    const item = new Y.XmlElement('listItem');
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('Bank records')]);
    item.insert(0, [paragraph]);
    list.insert(0, [item]);
    doc.getXmlFragment('default').insert(0, [heading, list]);
    expect(blockLines(doc)).toEqual(['## Evidence plan', '• Bank records']);
  });
});

describe('stored acknowledgements', () => {
  it('decodes the state vector and stored count, and ignores other auth messages', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'abc');
    const vector = Y.encodeStateVector(doc);
    const ack = new Uint8Array([1, vector.length, ...vector, 3]);
    const parsed = readSavedAck(ack);
    expect(parsed?.stored).toBe(3);
    expect(parsed?.stateVector.get(doc.clientID)).toBe(3);
    expect(readSavedAck(new Uint8Array([0, 4, 110, 111, 112, 101]))).toBeNull();
    expect(readSavedAck(new Uint8Array([1, 200]))).toBeNull();
  });
});
