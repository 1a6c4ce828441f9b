import type { Command } from 'commander';
import type { Cli } from '../program.ts';
import { registerApikey } from './apikey.command.ts';
import { registerAudit } from './audit.command.ts';
import { registerCampagne } from './campagne.command.ts';
import { registerCheck } from './check.command.ts';
import { registerDb } from './db.command.ts';
import { registerDemo } from './demo.command.ts';
import { registerImportExport } from './import.command.ts';
import { registerLheo } from './lheo.command.ts';
import { registerMail } from './mail.command.ts';
import { registerPartenaires } from './partenaires.command.ts';
import { registerPlateformes } from './plateformes.command.ts';
import { registerReferentiel } from './referentiel.command.ts';
import { registerServe } from './serve.command.ts';
import { registerStructure } from './structure.command.ts';
import { registerUtilisateur } from './user.command.ts';

/** Every `offre` command; each file registers its own. */
export const commands: ((program: Command, cli: Cli) => void)[] = [
  registerServe,
  registerDb,
  registerImportExport,
  registerLheo,
  registerReferentiel,
  registerDemo,
  registerApikey,
  registerAudit,
  registerUtilisateur,
  registerStructure,
  registerMail,
  registerCheck,
  registerPlateformes,
  registerCampagne,
  registerPartenaires,
];
