import type { AppContext } from '../context.ts';
import {
  type CommuneTrouvee,
  communesAnciennesDe,
  communesChargees,
  communesDesDepartementsCedex,
  searchCommunes,
} from '../db/espace.repository.ts';
import type { Executor } from '../db/executor.ts';
import { type FormationRow, findOpenRevision } from '../db/formation.repository.ts';
import { communesCommencantPar } from '../db/recherche.repository.ts';
import type { Acteur } from '../domain/acteur.ts';
import {
  choisirCommuneCedex,
  choisirCommuneDuCodePostal,
  choixTenu,
  communeChoisie,
  lireCodePostalCedex,
  lireLieu,
  mentionCedex,
  mentionDuLieu,
  messageRefusCommune,
  nomCommuneNormalise,
  readCommune,
} from '../domain/commune.ts';
import { contactsSansNom } from '../domain/contact-nom.ts';
import { jourAParis } from '../domain/dates.ts';
import { memeContenu } from '../domain/diff.ts';
import { OffreError, sessionIntrouvable } from '../domain/errors.ts';
import {
  EtatRecrutementSchema,
  type FormationInput,
  type SessionInput,
  SessionInputSchema,
} from '../domain/formation.schema.ts';
import { snapshotToInput } from '../domain/formation.snapshot.ts';
import { sansEspaces } from '../domain/identifiants.ts';
import { messageSessionPassee, sessionPassee } from '../domain/session-passee.ts';
import { controlesSessionSaisie, sessionEnDouble } from '../domain/session-saisie.ts';
import { nomSession } from '../domain/sessions-noms.ts';
import {
  type ErreurSaisie,
  erreurChamp,
  type Manquant,
  refusPourLeFormulaire,
  rowDe,
  saisieDe,
  saisieInvalide,
  sessionsRetirees,
  valider,
} from './espace.service.ts';
import { garderVersion } from './espace-version.ts';
import { writeFormation } from './formation.service.ts';

// The sessions of the organisation's space (docs/espace.md): add, change, remove, and
// the place found in the communes reference. Access is checked first (404 outside the perimeter).

/** Field labels of the session form, for messages. */
export const LIBELLES_SESSION: Readonly<Record<string, string>> = {
  debut: 'Date de début',
  fin: 'Date de fin',
  capacite: 'Capacité',
  etat_recrutement: 'État du recrutement',
  entree_sortie: 'Entrées et sorties',
  financeur: 'Financeur',
  'lieu.code_postal': 'Code postal',
  'lieu.commune': 'Commune',
  'lieu.uai': 'UAI du lieu',
  numero_marche: 'Numéro de marché',
  date_notification_marche: 'Date de notification du marché',
  'contact.courriel': 'Courriel du contact',
};

/** A place as typed: postal code and/or commune name, or the INSEE code of a proposed commune. */
export interface LieuSaisi {
  readonly code_postal: string | null;
  readonly commune: string | null;
  /** The « Cedex » field: with it, a postal code no commune has is read as a CEDEX code. */
  readonly cedex?: string | null;
  /** `code_insee-code_postal` of a commune picked among the proposed ones. */
  readonly choix: string | null;
}

/**
 * Finds the place in the communes reference and fills INSEE code, official name and coordinates.
 * Several candidates → LIEU_A_PRECISER with `details.communes` (to pick one); none → LIEU_INCONNU;
 * a commune that is not the postal code's → LIEU_HORS_CODE_POSTAL on `lieu.commune`. A CEDEX code
 * (no commune has it, a CEDEX mention in the commune's name or in `cedex`) keeps its code: the
 * commune is found by its name in the code's département (domain/commune.ts choisirCommuneCedex).
 * Without a communes reference loaded, the place is kept as typed.
 */
export async function resolveLieu(
  db: Executor,
  l: LieuSaisi,
): Promise<{
  code_postal: string | null;
  commune: string | null;
  code_insee: string | null;
  lat: number | null;
  lon: number | null;
}> {
  // A commune name typed in the « Code postal » field (« Laval », « chateau gontier ») with the
  // « Commune » field empty is read as the commune's name, as that field reads it.
  const nomDansCp =
    !l.commune?.trim() && /\p{L}/u.test(l.code_postal ?? '') && !/\d/.test(l.code_postal!)
      ? l.code_postal!.trim()
      : null;
  const cp = nomDansCp ? null : sansEspaces(l.code_postal) || null;
  const nom = nomDansCp ?? (l.commune?.trim() || null);
  const tel = { code_postal: cp, commune: nom, code_insee: null, lat: null, lon: null };
  const fill = (c: CommuneTrouvee) => ({
    code_postal: c.code_postal,
    commune: c.nom,
    code_insee: c.code_insee,
    lat: c.lat,
    lon: c.lon,
  });
  // A commune picked among those proposed holds while what was typed still proposes it (domain/commune.ts).
  const choix = communeChoisie(l.choix, cp);
  if (choix) {
    const [c] = await searchCommunes(db, choix, 1);
    if (c && choixTenu(c, cp, nom)) return fill(c);
  }
  if (!cp && !nom) return tel;
  // A format error, not an unknown place: its own code, the workbook import's.
  if (cp && !/^\d{5}$/.test(cp))
    throw new OffreError(
      'CODE_POSTAL_INVALIDE',
      erreurChamp(
        'Code postal',
        `« ${l.code_postal?.trim()} » doit compter 5 chiffres (le nom de la commune va dans le champ « Commune »)`,
      ),
      { champ: 'lieu.code_postal' },
      400,
    );
  // Names are matched as the public search and the communes API match them (nomCommuneNormalise:
  // accents, case, hyphens and « st » aside), by the same query as the autocompletion; the commune
  // is chosen as the workbook import chooses it (choisirCommuneDuCodePostal): a name that is none of
  // the postal code's communes (nor a delegated or associated one of theirs) is refused, never
  // replaced silently by the postal code's commune.
  const candidats = cp
    ? await searchCommunes(db, { code_postal: cp }, 100)
    : await communesCommencantPar(db, { nom: nomCommuneNormalise(nom!) }, 30);
  if (candidats.length === 0 && cp && nom && mentionDuLieu({ commune: nom, cedex: l.cedex })) {
    const departement = (await communesDesDepartementsCedex(db, [cp])).get(cp) ?? [];
    if (departement.length === 0 && !(await communesChargees(db))) return tel;
    const choisie = choisirCommuneCedex(cp, nom, departement);
    if ('commune' in choisie) return { ...fill(choisie.commune), code_postal: cp };
    throw new OffreError(choisie.code, choisie.message, { champ: choisie.champ }, 400);
  }
  if (candidats.length === 0 && !(await communesChargees(db))) return tel;
  const insees = cp && nom ? candidats.map((c) => c.code_insee) : [];
  const anciennes = await communesAnciennesDe(db, insees);
  const choisie = choisirCommuneDuCodePostal(cp, nom, candidats, anciennes);
  if ('commune' in choisie) return fill(choisie.commune);
  // Named by the field it is said under (« Libellé : problème »): the commune typed when there was
  // one (a list to pick from included), else the postal code.
  const champ = nomDansCp ? 'lieu.code_postal' : choisie.champ;
  const libelle =
    LIBELLES_SESSION[champ === 'lieu.choix' ? (nom ? 'lieu.commune' : 'lieu.code_postal') : champ]!;
  throw new OffreError(
    choisie.code,
    messageRefusCommune(choisie, libelle),
    choisie.code === 'LIEU_A_PRECISER' ? { champ: choisie.champ, communes: choisie.communes } : { champ },
    400,
  );
}

/**
 * The session form's commune autocomplete: up to 10 communes whose postal code (2 to 5 digits
 * typed) or name starts with `texte`, one per (INSEE code, postal code), with their coordinates
 * (WGS84 degrees, null when the reference has none). Empty when nothing usable was typed.
 */
export async function proposeCommunes(db: Executor, texte: string): Promise<CommuneTrouvee[]> {
  const debut = lireLieu(texte.slice(0, 100), true);
  return debut ? communesCommencantPar(db, debut, 10) : [];
}

/** What the session form edits (the place is resolved by `resolveLieu`). */
export type SessionSaisie = Omit<SessionInput, 'id' | 'lieu'> & {
  lieu: Omit<NonNullable<SessionInput['lieu']>, 'code_insee' | 'lat' | 'lon'> & { choix?: string | null };
};

/** What a change of the sessions did: the session's id (null when removed) and whether anything was written. */
export interface SessionsChangees {
  readonly sessionId: string | null;
  readonly revision: boolean;
  /** False when the offer is as it was: no version, no history entry, no feed event. */
  readonly changed: boolean;
  /** True when the offer came back to its published version: its revision is abandoned. */
  readonly revisionAbandonnee?: boolean;
  /** True when the write sent a revision returned « à corriger » back to validation. */
  readonly revisionRenvoyee?: boolean;
  /**
   * True when only a diffused session's recruitment changed: applied to the diffused version at
   * once, and to the open revision if any (`revisionOuverte`: one is still open after it).
   */
  readonly recrutement?: boolean;
  readonly revisionOuverte?: boolean;
}

async function changeSessions(
  ctx: AppContext,
  acteur: Acteur,
  /** `version`: the one the form was opened on (espace-version.ts): FORMATION_MODIFIEE (409) when stale. */
  { id, version }: { readonly id: string; readonly version?: string },
  /** The index of the session changed (-1: removed), or null: nothing to write. */
  change: (
    sessions: SessionInput[],
    trx: Executor,
    row: FormationRow,
    publiee: FormationInput,
  ) => Promise<number | null> | number | null,
): Promise<SessionsChangees> {
  return ctx.db.transaction().execute(async (trx) => {
    let row = await rowDe(trx, acteur, id);
    // Locked and checked first: the sessions below are read as they are under the lock.
    if (version !== undefined) row = await garderVersion(trx, acteur, id, version);
    const { saisie, snap: publieeSnap } = await saisieDe(trx, row);
    const sessions = [...saisie.sessions];
    const i = await change(sessions, trx, row, snapshotToInput(publieeSnap));
    if (i === null) return { sessionId: null, revision: false, changed: false };
    // The same sessions again (a form saved as it was shown): nothing is written, not even a
    // returned revision sent back to validation.
    if (i >= 0 && sessions.length === saisie.sessions.length && memeContenu(sessions, saisie.sessions))
      return { sessionId: sessions[i]?.id ?? null, revision: false, changed: false };
    const edite = i >= 0 ? sessions[i]?.id : undefined;
    const connues = new Set(saisie.sessions.map((s) => s.id));
    const { result, snap } = await writeFormation(
      trx,
      acteur,
      { ...saisie, sessions },
      { id, now: ctx.now() },
    ).catch((e) => {
      // The session this form edits: by its id, else (a new one) the one the write minted.
      throw champsDeLaSession(refusPourLeFormulaire(e), (m) =>
        edite ? m.sessionId === edite : i >= 0 && !!m.sessionId && !connues.has(m.sessionId),
      );
    });
    // A revision's sessions keep the ids minted when proposed: read them back from the revision.
    const ids = result.revision
      ? ((await findOpenRevision(trx, id))?.payload as FormationInput | undefined)?.sessions.map((s) => s.id)
      : snap.sessions.map((s) => s.id);
    return {
      sessionId: i >= 0 ? (ids?.[i] ?? null) : null,
      revision: !!result.revision,
      changed: result.changed,
      ...(result.revisionAbandonnee ? { revisionAbandonnee: true } : {}),
      ...(result.revisionRenvoyee ? { revisionRenvoyee: true } : {}),
      ...(result.recrutement
        ? { recrutement: true, revisionOuverte: !!(await findOpenRevision(trx, id)) }
        : {}),
    };
  });
}

/** On the session form, a missing field of the session it edits (`edite`) is named by its own field there. */
function champsDeLaSession(e: unknown, edite: (m: Manquant) => boolean): unknown {
  if (!(e instanceof OffreError) || e.code !== 'PUBLICATION_INCOMPLETE') return e;
  const erreurs = (e.details.erreurs as Manquant[]).map((m) =>
    edite(m) && m.champSession
      ? { ...m, champ: m.champSession === 'lieu' ? 'lieu.code_postal' : m.champSession }
      : m,
  );
  return new OffreError(e.code, e.message, { ...e.details, erreurs }, e.status);
}

/** A new session with the days and place of `double`, one of the formation's: confirmation asked. */
const sessionEnDoubleRefus = (double: SessionInput) =>
  new OffreError(
    'SESSION_EN_DOUBLE',
    `Cette formation a déjà une ${nomSession(double) ?? 'session sans dates'} à cet endroit : vérifiez qu’il ne s’agit pas de la même, ou cochez « Il s’agit bien d’une autre session : l’ajouter quand même ».`,
    { champ: 'confirmer_doublon', sessionId: double.id ?? null },
    409,
  );

/** The place's address, postal code and commune as typed are the stored ones (spaces around, and in a postal code, ignored). */
function memeLieuSaisi(typed: SessionSaisie['lieu'], stored: SessionInput['lieu']): boolean {
  const lu = (k: 'adresse' | 'code_postal' | 'commune', v: string | null | undefined) =>
    (k === 'code_postal' ? sansEspaces(v) : v?.trim()) || null;
  return (['adresse', 'code_postal', 'commune'] as const).every(
    (k) => lu(k, typed[k]) === lu(k, stored?.[k]),
  );
}

/**
 * A postal code typed with its CEDEX mention, as on an envelope (« 53000 CEDEX 9 »): its five
 * digits are the postal code, its mention the « Cedex » field (unless that field says it already;
 * another mention there is an error). `cedex`: what was typed, for the refusal of a CEDEX code
 * that no commune has (refusCodeCedex).
 */
function codePostalSansCedex(lieu: Omit<SessionSaisie['lieu'], 'choix'>): {
  lieu: Omit<SessionSaisie['lieu'], 'choix'>;
  erreur: ErreurSaisie | null;
  cedex: { tape: string; code_postal: string } | null;
} {
  const lu = lireCodePostalCedex(lieu.code_postal);
  if (!lu) return { lieu, erreur: null, cedex: null };
  const tape = lieu.code_postal!.trim();
  const champ = lieu.cedex?.trim() || null;
  const erreur =
    champ && mentionCedex(champ) !== lu.cedex
      ? {
          champ: 'lieu.code_postal',
          message: erreurChamp(
            'Code postal',
            `« ${tape} » porte la mention ${lu.cedex}, et le champ « Cedex » dit « ${champ} » : écrivez le code postal en 5 chiffres et la mention CEDEX dans le seul champ « Cedex »`,
          ),
        }
      : null;
  return {
    lieu: { ...lieu, code_postal: lu.code_postal, cedex: champ ?? lu.cedex },
    erreur,
    cedex: { tape, code_postal: lu.code_postal },
  };
}

/**
 * A commune typed with its CEDEX mention, as on an envelope (« LAVAL CEDEX 9 »): its name is the
 * commune, its mention the « Cedex » field's (never dropped: a fresh user's report, 06/12/2026),
 * unless that field says another one (an error on « Commune »).
 */
function communeSansCedex(lieu: Omit<SessionSaisie['lieu'], 'choix'>): {
  lieu: Omit<SessionSaisie['lieu'], 'choix'>;
  erreur: ErreurSaisie | null;
} {
  const tape = lieu.commune?.trim() ?? '';
  const lu = tape ? readCommune(tape) : null;
  if (!lu?.cedex) return { lieu, erreur: null };
  const champ = lieu.cedex?.trim() || null;
  if (champ && mentionCedex(champ) !== lu.cedex)
    return {
      lieu,
      erreur: {
        champ: 'lieu.commune',
        message: erreurChamp(
          'Commune',
          `« ${tape} » porte la mention ${lu.cedex}, et le champ « Cedex » dit « ${champ} » : écrivez le nom de la commune, et la mention CEDEX dans le seul champ « Cedex »`,
        ),
      },
    };
  return { lieu: { ...lieu, commune: lu.nom, cedex: champ ?? lu.cedex }, erreur: null };
}

/**
 * No commune at a postal code typed with a CEDEX mention and no commune name: a CEDEX code, said as
 * such, and what situates the place (the commune's name; with it, the code is kept: resolveLieu).
 */
function refusCodeCedex(e: unknown, cp: { tape: string; code_postal: string }): unknown {
  if (!(e instanceof OffreError) || e.code !== 'LIEU_INCONNU' || e.details.champ !== 'lieu.code_postal')
    return e;
  return new OffreError(
    'LIEU_INCONNU',
    `Le code postal « ${cp.tape} » est un code CEDEX : il sert à distribuer le courrier et ne désigne aucune commune (le référentiel des communes ne connaît pas ${cp.code_postal}). Indiquez aussi le nom de la commune dans « Commune » : c’est lui qui situe le lieu.`,
    { champ: 'lieu.code_postal' },
    400,
  );
}

/** The field errors of a refusal (SAISIE_INVALIDE's list, or another 400's one field), else rethrown. */
function erreursDeRefus(e: unknown): ErreurSaisie[] {
  if (!(e instanceof OffreError) || e.status !== 400) throw e;
  const liste = e.details.erreurs;
  return Array.isArray(liste)
    ? (liste as ErreurSaisie[])
    : [{ champ: String(e.details.champ ?? 'debut'), message: e.message }];
}

/**
 * Adds (`sessionId` null) or changes a session. The place is looked up in the communes reference,
 * unless its address, postal code and commune are the stored ones: then the stored place is kept
 * as it is (INSEE code, coordinates, the commune's name as a file wrote it). A session saved as it
 * was changes nothing (`changed` false). `erreursLues` are the form's reading errors: they are
 * reported with the place's, the schema's, `controlesSessionSaisie`'s (UAI, dates and place required on
 * a published formation, end after start, plausible réunion and bilan days) and a contact's
 * telephone or courriel without a name (contactsSansNom), all at once in one
 * SAISIE_INVALIDE (`details.communes` when the place is to pick); a place error alone keeps its
 * code (LIEU_INCONNU / LIEU_A_PRECISER / LIEU_HORS_CODE_POSTAL). Nothing is written then.
 * Refuses a diffused session's new dates (SESSION_REDATEE, on `debut`/`fin`).
 */
export async function saveSession(
  ctx: AppContext,
  acteur: Acteur,
  id: string,
  sessionId: string | null,
  s: SessionSaisie,
  erreursLues: readonly ErreurSaisie[] = [],
  /** `version`: the one the form was opened on; a stale one is refused (FORMATION_MODIFIEE, 409). */
  opts: {
    readonly confirmerDoublon?: boolean;
    /** A new session already over is stored only once confirmed (SESSION_PASSEE). */
    readonly confirmerPassee?: boolean;
    readonly version?: string;
  } = {},
): Promise<SessionsChangees> {
  const { choix, ...lieuTape } = s.lieu;
  const { lieu: lieuCp, erreur: erreurCedex, cedex: cpCedex } = codePostalSansCedex(lieuTape);
  const { lieu: lieuSaisi, erreur: erreurCommuneCedex } = communeSansCedex(lieuCp);
  try {
    return await changeSessions(ctx, acteur, { id, version: opts.version }, async (sessions, trx, row) => {
      const i = sessionId ? sessions.findIndex((x) => x.id === sessionId) : -1;
      if (sessionId && i < 0) throw sessionIntrouvable();
      const stockee = i >= 0 ? sessions[i]! : null;
      let refusLieu: unknown = null;
      let lieu: SessionInput['lieu'] = lieuSaisi;
      try {
        lieu =
          stockee && !choix && memeLieuSaisi(lieuSaisi, stockee.lieu)
            ? { ...stockee.lieu, cedex: lieuSaisi.cedex ?? null, uai: lieuSaisi.uai ?? null }
            : {
                ...lieuSaisi,
                ...(await resolveLieu(trx, {
                  code_postal: lieuSaisi.code_postal ?? null,
                  commune: lieuSaisi.commune ?? null,
                  cedex: lieuSaisi.cedex ?? null,
                  choix: choix ?? null,
                })),
              };
      } catch (e) {
        erreursDeRefus(e);
        refusLieu = cpCedex ? refusCodeCedex(e, cpCedex) : e;
      }
      const erreurs = [
        ...erreursLues,
        ...(erreurCedex ? [erreurCedex] : []),
        ...(erreurCommuneCedex ? [erreurCommuneCedex] : []),
        ...(refusLieu ? erreursDeRefus(refusLieu) : []),
        ...controlesSessionSaisie(s, {
          publiee: row.statut === 'publiee',
          aujourdhui: jourAParis(ctx.now()),
        }),
        // A telephone or courriel with nobody's name, as the formation form refuses it.
        ...contactsSansNom(s.contact ? [s.contact] : []).map((c) => ({
          champ: 'contact.nom',
          message: erreurChamp('Nom du contact', c.message),
        })),
      ];
      let session: SessionInput | null = null;
      try {
        session = valider(SessionInputSchema, { ...s, lieu }, LIBELLES_SESSION);
      } catch (e) {
        erreurs.push(...erreursDeRefus(e));
      }
      // One message a field: the first said (the form's reading, then the place, then the checks).
      const vus = new Set<string>();
      const uniques = erreurs.filter((x) => !vus.has(x.champ) && !!vus.add(x.champ));
      if (refusLieu && uniques.length === 1) throw refusLieu;
      if (uniques.length || !session) {
        const communes = refusLieu instanceof OffreError ? refusLieu.details.communes : undefined;
        throw saisieInvalide(uniques, communes ? { communes } : {});
      }
      if (!stockee) {
        // A new session already over: a typo of the year, most often (domain/session-passee.ts).
        const aujourdhui = jourAParis(ctx.now());
        const passee = opts.confirmerPassee ? null : sessionPassee(session, aujourdhui);
        if (passee)
          throw new OffreError(
            'SESSION_PASSEE',
            `${messageSessionPassee(passee, aujourdhui)} Pour garder en mémoire une session terminée, cochez « Cette session est bien terminée : l’enregistrer quand même ».`,
            { champ: 'fin', proposition: passee.proposition },
            409,
          );
        // The same session again (a form sent twice, a double click): added only once confirmed.
        const double = opts.confirmerDoublon ? undefined : sessionEnDouble(session, sessions);
        if (double) throw sessionEnDoubleRefus(double);
        return sessions.push(session) - 1;
      }
      sessions[i] = { ...session, id: sessionId, cle_externe: stockee.cle_externe };
      return i;
    });
  } catch (e) {
    // The snapshot names the field by its index in the offer: on the session form it is `debut`/`fin`.
    if (e instanceof OffreError && e.code === 'SESSION_REDATEE')
      throw new OffreError(
        e.code,
        e.message,
        { ...e.details, champ: String(e.details.champ).replace(/^sessions\.\d+\./, '') },
        400,
      );
    throw e;
  }
}

/**
 * Removes a session: a diffused one is archived (its reference stays), another one is dropped. A
 * published session the open revision already retires (a second click) is no error: nothing is
 * written, `dejaRetiree` (it is listed under « Sessions retirées par votre révision »).
 */
export async function removeSession(
  ctx: AppContext,
  acteur: Acteur,
  id: string,
  sessionId: string,
): Promise<SessionsChangees & { dejaRetiree?: boolean }> {
  let dejaRetiree = false;
  const r = await changeSessions(ctx, acteur, { id }, (sessions, _trx, row, publiee) => {
    const i = sessions.findIndex((x) => x.id === sessionId);
    if (i < 0) {
      dejaRetiree =
        row.statut === 'publiee' && sessionsRetirees(publiee, { sessions }).some((s) => s.id === sessionId);
      if (dejaRetiree) return null;
      throw sessionIntrouvable();
    }
    sessions.splice(i, 1);
    return -1;
  });
  return dejaRetiree ? { ...r, dejaRetiree } : r;
}

/**
 * « Fermer le recrutement », « Suspendre le recrutement », « Rouvrir le recrutement » of a session
 * on the formation's page: its `etat_recrutement` set to `etat`, nothing else. On a published offer
 * and a diffused session, applied at once to the diffused version and to the open revision, if any
 * (domain/recrutement-direct.ts); on a session only the revision has, a revision edit; on an offer
 * not published, a write like the session form's. An unknown state: 400 SAISIE_INVALIDE on
 * `etat_recrutement`. The state it already has: nothing written (`changed` false).
 */
export async function setRecrutement(
  ctx: AppContext,
  acteur: Acteur,
  id: string,
  sessionId: string,
  etat: unknown,
): Promise<SessionsChangees> {
  const lu = EtatRecrutementSchema.safeParse(etat);
  if (!lu.success)
    throw saisieInvalide([
      {
        champ: 'etat_recrutement',
        message: erreurChamp(
          LIBELLES_SESSION.etat_recrutement!,
          `« ${String(etat ?? '')} » n’est pas un état du recrutement : ouvert, suspendu ou ferme`,
        ),
      },
    ]);
  return changeSessions(ctx, acteur, { id }, (sessions) => {
    const i = sessions.findIndex((x) => x.id === sessionId);
    if (i < 0) throw sessionIntrouvable();
    if ((sessions[i]!.etat_recrutement ?? 'ouvert') === lu.data) return null;
    sessions[i] = { ...sessions[i]!, etat_recrutement: lu.data };
    return i;
  });
}
