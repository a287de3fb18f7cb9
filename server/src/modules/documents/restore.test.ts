import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { restoreFragment } from './restore';

interface Block {
  type: 'paragraph' | 'heading';
  text: string;
  level?: number;
  bold?: boolean;
}

function build(fragment: Y.XmlFragment, blocks: readonly Block[], at = fragment.length): void {
  fragment.insert(
    at,
    blocks.map((block) => {
      const element = new Y.XmlElement(block.type);
      if (block.level) element.setAttribute('level', String(block.level));
      const text = new Y.XmlText();
      text.insert(0, block.text, block.bold ? { bold: true } : {});
      element.insert(0, [text]);
      return element;
    }),
  );
}

function docWith(blocks: readonly Block[]): { doc: Y.Doc; fragment: Y.XmlFragment } {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment('default');
  build(fragment, blocks);
  return { doc, fragment };
}

/** Restores `version` into `current` the way the documents service does, in its own transaction. */
function restore(current: { doc: Y.Doc; fragment: Y.XmlFragment }, version: Y.XmlFragment): void {
  current.doc.transact(() => restoreFragment(current.fragment, version.toArray()));
}

const p = (text: string): Block => ({ type: 'paragraph', text });

describe('restoring a version block by block', () => {
  it('reads exactly like the version and keeps the unchanged blocks (and what is anchored in them)', () => {
    const version = docWith([p('Summary'), p('Evidence plan'), p('Risks')]);
    // The current text: the middle was rewritten, a heading and a paragraph were added.
    const current = docWith([
      p('Summary'),
      p('Evidence plan, revised'),
      { type: 'heading', text: 'New', level: 2 },
      p('Risks'),
    ]);
    const firstText = (current.fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const lastText = (current.fragment.get(3) as Y.XmlElement).get(0) as Y.XmlText;
    const anchorFirst = Y.createRelativePositionFromTypeIndex(firstText, 3);
    const anchorLast = Y.createRelativePositionFromTypeIndex(lastText, 1);

    restore(current, version.fragment);

    expect(current.fragment.toString()).toBe(version.fragment.toString());
    for (const [anchor, text, index] of [
      [anchorFirst, firstText, 3],
      [anchorLast, lastText, 1],
    ] as const) {
      const resolved = Y.createAbsolutePositionFromRelativePosition(anchor, current.doc);
      expect(resolved?.type).toBe(text);
      expect(resolved?.index).toBe(index);
      expect(text._item?.deleted).toBe(false);
    }
  });

  it('replaces blocks that differ only in attributes or marks', () => {
    const version = docWith([
      { type: 'heading', text: 'Facts', level: 1 },
      { ...p('Crew'), bold: true },
    ]);
    const current = docWith([{ type: 'heading', text: 'Facts', level: 3 }, p('Crew')]);
    restore(current, version.fragment);
    expect(current.fragment.toString()).toBe(version.fragment.toString());
  });

  it('matches the version for any mix of kept, removed, added and reordered blocks (seeded)', () => {
    let seed = 20261203;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pool = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot', 'Golf'];
    const pick = (): Block[] =>
      Array.from({ length: Math.floor(random() * 8) }, () =>
        p(pool[Math.floor(random() * pool.length)] ?? 'x'),
      );
    for (let run = 0; run < 300; run += 1) {
      const version = docWith(pick());
      const current = docWith(pick());
      restore(current, version.fragment);
      expect(current.fragment.toString()).toBe(version.fragment.toString());
      // And it syncs: a peer applying the change reads the same.
      const peer = new Y.Doc();
      Y.applyUpdate(peer, Y.encodeStateAsUpdate(current.doc));
      expect(peer.getXmlFragment('default').toString()).toBe(version.fragment.toString());
    }
  });
});
