/**
 * The co-editing surface every feature reuses: `<CollaborativeEditor documentId access label />`
 * (Tiptap + Yjs over y-websocket + carets + offline copy + connection and unsaved state).
 */
export { CollaborativeEditor, OutlineList, type CollaborativeEditorProps } from './CollaborativeEditor';
export { ReadOnlyDocument } from './ReadOnlyDocument';
export { selectionAnchor, fromBase64, toBase64, type CommentAnchorView } from './comment-highlights';
export { blockLines, diffLines, type DiffLine } from './diff';
export { clearOfflineCopies, type CollabSnapshot, type CollabConnection } from './session';
export { clearOfflineCopiesOnSignOut } from './offline';
export { documentOf, readOutline, type OutlineEntry } from './outline';
