import { champsRemplaces, valeurDe } from '../../../domain/champs-remplaces.ts';
import type { Change } from '../../../domain/diff.ts';
import type { CodeErreur } from '../../../domain/errors.catalogue.ts';
import { OffreError } from '../../../domain/errors.ts';
import { extrait } from '../../../domain/issue-zod.mots.ts';
import { type DatesSession, nomsSessions } from '../../../domain/sessions-noms.ts';
import { LIBELLES_FICHE, libelleChamp } from '../../../services/espace.service.ts';
import { LIBELLES_SESSION } from '../../../services/espace-sessions.service.ts';
import { CHAMP_VERSION, type ContexteVersion, versionManquante } from '../../../services/espace-version.ts';
import { CodeDeLErreur } from '../code-erreur.tsx';
import { TYPE_CONTACT } from '../libelles.ts';
import { lignesHistorique } from './historique.ts';

// The version the space's forms carry (services/espace-version.ts): the hidden field, its reading,
// and the alert of a save refused because of it (docs/espace.md « Enregistré par-dessus un
// changement »).

/** Why a save was refused because of its version: the alert's title and the service's message. */
export interface RefusVersion {
  readonly titre: string;
  readonly message: string;
  /** The refusal's stable code (FORMATION_MODIFIEE, VERSION_MANQUANTE…), said under the message. */
  readonly code: CodeErreur;
  /** FORMATION_MODIFIEE (the offer changed since the form was opened), not a form without its version. */
  readonly modifiee: boolean;
  /**
   * FORMATION_MODIFIEE: the fields that saving the form again would replace (remplacements), or on
   * the re-read page the fields changed since it was opened (changementsDepuis), with their current
   * value; absent for another refusal.
   */
  readonly remplaces?: readonly Remplace[];
}

/** A field the form holds otherwise than the current version: its label and its current value, cut. */
export interface Remplace {
  readonly libelle: string;
  /** The current value as read, cut past VALEUR_MAX characters; null when empty. */
  readonly actuelle: string | null;
  /** A change said as a sentence (« Session du … retirée »): `libelle` is the whole line. */
  readonly phrase?: boolean;
}

/** The longest current value the alert quotes whole. */
const VALEUR_MAX = 80;

/** Labels of the formation form's fields the error summary's table leaves to their last part. */
const LIBELLES_FICHE_REMPLACES: Readonly<Record<string, string>> = {
  ...LIBELLES_FICHE,
  'certification.rncp': 'Certification visée',
  'certification.cfd': 'Certification visée (code BCN)',
  contacts: 'Contacts',
  'modalites.formation_continue': 'Formation continue',
  'modalites.contrat_professionnalisation': 'Contrat de professionnalisation',
  'modalites.contrat_apprentissage': 'Contrat d’apprentissage',
  'modalites.annees_apprentissage': 'Années du cursus ouvertes à l’apprentissage',
};
const LIBELLES_SESSION_REMPLACES: Readonly<Record<string, string>> = {
  ...LIBELLES_SESSION,
  reunions_information: 'Réunions d’information',
  bilans: 'Bilans de progression',
};

/** A stored value in words: oui/non, a contact's role by its label, a list's items joined. */
function enMots(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'oui' : 'non';
  if (Array.isArray(v)) return v.map(enMots).filter(Boolean).join(' ; ');
  if (typeof v === 'object')
    return Object.entries(v)
      .filter(([k]) => k !== 'id')
      .map(([k, x]) => (k === 'type' && typeof x === 'string' ? (TYPE_CONTACT[x] ?? x) : enMots(x)))
      .filter(Boolean)
      .join(' – ');
  return String(v);
}

/**
 * What saving `saisie` (the form's values) again would replace in `actuelle` (the current saisie,
 * the revision if one is open, as the form would show it): each differing field by the label the
 * error summary gives it, with its current value. `formulaire`: the space's formation or session
 * form, or the labels of another form's fields (the instructeur's decision).
 */
export function remplacements(
  saisie: object,
  actuelle: object,
  formulaire: 'fiche' | 'session' | Readonly<Record<string, string>>,
): Remplace[] {
  const libelles =
    formulaire === 'fiche'
      ? LIBELLES_FICHE_REMPLACES
      : formulaire === 'session'
        ? LIBELLES_SESSION_REMPLACES
        : formulaire;
  return champsRemplaces(saisie, actuelle).map((champ) => {
    const mots = enMots(valeurDe(actuelle, champ));
    return { libelle: libelleChamp(champ, libelles), actuelle: mots ? extrait(mots, VALEUR_MAX) : null };
  });
}

/** The hidden field of the re-read page: the last history entry it was opened on (changementsDepuis). */
export const CHAMP_HISTORIQUE_LU = 'historique';

/**
 * The re-read page refused for its version: what the history recorded after entry `depuis` (the
 * last one when the page was opened, its hidden `historique`), each field once — its value before
 * the first of those writes against its value now — worded as the page's history words it, with
 * the current value. Undefined when `depuis` is no entry number (a hand-made form): the alert then
 * says only who changed the offer last. The version, not this list, decides the refusal.
 */
export function changementsDepuis(
  historique: readonly { readonly id: unknown; readonly diff: readonly Change[] }[],
  depuis: unknown,
  sessions: readonly DatesSession[],
  titres: ReadonlyMap<string, string>,
): Remplace[] | undefined {
  if (typeof depuis !== 'string' || !/^\d{1,18}$/.test(depuis)) return undefined;
  const fusion = new Map<string, Change>();
  for (const h of historique)
    if (BigInt(String(h.id)) > BigInt(depuis))
      for (const c of h.diff)
        fusion.set(c.champ, { champ: c.champ, avant: (fusion.get(c.champ) ?? c).avant, apres: c.apres });
  const diff = [...fusion.values()];
  return lignesHistorique(diff, titres, nomsSessions(sessions, diff)).map((l) =>
    l.phrase
      ? { libelle: l.phrase, actuelle: null, phrase: true }
      : { libelle: l.champ, actuelle: l.apres ? extrait(l.apres, VALEUR_MAX) : null },
  );
}

/**
 * The `version` a form sent, or the refusal of a form without it (VERSION_MANQUANTE, 400): the
 * field is always in the form, so its absence is a malformed form, not « don't check ».
 */
export function versionEnvoyee(
  body: unknown,
  contexte: ContexteVersion = 'saisie',
): { version: string } | { refus: OffreError } {
  const v = body && typeof body === 'object' ? (body as Record<string, unknown>)[CHAMP_VERSION] : undefined;
  return typeof v === 'string' && v.trim() ? { version: v.trim() } : { refus: versionManquante(contexte) };
}

/** The title of the alert of a FORMATION_MODIFIEE refusal, by the page the version was read on. */
const TITRES: Readonly<Record<ContexteVersion, string>> = {
  saisie: 'Cette formation a changé pendant votre saisie',
  relecture: 'Cette formation a changé depuis votre relecture',
  abandon: 'Cette révision a changé depuis l’ouverture de la page',
  retrait: 'Cette formation a changé depuis l’affichage de la confirmation',
};

/**
 * A form of another thing than a formation (a user's role, a campaign calendar) refused for its
 * version: its own conflict code and alert title, and what saving its values again would replace.
 */
export interface ConflitVersion {
  /** The code of « changed since the form was opened » (UTILISATEUR_MODIFIE, CALENDRIER_MODIFIE). */
  readonly code: CodeErreur;
  readonly titre: string;
  /** The form's fields as the alert names them. */
  readonly libelles: Readonly<Record<string, string>>;
  /** The form's values and the current ones, in words (the refusal's details may carry the latter). */
  readonly valeurs: (e: OffreError) => { readonly saisie: object; readonly actuelle: object };
}

/**
 * The alert of a refusal for its version, or null for another error: VERSION_MANQUANTE
 * (« Formulaire incomplet »); FORMATION_MODIFIEE for the space's forms (`contexte`), or the
 * conflict code of another form (`conflit`), listing what saving its values again would replace.
 */
export function refusVersion(
  e: unknown,
  contexte: ContexteVersion | ConflitVersion = 'saisie',
): RefusVersion | null {
  if (!(e instanceof OffreError)) return null;
  if (e.code === 'VERSION_MANQUANTE')
    return { titre: 'Formulaire incomplet', message: e.message, code: e.code, modifiee: false };
  if (typeof contexte === 'object') {
    if (e.code !== contexte.code) return null;
    const { saisie, actuelle } = contexte.valeurs(e);
    const remplaces = remplacements(saisie, actuelle, contexte.libelles);
    return { titre: contexte.titre, message: e.message, code: e.code, modifiee: true, remplaces };
  }
  if (e.code === 'FORMATION_MODIFIEE')
    return { titre: TITRES[contexte], message: e.message, code: e.code, modifiee: true };
  return null;
}

/** The hidden field of the version the form shows (the one it was opened on, kept through its re-displays). */
export function ChampVersion({ version }: { version: string }) {
  return <input type="hidden" name={CHAMP_VERSION} value={version} />;
}

/**
 * The refusal at the top of the page: what happened and, for a form (`saisie`), that the typed
 * values are kept below (saving them again replaces the current version, which the form now
 * carries) with a link to reload the current version instead; on the re-read page (`relecture`)
 * or the formation's page after « Abandonner la révision » (`abandon`), what changed since it was
 * opened, that the offer below is the current one to re-read before trying again, and a link to
 * the page.
 */
export function AlerteVersion({
  refus,
  recharger,
  contexte = 'saisie',
}: {
  refus?: RefusVersion;
  recharger: string;
  contexte?: ContexteVersion;
}) {
  if (!refus) return null;
  // The re-read page and the abandon: nothing was typed; what changed since the page was opened.
  const relecture = contexte === 'relecture' || contexte === 'abandon';
  return (
    <div class="fr-alert fr-alert--error fr-mb-4w" id="conflit">
      <h2 class="fr-alert__title">{refus.titre}</h2>
      <p>{refus.message}</p>
      <CodeDeLErreur code={refus.code} bloc />
      {refus.remplaces &&
        (refus.remplaces.length ? (
          <>
            <p>
              {contexte === 'relecture'
                ? 'Ce qui a changé depuis l’ouverture de la page de relecture :'
                : relecture
                  ? 'Ce qui a changé depuis l’ouverture de la page :'
                  : 'Si vous enregistrez de nouveau, ces champs remplaceront la version actuelle :'}
            </p>
            <ul>
              {refus.remplaces.map((r) => (
                <li key={r.libelle}>
                  {r.phrase
                    ? r.libelle
                    : `${r.libelle} (${r.actuelle === null ? 'actuellement vide' : `actuellement « ${r.actuelle} »`})`}
                </li>
              ))}
            </ul>
          </>
        ) : relecture ? null : (
          <p>Votre saisie ne diffère de la version actuelle dans aucun champ de ce formulaire.</p>
        ))}
      {contexte === 'abandon' ? (
        <p>
          La formation est présentée ci-dessous telle qu’elle est maintenant, avec sa révision : relisez-la,
          puis abandonnez de nouveau la révision si vous le souhaitez. Vous pouvez aussi{' '}
          <a href={recharger}>recharger la page</a>.
        </p>
      ) : relecture ? (
        <p>
          La formation est présentée ci-dessous telle qu’elle est maintenant : relisez-la, puis confirmez de
          nouveau la publication si elle vous convient. Vous pouvez aussi{' '}
          <a href={recharger}>recharger la page de relecture</a>.
        </p>
      ) : (
        <p>
          Vos saisies sont conservées dans le formulaire ci-dessous : vérifiez-les, puis enregistrez-les de
          nouveau pour remplacer la version actuelle. Ou bien{' '}
          <a href={recharger}>rechargez la version actuelle</a> (vos saisies non enregistrées seront perdues).
        </p>
      )}
    </div>
  );
}
