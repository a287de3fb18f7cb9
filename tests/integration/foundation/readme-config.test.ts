import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '@serantau/server/config';
import { DEJAVU_DIR, TLWG_DIR } from '@serantau/server/export/pdf';
import { REPO_ROOT } from '../../helpers/process';

/**
 * The README's configuration table is the operators' reference: every variable the server reads
 * is in it, nothing else is, and a default written as a plain value really is the default.
 */

interface DocumentedVariable {
  name: string;
  defaultCell: string;
}

/** Set by pnpm (where the command was run from), not by operators. */
const NOT_SETTINGS = new Set(['INIT_CWD']);

/** A production-mode environment that starts, with SMTP on so SMTP_FROM has an effect. */
const BASE_ENV = {
  SESSION_SECRET: 'a-production-secret-of-at-least-32-characters',
  SMTP_URL: 'smtp://mail.example.org',
  INIT_CWD: '/srv/serantau',
};

async function readme(): Promise<string> {
  return readFile(path.join(REPO_ROOT, 'README.md'), 'utf8');
}

async function configurationTable(): Promise<DocumentedVariable[]> {
  const text = await readme();
  const start = text.indexOf('\n## Configuration\n');
  expect(start, 'README has a "## Configuration" section').toBeGreaterThanOrEqual(0);
  const rest = text.slice(start + 1);
  const next = rest.indexOf('\n## ', 1);
  const section = next === -1 ? rest : rest.slice(0, next);
  const rows: DocumentedVariable[] = [];
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    // | `NAME` | default | meaning |  →  ['', '`NAME`', 'default', 'meaning', '']
    const name = /^`([A-Z][A-Z0-9_]*)`$/.exec(cells[1] ?? '')?.[1];
    if (name) rows.push({ name, defaultCell: cells[2] ?? '' });
  }
  return rows;
}

/** Every environment variable `loadConfig` reads, observed by reading through a proxy. */
function variablesReadByConfig(): Set<string> {
  const read = new Set<string>();
  for (const env of [BASE_ENV, { ...BASE_ENV, NODE_ENV: 'development' }]) {
    const observed = new Proxy<Record<string, string>>(
      { ...env },
      {
        get(target, key) {
          if (typeof key === 'string') read.add(key);
          return Reflect.get(target, key);
        },
      },
    );
    loadConfig(observed);
  }
  for (const name of NOT_SETTINGS) read.delete(name);
  return read;
}

/** `process.env.NAME` reads in the server's own (non-test) source, with their `?? 'fallback'` if any. */
async function directEnvReads(): Promise<{ file: string; name: string; fallback: string | null }[]> {
  const root = path.join(REPO_ROOT, 'server/src');
  const files = (await readdir(root, { recursive: true })).filter(
    (file) => file.endsWith('.ts') && !file.endsWith('.test.ts'),
  );
  const reads: { file: string; name: string; fallback: string | null }[] = [];
  for (const file of files) {
    const source = await readFile(path.join(root, file), 'utf8');
    for (const match of source.matchAll(/process\.env\.([A-Z][A-Z0-9_]*)(?:\s*\?\?\s*'([^']*)')?/g)) {
      const name = match[1];
      if (name && !NOT_SETTINGS.has(name)) reads.push({ file, name, fallback: match[2] ?? null });
    }
  }
  return reads;
}

/** A default cell that is one plain value (`3000`, `./data`), with `$PORT` standing for PORT's default. */
function plainDefault(cell: string): string | null {
  const value = /^`([^`]+)`$/.exec(cell)?.[1];
  return value === undefined ? null : value.replaceAll('$PORT', '3000');
}

describe('README configuration table', () => {
  it('documents every variable the configuration reads, each once', async () => {
    const documented = (await configurationTable()).map((row) => row.name);
    expect(documented.length).toBeGreaterThan(10);
    expect(documented.length, 'no variable is listed twice').toBe(new Set(documented).size);
    const missing = [...variablesReadByConfig()].filter((name) => !documented.includes(name));
    expect(missing, 'read by server/src/config.ts but missing from the README table').toEqual([]);
  });

  it('documents only variables the server reads', async () => {
    const known = new Set([...variablesReadByConfig(), ...(await directEnvReads()).map((read) => read.name)]);
    const unknown = (await configurationTable()).map((row) => row.name).filter((name) => !known.has(name));
    expect(unknown, 'in the README table but read nowhere in the server').toEqual([]);
  });

  it('documents the variables server modules read directly (operator commands anywhere in the README)', async () => {
    const text = await readme();
    const table = new Set((await configurationTable()).map((row) => row.name));
    const undocumented = (await directEnvReads()).filter(({ file, name }) =>
      file.startsWith(`cli${path.sep}`) ? !text.includes(name) : !table.has(name),
    );
    expect(undocumented).toEqual([]);
  });

  it('gives defaults that change nothing when set explicitly', async () => {
    const rows = await configurationTable();
    const simple = rows.flatMap((row) => {
      const value = plainDefault(row.defaultCell);
      return value === null ? [] : [{ name: row.name, value }];
    });
    // The plain defaults cover the common settings; the rest are described in words.
    expect(simple.map((row) => row.name)).toEqual(
      expect.arrayContaining(['NODE_ENV', 'PORT', 'HOST', 'DATA_DIR', 'LOG_LEVEL', 'SESSION_IDLE_MINUTES']),
    );
    const configured = variablesReadByConfig();
    const unset = loadConfig(BASE_ENV);
    for (const { name, value } of simple.filter((row) => configured.has(row.name))) {
      const explicit = loadConfig({ ...BASE_ENV, [name]: value });
      expect({ name, documented: value, config: explicit }).toEqual({
        name,
        documented: value,
        config: unset,
      });
    }
  });

  it('gives the fallbacks of variables read directly by server modules', async () => {
    const rows = new Map((await configurationTable()).map((row) => [row.name, row.defaultCell]));
    // Variables the configuration reads have their defaults checked above (operator commands may
    // choose a quieter LOG_LEVEL of their own).
    const configured = variablesReadByConfig();
    const literal = (await directEnvReads()).filter(
      (read) => read.fallback !== null && rows.has(read.name) && !configured.has(read.name),
    );
    // Fallbacks the code computes from a constant rather than writes after `??`.
    const computed = [
      { name: 'SERANTAU_PDF_FONT_DIR', fallback: DEJAVU_DIR },
      { name: 'SERANTAU_PDF_THAI_FONT_DIR', fallback: TLWG_DIR },
    ];
    const withFallback = [...literal, ...computed];
    for (const { name, fallback } of withFallback) {
      expect({ name, documented: plainDefault(rows.get(name) ?? '') }).toEqual({
        name,
        documented: fallback,
      });
    }
  });

  it('matches what the README start command does: development mode, so the demo network is seeded', async () => {
    // The table says unset NODE_ENV is production (which never seeds); the "Try it" command relies
    // on the start scripts setting development themselves.
    expect(await readme()).toMatch(/pnpm@[\d.]+ start\n/);
    const scripts = async (file: string) =>
      (JSON.parse(await readFile(path.join(REPO_ROOT, file), 'utf8')) as { scripts: Record<string, string> })
        .scripts;
    const root = await scripts('package.json');
    const server = await scripts('server/package.json');
    expect(root.start).toMatch(/--filter @serantau\/server start:demo$/);
    expect(server['start:demo']).toMatch(/^NODE_ENV=development /);
    expect(server.dev).toMatch(/^NODE_ENV=development /);
    expect(loadConfig({ NODE_ENV: 'development', INIT_CWD: '/srv/serantau' }).seedDemo).toBe(true);
    expect(loadConfig(BASE_ENV).seedDemo).toBe(false);
  });
});
