import type { Executor } from '../db/executor.ts';
import { type FormationRow, findOpenRevision } from '../db/formation.repository.ts';
import { selectDerniereEcriture } from '../db/historique.repository.ts';
import { nomsParLibelle } from '../db/utilisateur.repository.ts';
import { type Acteur, auteur } from '../domain/acteur.ts';
import { dateHeureLongue } from '../domain/dates.ts';
import { OffreError } from '../domain/errors.ts';
import { lockWritable } from './formation.service.ts';
import { versionDeRevue } from './gestion/decision.garde.ts';

// The space's forms (the formation's, an existing session's) carry the version of the offer they
// show (hidden field `version`), as the gestionnaire's review does (gestion/decision.garde.ts): the
// formation's write counter and its open revision — every write of the offer, its sessions or its
// revision, by any door (page, API, LHEO file, classeur), moves it. A save sent with another
// version is refused whole, so that a change made meanwhile is never silently overwritten.

/** The version a space form carries for offer `row` (its open revision `open`, if any). */
export const versionFormulaire = (
  row: Pick<FormationRow, 'version'>,
  open: Awaited<ReturnType<typeof findOpenRevision>>,
): string => versionDeRevue(row, open);

/** The name of the hidden field that carries it. */
export const CHAMP_VERSION = 'version';

/**
 * The page a version was read on: a form (`saisie`: what was typed is kept and saved again),
 * « Relire avant publication » (`relecture`: « Confirmer la publication » sends the offer read),
 * the formation's page (`abandon`: « Abandonner la révision » abandons the revision shown), or
 * the confirmation of « Archiver » / « Supprimer le brouillon » (`retrait`).
 */
export type ContexteVersion = 'saisie' | 'relecture' | 'abandon' | 'retrait';

const RIEN_FAIT: Readonly<Record<ContexteVersion, string>> = {
  saisie: 'rien n’a été enregistré',
  relecture: 'rien n’a été envoyé pour validation',
  abandon: 'rien n’a été abandonné',
  retrait: 'rien n’a été fait',
};

/** What a refused page was opened as, in the refusal's words. */
const OUVERTURE: Readonly<Record<ContexteVersion, string>> = {
  saisie: 'l’ouverture du formulaire',
  relecture: 'l’ouverture de la page de relecture',
  abandon: 'l’ouverture de la page',
  retrait: 'l’affichage de la confirmation',
};

/** Why nothing was done, after « rien n’a été … ». */
const POURQUOI: Readonly<Record<ContexteVersion, string>> = {
  saisie: 'pour ne pas effacer ce changement',
  relecture: 'pour que vous ne confirmiez que ce que vous avez relu',
  abandon: 'pour que vous n’abandonniez pas un changement que vous n’avez pas vu',
  retrait: 'pour que vous ne confirmiez que ce que vous avez lu',
};

/**
 * A space form sent without its `version` (a page from before the field, a hand-made request):
 * 400 VERSION_MANQUANTE, nothing stored. The field is always in the form: its absence is no
 * « don't check » but a malformed form.
 */
export const versionManquante = (contexte: ContexteVersion = 'saisie') =>
  new OffreError(
    'VERSION_MANQUANTE',
    contexte === 'relecture'
      ? `Le formulaire envoyé ne porte pas le champ « version » (la version de la formation affichée par la page de relecture) : ${RIEN_FAIT.relecture}. Relisez la formation ci-dessous, puis confirmez de nouveau la publication.`
      : contexte === 'abandon' || contexte === 'retrait'
        ? `Le formulaire envoyé ne porte pas le champ « version » (la version de la formation affichée par la page) : ${RIEN_FAIT[contexte]}. Relisez la formation ci-dessous, puis recommencez si besoin.`
        : `Le formulaire envoyé ne porte pas le champ « version » (la version de la formation affichée à son ouverture) : ${RIEN_FAIT.saisie}. Vos saisies sont reprises ci-dessous ; vérifiez-les, puis enregistrez de nouveau.`,
    { champ: CHAMP_VERSION },
    400,
  );

/**
 * Locks formation `id` (first write of the transaction: nothing can slip between the check and
 * the save) and refuses with FORMATION_MODIFIEE (409) when it is no longer at `attendue`, the
 * version the form (or the re-read page, `contexte`) was opened on; the message says who wrote it
 * last and when. Returns the row, as locked.
 */
export async function garderVersion(
  trx: Executor,
  acteur: Acteur,
  id: string,
  attendue: string,
  contexte: ContexteVersion = 'saisie',
): Promise<FormationRow> {
  const row = await lockWritable(trx, acteur, id);
  const open = row.statut === 'publiee' ? await findOpenRevision(trx, id) : undefined;
  const actuelle = versionFormulaire(row, open);
  if (attendue === actuelle) return row;
  const derniere = await selectDerniereEcriture(trx, id);
  const par = derniere
    ? ` (dernière modification par ${auteur(derniere.acteur, await nomsParLibelle(trx, [derniere.acteur]))} le ${dateHeureLongue(new Date(derniere.at))})`
    : '';
  // Archiving a published offer abandons its open revision: said when there is one now.
  const revision =
    contexte === 'retrait' && open ? ' Une révision est en cours : l’archivage l’abandonnerait.' : '';
  throw new OffreError(
    'FORMATION_MODIFIEE',
    contexte === 'saisie'
      ? `Cette formation a été modifiée depuis l’ouverture du formulaire${par} : vos modifications n’ont pas été enregistrées, pour ne pas effacer ce changement.`
      : `Cette formation a été modifiée depuis ${OUVERTURE[contexte]}${par} : ${RIEN_FAIT[contexte]}, ${POURQUOI[contexte]}.${revision}`,
    { champ: CHAMP_VERSION, version_actuelle: actuelle },
    409,
  );
}
