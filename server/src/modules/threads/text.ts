// Plain text, excerpts and search highlighting are shared by every feature (server/src/text).
export * from '../../text/plain-text';
