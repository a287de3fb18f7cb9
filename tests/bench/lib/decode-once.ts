// Decodes a stored Yjs state once in a fresh process (cold JIT, as a newly started client would) and
// prints the milliseconds it took. Used by bench/collab.ts for context next to warm decodes.
import { readFileSync } from 'node:fs';
import * as Y from 'yjs';

const file = process.argv[2];
if (!file) throw new Error('usage: decode-once <file>');
const bytes = readFileSync(file);
const started = performance.now();
const doc = new Y.Doc();
Y.applyUpdate(doc, bytes);
process.stdout.write(`${(performance.now() - started).toFixed(2)}\n`);
