#!/usr/bin/env node
// Runs pnpm with the given arguments: the installed pnpm when there is one, else pnpm 10 through
// npx, so that a machine with only Node can run every root script.
import { spawnSync } from 'node:child_process';
import { pnpmCommand } from './lib/pnpm-command.mjs';

const [cmd, ...pre] = pnpmCommand();
const result = spawnSync(cmd, [...pre, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
