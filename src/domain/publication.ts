import { champsObligatoiresManquants } from './champs-obligatoires.ts';
import { isCourriel, MESSAGE_COURRIEL } from './courriel.ts';
import { OffreError } from './errors.ts';
import type { FormationSnap } from './formation.snapshot.ts';

// What must be filled before "Publier": the mandatory fields of FORM_CHAMP_OBLIGATOIRE, every
// missing one listed at once with its path (so the form or the API client can point at it),
// plus at least one session: an offer with no session at all has nothing to publish.

export interface ChampManquant {
  champ: string;
  message: string;
  code: 'CHAMP_OBLIGATOIRE' | 'COURRIEL_INVALIDE';
}

export function champsManquants(f: FormationSnap): ChampManquant[] {
  const manquants = champsObligatoiresManquants({
    intitule: f.intitule,
    objectif: f.objectif,
    ...f.modalites,
    responsable: f.responsable,
    formateur: f.formateur,
    contacts: f.contacts,
    sessions: f.sessions.map((s) => ({
      ...s.lieu,
      id: s.id,
      debut: s.debut,
      fin: s.fin,
      archivee: s.archivee,
    })),
  });
  if (!f.sessions.some((s) => !s.archivee))
    manquants.push({ champ: 'sessions', libelle: 'au moins une session' });
  const out: ChampManquant[] = manquants.map(({ champ, libelle }) => ({
    champ,
    message: `Champ obligatoire non renseigné : ${libelle}.`,
    code: 'CHAMP_OBLIGATOIRE',
  }));
  // A contact e-mail stored before the rule (or imported) is shown to the public: correct it first.
  const courriel = (champ: string, libelle: string, v: string | null | undefined) => {
    if (v && !isCourriel(v))
      out.push({
        champ,
        message: `${libelle} « ${v.slice(0, 100)} » invalide : ${MESSAGE_COURRIEL}.`,
        code: 'COURRIEL_INVALIDE',
      });
  };
  f.contacts.forEach((c, i) => {
    courriel(`contacts.${i}.courriel`, `Courriel du contact ${i + 1}`, c.courriel);
  });
  f.sessions.forEach((s, i) => {
    if (!s.archivee)
      courriel(`sessions.${i}.contact.courriel`, 'Courriel du contact de la session', s.contact?.courriel);
  });
  return out;
}

/** A missing field of champsManquants, a session's field also named by its session's id. */
export interface ManquantRevision extends ChampManquant {
  /** The session the field belongs to (its id), if any. */
  readonly sessionId: string | null;
  /** The field inside that session: `debut`, `fin`, `lieu`, `contact.courriel`; null outside a session. */
  readonly champSession: string | null;
}

/** champsManquants of `f`, each session field also named by its session's id. */
export function manquantsRevision(f: FormationSnap): ManquantRevision[] {
  return champsManquants(f).map((m) => {
    const s = /^sessions\.(\d+)\.(.+)$/.exec(m.champ);
    const session = s ? f.sessions[Number(s[1])] : undefined;
    return { ...m, sessionId: session?.id ?? null, champSession: session ? s![2]! : null };
  });
}

const cleManquant = (m: ManquantRevision) => (m.sessionId ? `${m.sessionId}:${m.champSession}` : m.champ);

/** The offers whose every write must keep the mandatory fields "Publier" checked. */
export type StatutVerifie = 'publiee' | 'en_attente_validation';

const POURQUOI: Record<StatutVerifie, string> = {
  publiee:
    'cette offre est publiée, chaque modification part à la validation d’un gestionnaire et doit avoir',
  en_attente_validation:
    'cette offre est en attente de validation, elle est validée telle qu’elle est enregistrée et doit garder',
};

/**
 * A published offer's change goes to the validation queue as soon as it is saved (its revision,
 * docs/espace.md), and an offer waiting for validation is validated as it stands: either must pass
 * the check of "Publier" first, whatever the way in (the form, the API, an LHEO file, a workbook).
 * The write from `avant` (the stored version, with its open revision for a published offer, as the
 * organisme sees it) to `apres` is refused when `apres` misses a mandatory field that `avant` did
 * not miss — a field already missing does not block a write that fixes another.
 * Null when accepted; else PUBLICATION_INCOMPLETE naming the lost fields, every missing one in
 * `details.erreurs` (`champ`, `message`, `code`, `sessionId`, `champSession`), as "Publier" does.
 */
export function refusRevisionIncomplete(
  formation: string,
  avant: FormationSnap,
  apres: FormationSnap,
  statut: StatutVerifie = 'publiee',
): OffreError | null {
  const deja = new Set(manquantsRevision(avant).map(cleManquant));
  const erreurs = manquantsRevision(apres);
  const perdus = erreurs.filter((m) => !deja.has(cleManquant(m)));
  if (perdus.length === 0) return null;
  return new OffreError(
    'PUBLICATION_INCOMPLETE',
    `Modification non enregistrée : ${POURQUOI[statut]}, comme pour « Publier », tous les champs obligatoires (${erreurs.length} à renseigner ou corriger). ${perdus.map((m) => m.message).join(' ')}`,
    { formation, erreurs },
    422,
  );
}

/**
 * "Valider" of an offer waiting for validation, or of a published offer's open revision (`f`: the
 * offer as the revision makes it) — defence in depth: their writes keep the mandatory fields,
 * refusRevisionIncomplete, but one stored before that check may miss some: refused while `f`
 * misses a mandatory field, each named. Null when it may be published.
 */
export function refusValidationIncomplete(formation: string, f: FormationSnap): OffreError | null {
  const erreurs = champsManquants(f);
  if (erreurs.length === 0) return null;
  return new OffreError(
    'PUBLICATION_INCOMPLETE',
    `Validation impossible : l’offre n’a pas tous les champs obligatoires (${erreurs.length} à renseigner ou corriger). ${erreurs.map((m) => m.message).join(' ')} Retournez-la à l’organisme pour qu’il les complète.`,
    { formation, erreurs },
    422,
  );
}
