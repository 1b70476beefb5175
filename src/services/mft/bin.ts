#!/usr/bin/env node
// Entry of the HULFT-named package bins (utlsend, utlrecv, …): the command is the name it was invoked by, or the
// first argument (`node bin.js utlsend -f FILE01`); `kumo mft <command>` reaches the same runMft().
import { basename } from 'node:path';
import { COMMANDS, runMft } from './cli.js';

const invoked = basename(process.argv[1] ?? '').replace(/\.js$/, '');
const args = process.argv.slice(2);
const name = (COMMANDS as readonly string[]).includes(invoked) ? invoked : (args.shift() ?? '');
const io = { out: (l: string) => process.stdout.write(`${l}\n`), err: (l: string) => process.stderr.write(`${l}\n`), env: process.env };
process.exitCode = await runMft(name, args, io);
