import type { Command } from 'commander';
import { registerDb } from './db.command.ts';
import { registerServe } from './serve.command.ts';

/** Every `offre` command; each file registers its own. */
export const commands: ((program: Command) => void)[] = [registerServe, registerDb];
