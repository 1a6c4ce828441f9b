import type { Executor } from '../db/executor.ts';
import { nomDeclareDuSiren, nomsDesSirets } from '../db/organisme.repository.ts';
import { findStructure } from '../db/structure.repository.ts';
import { sirenLie } from '../domain/acces.ts';
import type { Acteur } from '../domain/acteur.ts';
import { OffreError } from '../domain/errors.ts';
import type { VersionsClasseur } from '../formats/classeur/classeur.versions.ts';

/**
 * An organisme (its user, or its `write` API key) imports its own offer: a workbook exported for
 * another organisme — the SIRET the export records in the hidden sheet `Versions`
 * (classeur.versions.ts, row `Organisme`) is of another SIREN — is refused as a whole, once, before
 * any row is compared: 403 CLASSEUR_AUTRE_ORGANISME, nothing stored, naming the workbook's
 * organisme (its name and SIRET) and the importer's (its name and SIREN). Its rows would each have
 * been « aucune formation … dans l’offre de cet organisme » (a fresh user's report, 05/12/2026).
 * Gestionnaires, administrators, admin keys and the command line import any organisme's workbook:
 * not checked. A workbook without a recorded SIRET (exported before it was, or made by hand) is
 * checked row by row (classeur.analyzer.ts, CLASSEUR_AUTRE_ORGANISME on a row of another
 * organisme). `nom`: the subject of the sentence (« Le classeur envoyé », « « offre.xlsx » »).
 */
export async function refuserAutreOrganisme(
  db: Executor,
  acteur: Acteur,
  versions: VersionsClasseur | null | undefined,
  nom: string,
): Promise<void> {
  const siren = sirenLie(acteur);
  const siret = versions?.organisme;
  if (!siren || !siret || siret.slice(0, 9) === siren) return;
  const [noms, votre] = await Promise.all([nomsDesSirets(db, [siret]), nomDuSiren(db, siren)]);
  const sien = noms.get(siret);
  throw new OffreError(
    'CLASSEUR_AUTRE_ORGANISME',
    `${nom} a été exporté pour l’organisme ${sien ? `« ${sien} » ` : ''}(SIRET ${siret}), pas pour le vôtre${votre ? `, « ${votre} »` : ''} (SIREN ${siren}) : vous ne pouvez importer que l’offre de votre organisme. Rien n’a été enregistré. Téléchargez le classeur de votre organisme (page « Imports » de votre espace, ou GET /api/v1/organismes/{siret}/classeur), reportez-y vos modifications, puis importez-le.`,
    { siret, siren },
    403,
  );
}

/** The importer's organisme as Offre knows it: its structure's raison sociale, else one of its establishments'. */
async function nomDuSiren(db: Executor, siren: string): Promise<string | null> {
  const structure = await findStructure(db, siren);
  if (structure?.raison_sociale) return structure.raison_sociale;
  return nomDeclareDuSiren(db, siren);
}
