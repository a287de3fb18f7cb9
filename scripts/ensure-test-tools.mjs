#!/usr/bin/env node
// The test suite drives real programs: Chromium for browser tests, redis-server for the
// multi-process test. Find them; as root on Debian/Ubuntu install what is missing; otherwise say how.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import process from 'node:process';

const require = createRequire(new URL('../tests/package.json', import.meta.url));
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');

function onPath(command) {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function aptInstall(packages) {
  if (!isRoot || !hasApt) return false;
  console.log(`test tools: apt-get install -y ${packages.join(' ')}`);
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', ...packages], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    return true;
  } catch {
    return false;
  }
}

function playwrightChromium() {
  try {
    const path = require('playwright-core').chromium.executablePath();
    return path && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

function findChromium() {
  const candidates = [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ];
  return candidates.find((path) => path && existsSync(path)) ?? playwrightChromium();
}

const problems = [];

let chromium = findChromium();
if (!chromium && aptInstall(['chromium'])) chromium = findChromium();
if (!chromium) {
  try {
    execFileSync(process.execPath, [require.resolve('playwright-core/cli'), 'install', 'chromium'], {
      stdio: 'inherit',
    });
  } catch {
    // Reported below.
  }
  chromium = findChromium();
}
if (chromium) console.log(`test tools: Chromium at ${chromium}`);
else problems.push('Chromium (browser tests): sudo apt-get install -y chromium, or set CHROMIUM_PATH');

let redis = onPath('redis-server');
if (!redis && aptInstall(['redis-server'])) redis = onPath('redis-server');
if (redis) console.log('test tools: redis-server found');
else problems.push('redis-server (multi-process test): sudo apt-get install -y redis-server');

if (problems.length > 0) {
  console.error(`The test suite needs:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
