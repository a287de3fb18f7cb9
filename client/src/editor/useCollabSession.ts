import { useEffect, useState, useSyncExternalStore } from 'react';
import { CollabSession, type CollabSnapshot } from './session';

const IDLE: CollabSnapshot = {
  connection: 'connecting',
  loaded: false,
  synced: false,
  unsavedChanges: 0,
  closeCode: null,
  closeReason: null,
};

/** Opens a document session for as long as the component is mounted (one per document and user). */
export function useCollabSession(
  documentId: string,
  userId: string,
): { session: CollabSession | null; snapshot: CollabSnapshot } {
  const [session, setSession] = useState<CollabSession | null>(null);
  useEffect(() => {
    const opened = new CollabSession({ documentId, userId });
    setSession(opened);
    return () => {
      setSession(null);
      opened.destroy();
    };
  }, [documentId, userId]);
  const snapshot = useSyncExternalStore(
    (listener) => session?.subscribe(listener) ?? (() => undefined),
    () => session?.getSnapshot() ?? IDLE,
  );
  return { session, snapshot };
}

/** Who else is in the document, from awareness (names and colours stamped by the server). */
export interface Participant {
  clientId: number;
  userId: string | null;
  name: string;
  colour: string;
}

export function useParticipants(session: CollabSession | null): Participant[] {
  const [participants, setParticipants] = useState<Participant[]>([]);
  useEffect(() => {
    if (!session) return;
    const awareness = session.provider.awareness;
    const read = () => {
      const seen = new Map<string, Participant>();
      for (const [clientId, state] of awareness.getStates()) {
        if (clientId === session.doc.clientID) continue;
        const user = (state as { user?: { id?: unknown; name?: unknown; color?: unknown } }).user;
        if (!user || typeof user.name !== 'string') continue;
        const userId = typeof user.id === 'string' ? user.id : null;
        const key = userId ?? `client-${clientId}`;
        if (!seen.has(key)) {
          seen.set(key, {
            clientId,
            userId,
            name: user.name,
            colour: typeof user.color === 'string' ? user.color : '',
          });
        }
      }
      setParticipants([...seen.values()].sort((a, b) => a.name.localeCompare(b.name)));
    };
    read();
    awareness.on('change', read);
    return () => awareness.off('change', read);
  }, [session]);
  return participants;
}
