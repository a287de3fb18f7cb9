// Decodes a stored Yjs state once in a fresh process (cold JIT, as a newly started client would) and
// prints the milliseconds it took. Used by bench/collab.ts for context next to warm decodes.
import { readFileSync } from 'node:fs';
import { timeDecode } from './yjs-timing';

const file = process.argv[2];
if (!file) throw new Error('usage: decode-once <file>');
const bytes = readFileSync(file);
process.stdout.write(`${timeDecode(bytes).toFixed(2)}\n`);
