#!/usr/bin/env node
'use strict';
// `npm run playground -- <person id>`: builds only if the app has never been built (npm start
// builds it), then opens another Agents Playground beside the running app.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const built = join(__dirname, '..', 'dist', 'scripts', 'playground.js');
if (!existsSync(built)) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const build = spawnSync(npm, ['run', 'build'], {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
require(built);
