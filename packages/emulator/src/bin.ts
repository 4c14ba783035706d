#!/usr/bin/env node
/**
 * The `lifeline-emulator` executable: `lifeline-emulator [--port n] [--seed file] …`.
 *
 * @module
 */
import { runEmulatorCli } from './cli.js';

process.exitCode = await runEmulatorCli(process.argv.slice(2));
