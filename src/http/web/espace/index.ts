import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Acteur } from '../../../domain/acteur.ts';
import { APPARIEMENTS, type Appariement, phraseAppariement } from '../../../domain/certification-paire.ts';
import { publieeHorsDiffusion } from '../../../domain/diffusion.ts';
import { OffreError, sessionIntrouvable } from '../../../domain/errors.ts';
import { STATUTS, type Statut } from '../../../domain/formation.schema.ts';
import { nomSession } from '../../../domain/sessions-noms.ts';
import { annonceRetrait, INFO_DE, retraitDeInfo } from '../../../domain/sortie-espace.ts';
import { echeancesEspace } from '../../../services/campagne.service.ts';
import {
  apparierFiche,
  type CommuneTrouvee,
  checkPublication,
  compteursEspace,
  confirmPublication,
  doublonsProbables,
  type ErreurSaisie,
  etablissementsEspace,
  type FicheEspace,
  type FicheSaisie,
  ficheEspace,
  formationEspace,
  historiqueEspace,
  intitulesCertifications,
  LIBELLES_FICHE,
  listEspace,
  type Manquant,
  nomStructureEspace,
  rowDe,
  rowModifiable,
  saveFiche,
  suggestCertifications,
  verifierFiche,
} from '../../../services/espace.service.ts';
import {
  formationDuJeton,
  jetonLu,
  nouveauJeton,
  purgeFormulairesEnvoi,
} from '../../../services/espace-envoi.ts';
import { abandonRevision, restoreSession } from '../../../services/espace-revision.service.ts';
import {
  LIBELLES_SESSION,
  removeSession,
  type SessionSaisie,
  type SessionsChangees,
  saveSession,
  setRecrutement,
} from '../../../services/espace-sessions.service.ts';
import { retirerFormation, rowARetirer } from '../../../services/espace-sortie.service.ts';
import { filtresInconnus } from '../filtres-refuses.tsx';
import { type ErreurChamp, readFormulaire } from '../form/formulaire.ts';
import { requireRole } from '../guard.ts';
import { seeOther, sendPage } from '../reponse.ts';
import { autocompletionRoutes } from './autocompletion.routes.ts';
import { COMPTEUR_JS } from './compteur.script.ts';
import { FichePage, type FicheProps, JETON_ENVOI } from './fiche.page.tsx';
import { CONFIRMER_ABANDON } from './fiche.sections.tsx';
import { HistoriquePage } from './historique.page.tsx';
import { EspacePage } from './liste.page.tsx';
import { RelirePage } from './relire.page.tsx';
import { caracteresSaisis, readFiche, readSession } from './saisie.ts';
import { SessionPage } from './session.page.tsx';
import { RetraitPage } from './sortie.page.tsx';
import {
  CHAMP_HISTORIQUE_LU,
  changementsDepuis,
  type RefusVersion,
  refusVersion,
  remplacements,
  versionEnvoyee,
} from './version.tsx';

// The organisation's space (docs/espace.md): pages for a signed-in `organisme` user, each a thin
// adapter over services/espace.service.ts. Every POST ends in 303 (or the form again, 400, with
// its errors); an offer of another SIREN is "introuvable" (404).

const TAILLE_PAGE = 20;

const ANNONCES: Record<string, string> = {
  cree: 'Formation créée. Ajoutez maintenant ses sessions.',
  // The new-formation form sent twice (its one-time token): the formation its first sending created.
  deja_creee: 'Ce formulaire a déjà été envoyé : voici la formation créée.',
  enregistree: 'Brouillon enregistré.',
  // The same save of an offer no longer a draft (en attente, à corriger): said by its status.
  modifiee: 'Modifications enregistrées.',
  revision:
    'Modification envoyée pour validation (révision) : la version validée reste diffusée jusqu’à la validation de la révision.',
  // A returned revision saved, changed or as it is: it waits for validation again.
  revision_renvoyee:
    'Révision renvoyée pour validation : la version validée reste diffusée jusqu’à sa validation.',
  session: 'Session enregistrée.',
  // A session saved on a published offer goes into its revision (formation.service.ts).
  session_revision:
    'Session enregistrée et envoyée pour validation (révision) : la version validée reste diffusée jusqu’à la validation de la révision.',
  session_renvoyee:
    'Session enregistrée, révision renvoyée pour validation : la version validée reste diffusée jusqu’à sa validation.',
  // The formation form saved as it was: nothing written (as the session form says it).
  inchangee: 'Aucune modification : la formation est inchangée.',
  retiree: 'Session retirée.',
  // « Retirer la session » clicked twice on a published offer: the first click took it out of the revision.
  session_deja_retiree: 'Cette session est déjà retirée de la révision en cours.',
  // The removal brought the offer back to its published version (a revision that cancels itself).
  retiree_abandon: 'Session retirée : l’offre est revenue à sa version publiée, la révision est abandonnée.',
  // One wording for the submission, here and in the refusals (docs/espace.md).
  envoyee:
    'Publication demandée : la formation a été soumise à la validation d’un gestionnaire de la région où ont lieu ses sessions.',
  envoyee_hors_region:
    'Publication demandée : ses sessions n’ont lieu dans aucune région (une collectivité d’outre-mer hors des régions, comme la Nouvelle-Calédonie) ; la formation a été soumise à la validation des administrateurs de la plateforme.',
  deja_envoyee: 'Cette formation a déjà été soumise à la validation d’un gestionnaire.',
  revision_abandonnee: 'Révision abandonnée : l’offre diffusée reste inchangée.',
  session_remise:
    'Session remise dans la révision, telle qu’elle est publiée : la révision est de nouveau en attente de validation.',
  // Putting the session back brought the offer back to its published version.
  session_abandon:
    'Session enregistrée : l’offre est revenue à sa version publiée, la révision est abandonnée.',
  session_remise_abandon:
    'Session remise : l’offre est revenue à sa version publiée, la révision est abandonnée.',
  sans_revision: 'Aucune révision en cours : l’offre diffusée est inchangée.',
  // A diffused session's recruitment alone: applied at once, without validation (domain/recrutement-direct.ts).
  recrutement:
    'État du recrutement enregistré : il s’applique tout de suite à l’offre diffusée (page publique, recherche, exports), sans validation.',
  recrutement_revision:
    'État du recrutement enregistré : il s’applique tout de suite à l’offre diffusée, sans validation, et la révision en cours le reprend (la valider ne le changera pas).',
  recrutement_abandon:
    'État du recrutement enregistré : il s’applique tout de suite à l’offre diffusée, sans validation ; la révision en cours ne proposait rien d’autre, elle est abandonnée.',
  recrutement_inchange: 'Le recrutement de cette session était déjà dans cet état : rien n’a été modifié.',
};
/** A revision's notices when a blocking rule keeps the validated version out of diffusion. */
const ANNONCES_HORS_DIFFUSION: Record<string, string> = {
  revision:
    'Modification envoyée pour validation (révision) : la version validée reste hors diffusion jusqu’à la validation de la révision.',
  revision_renvoyee:
    'Révision renvoyée pour validation : la version validée reste hors diffusion jusqu’à sa validation.',
  session_revision:
    'Session enregistrée et envoyée pour validation (révision) : la version validée reste hors diffusion jusqu’à la validation de la révision.',
  session_renvoyee:
    'Session enregistrée, révision renvoyée pour validation : la version validée reste hors diffusion jusqu’à sa validation.',
};
/**
 * The notice of `?info=`; a saved offer that is not a draft is not called « Brouillon », and a
 * version out of diffusion is not said to stay diffused.
 */
const annonce = (q: unknown, fiche?: FicheEspace | null) => {
  const info = (q as { info?: unknown })?.info;
  if (typeof info !== 'string') return undefined;
  const statut = fiche?.statut;
  // A certification chosen by one code: what became of its other code (domain/certification-paire.ts).
  const a = (q as { certification?: unknown })?.certification;
  const paire =
    fiche && APPARIEMENTS.includes(a as Appariement)
      ? ` ${phraseAppariement(a as Appariement, fiche.formation.certification ?? { rncp: null, cfd: null })}`
      : '';
  if (info === 'enregistree' && statut && statut !== 'brouillon') return ANNONCES.modifiee + paire;
  const horsDiffusion =
    !!fiche &&
    publieeHorsDiffusion({ statut: fiche.statut, catalogue: fiche.formation.conformite.catalogue });
  const texte = (horsDiffusion && ANNONCES_HORS_DIFFUSION[info]) || ANNONCES[info];
  return texte && texte + paire;
};

/** Notices that tell how things stand rather than what was just done: the DSFR « info » alert. */
const ANNONCES_INFO: ReadonlySet<string> = new Set([
  'session_deja_retiree',
  'deja_creee',
  'recrutement_inchange',
]);
const annonceInfo = (q: unknown) => ANNONCES_INFO.has(String((q as { info?: unknown })?.info));

/** The notice of a saved session: where it went when the offer is published (its revision). */
const infoSession = (r: SessionsChangees) =>
  r.recrutement
    ? r.revisionAbandonnee
      ? 'recrutement_abandon'
      : r.revisionOuverte
        ? 'recrutement_revision'
        : 'recrutement'
    : r.revisionAbandonnee
      ? 'session_abandon'
      : r.revisionRenvoyee
        ? 'session_renvoyee'
        : r.revision
          ? 'session_revision'
          : 'session';

/** A write refused while an import writes (PGlite, BASE_OCCUPEE): the form comes back, nothing lost. */
const occupee = (e: unknown): e is OffreError => e instanceof OffreError && e.code === 'BASE_OCCUPEE';

/**
 * The status of a refused form: 503 with Retry-After (set on `reply`) when the base was busy — the
 * form shown again with what was typed and the message —, 400 otherwise.
 */
function statutRefus(e: unknown, reply: FastifyReply): number {
  // Refused whole for who sends it (a mandataire not theirs, ACCES_REFUSE): 403, the form shown again.
  if (e instanceof OffreError && e.status === 403) return 403;
  if (!occupee(e)) return 400;
  reply.header('retry-after', String(e.details.retry_after ?? 30));
  return 503;
}

/** The field errors of what a service refused (every error of SAISIE_INVALIDE / PUBLICATION_INCOMPLETE). */
function erreursDe(e: unknown, defaut: string): ErreurChamp[] {
  if (!(e instanceof OffreError) || (e.status >= 500 && !occupee(e)) || e.status === 404) throw e;
  const liste = e.details.erreurs;
  if (Array.isArray(liste))
    return liste.map((x: { champ?: unknown; message?: unknown; code?: unknown }) => ({
      champ: typeof x.champ === 'string' ? x.champ : defaut,
      message: String(x.message),
      ...(typeof x.code === 'string' ? { code: x.code } : {}),
    }));
  // A refusal of its own (SESSION_EN_DOUBLE, SESSION_REDATEE…): the summary says its stable code too.
  return [
    {
      champ: typeof e.details.champ === 'string' ? e.details.champ : defaut,
      message: e.message,
      code: e.code,
    },
  ];
}

const saisieDeFiche = (f: FicheEspace): FicheSaisie => ({
  intitule: f.saisie.intitule,
  objectif: f.saisie.objectif,
  contenu: f.saisie.contenu,
  url: f.saisie.url,
  certification: f.saisie.certification,
  responsable: f.saisie.responsable ?? null,
  formateur: f.saisie.formateur ?? null,
  mandataire: f.saisie.mandataire ?? null,
  financeurs: f.saisie.financeurs ?? [],
  contacts: f.saisie.contacts,
  modalites: f.saisie.modalites,
});

const saisieDeSession = (s: FicheEspace['saisie']['sessions'][number]): SessionSaisie => ({
  ...s,
  lieu: { ...s.lieu, choix: null },
});

export const espaceRoutes: FastifyPluginAsync = async (app) => {
  const db = app.ctx.db;

  /** The code of the certification `v` names (upper case), if any. */
  const codeCertification = (v: FicheSaisie) =>
    (v.certification?.rncp ?? v.certification?.cfd)?.toUpperCase();

  /** The certification `v` names, « CODE – intitulé », from the titles read (`titres`). */
  function libelleCertification(v: FicheSaisie, titres: ReadonlyMap<string, string>): string | null {
    const code = codeCertification(v);
    if (!code) return null;
    const intitule = titres.get(code);
    return intitule !== undefined ? `${code} – ${intitule}` : `${code} (absent des référentiels chargés)`;
  }

  /** The formation page, new or existing, with everything around the form. */
  async function pageFiche(
    request: FastifyRequest,
    reply: FastifyReply,
    u: Acteur,
    id: string | null,
    over: Partial<FicheProps> & {
      valeurs?: FicheSaisie;
      query?: unknown;
      /** A refused « Abandonner la révision »: the last history entry its form was opened on. */
      depuisHistorique?: unknown;
    },
    status = 200,
  ) {
    const { query, depuisHistorique, ...props } = over;
    const typee = over.valeurs ? codeCertification(over.valeurs) : undefined;
    // One service call: the offer, its rules, its history and the titles they name, each read once.
    const [lue, etablissements] = await Promise.all([
      id ? formationEspace(app.ctx, u, id, [typee]) : null,
      etablissementsEspace(db, u),
    ]);
    const fiche = lue?.fiche ?? null;
    const seul = etablissements.length === 1 ? { siret: etablissements[0]!.siret } : null;
    const titres = lue?.titres ?? (typee ? await intitulesCertifications(db, [typee]) : new Map());
    // Saved over a change: the fields saving again would replace, against the version now shown —
    // or, for the abandon, the changes made since the history entry its form was opened on.
    const refus =
      lue && props.refusVersion?.modifiee && (over.valeurs || depuisHistorique !== undefined)
        ? {
            ...props.refusVersion,
            remplaces: over.valeurs
              ? remplacements(over.valeurs, saisieDeFiche(lue.fiche), 'fiche')
              : changementsDepuis(lue.historique, depuisHistorique, lue.fiche.saisie.sessions, titres),
          }
        : props.refusVersion;
    const valeurs =
      over.valeurs ??
      (fiche
        ? saisieDeFiche(fiche)
        : {
            certification: {},
            contacts: [],
            modalites: { annees_apprentissage: [] },
            // A structure of one establishment: it is the responsable and the formateur unless
            // told otherwise (a fresh user found « Publier » refused for two fields with one choice).
            responsable: seul,
            formateur: seul,
            mandataire: null,
            financeurs: [],
            intitule: null,
            objectif: null,
            contenu: null,
            url: null,
          });
    const historique = lue?.historique ?? null;
    return sendPage(
      request,
      reply,
      FichePage({
        fiche,
        valeurs,
        certificationActuelle: libelleCertification(valeurs, titres),
        recherche: '',
        resultats: null,
        etablissements,
        erreurs: [],
        doublons: null,
        regles: lue?.regles ?? null,
        dejaDiffusee: lue?.dejaDiffusee ?? true,
        historique,
        historiqueLu: historique?.length ? String(historique.at(-1)!.id) : null,
        titresCertifications: titres,
        manquants: [],
        // The new-formation form's one-time token: kept through its re-displays (search, errors).
        jeton: id
          ? undefined
          : (jetonLu((request.body as Record<string, unknown> | undefined)?.[JETON_ENVOI]) ?? nouveauJeton()),
        ...(query !== undefined ? { annonce: annonce(query, fiche), annonceInfo: annonceInfo(query) } : {}),
        ...props,
        refusVersion: refus,
      }),
      status,
    );
  }

  /**
   * The notice of /espace after « Archiver » or « Supprimer le brouillon » (`?info=archivee|supprimee&formation=`):
   * the formation by its title, and the tab where it now is.
   */
  async function annonceDuRetrait(u: Acteur, q: Record<string, unknown>): Promise<string | undefined> {
    const retrait = retraitDeInfo(q.info);
    if (!retrait || typeof q.formation !== 'string') return undefined;
    const row = await rowARetirerLu(u, q.formation);
    return row ? annonceRetrait(retrait, row.intitule) : undefined;
  }
  const rowARetirerLu = (u: Acteur, id: string) => rowDe(db, u, id).catch(() => null);

  await app.register(autocompletionRoutes);

  app.get('/espace/compteur.js', async (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(COMPTEUR_JS),
  );

  app.get<{ Querystring: Record<string, unknown> }>('/espace', async (request, reply) => {
    const u = requireRole(request, 'organisme');
    const q = request.query;
    // A statut or catalogue that is none of the tabs' / the list's is said (400), not an empty table.
    const refuses = filtresInconnus(q, {
      statut: { libelle: 'Statut', connu: (v) => STATUTS.includes(v as Statut) },
      catalogue: { libelle: 'Catalogue', connu: (v) => v === 'general' || v === 'non_reglementaire' },
    });
    const statut = STATUTS.includes(q.statut as Statut) ? (q.statut as Statut) : undefined;
    const catalogue =
      q.catalogue === 'general' || q.catalogue === 'non_reglementaire'
        ? (q.catalogue as 'general')
        : undefined;
    const texte = typeof q.q === 'string' ? q.q.trim().slice(0, 200) || undefined : undefined;
    const cursor = typeof q.page === 'string' ? q.page : undefined;
    const alertes = q.onglet === 'alertes' && !statut;
    const filtres = { statut, catalogue, q: texte, alertes };
    // A page link that is not one this list handed out (`page=2`, an old or altered one): the first
    // page, with a sentence and a link to its address, as the public search does past its last page.
    let inexistante = false;
    const liste = await listEspace(db, u, filtres, { cursor, limit: TAILLE_PAGE }).catch((e: unknown) => {
      if (!(e instanceof OffreError && e.code === 'CURSEUR_INVALIDE')) throw e;
      inexistante = true;
      return listEspace(db, u, filtres, { limit: TAILLE_PAGE });
    });
    return sendPage(
      request,
      reply,
      EspacePage({
        structure: await nomStructureEspace(db, u, request.compte?.structure ?? null),
        siren: u.siren ?? '',
        compteurs: await compteursEspace(db, u),
        filtres,
        lignes: liste.lignes,
        suivante: liste.suivante,
        pagine: !!cursor && !inexistante,
        pageInexistante: inexistante,
        annonce: annonce(q) ?? (await annonceDuRetrait(u, q)),
        campagne: u.siren ? await echeancesEspace(app.ctx, u.siren) : undefined,
        refuses,
      }),
      refuses.length ? 400 : 200,
    );
  });

  app.get('/espace/formations/nouvelle', async (request, reply) => {
    const u = requireRole(request, 'organisme');
    return pageFiche(request, reply, u, null, {});
  });

  /** POST of the formation form: search a certification, or save (after the duplicate check on creation). */
  async function postFiche(request: FastifyRequest, reply: FastifyReply, id: string | null) {
    const u = requireRole(request, 'organisme');
    // An archived formation's page has no form: a post is refused whole (409, the page says why).
    if (id) await rowModifiable(db, u, id);
    const lue = readFiche(request.body);
    // A NUL character or a lone surrogate, taken out at the door: refused on its field with the rest.
    lue.erreurs.push(...caracteresSaisis(request, LIBELLES_FICHE));
    // A certification chosen by one code: its other code from the kit apprentissage's single link,
    // else none, never the previous certification's (a RNCP of one diploma beside another's CFD).
    const paire =
      lue.choisie && lue.action !== 'chercher' ? await apparierFiche(db, lue.choisie, lue.precedente) : null;
    const valeurs = paire ? { ...lue.fiche, certification: paire.certification } : lue.fiche;
    // A refused number comes back as typed in its field (« -1 » in « Durée du cursus »).
    const { saisies } = lue;
    // An offer's form carries the version it was opened on (version.tsx): kept through its
    // re-displays, required to save, refused when the offer changed since (409, nothing stored).
    const envoyee = id ? versionEnvoyee(request.body) : null;
    const version = envoyee && 'version' in envoyee ? envoyee.version : undefined;
    // Enter in a field submits with the form's first button, "Chercher": with nothing to search, it saves.
    if (lue.action === 'chercher' && lue.recherche)
      return pageFiche(request, reply, u, id, {
        valeurs,
        saisies,
        version,
        recherche: lue.recherche,
        erreurs: caracteresSaisis(request, LIBELLES_FICHE),
        resultats: await suggestCertifications(db, lue.recherche, app.ctx.now().toISOString().slice(0, 10)),
      });
    // The new-formation form sent again (double click, another tab, Back): its formation, once.
    const jeton = id ? null : jetonLu((request.body as Record<string, unknown> | undefined)?.[JETON_ENVOI]);
    const siren = u.siren;
    if (jeton && siren) {
      const deja = await formationDuJeton(db, siren, jeton);
      if (deja) return seeOther(reply, `/espace/formations/${encodeURIComponent(deja)}?info=deja_creee`);
    }
    let r: Awaited<ReturnType<typeof saveFiche>>;
    try {
      // The duplicate warning only over valid fields: a form with errors shows them first (saveFiche
      // refuses it below), not a warning to confirm before they are said. verifierFiche refuses a
      // mandataire of another structure (a crafted post) whole, 403, as saveFiche does.
      if (
        !id &&
        !lue.confirmDoublon &&
        valeurs.intitule?.trim() &&
        verifierFiche(u, valeurs, lue.erreurs, null, null).erreurs.length === 0
      ) {
        const doublons = await doublonsProbables(db, u, valeurs);
        if (doublons.length) return pageFiche(request, reply, u, id, { valeurs, doublons });
      }
      if (envoyee && 'refus' in envoyee) throw envoyee.refus;
      r = await saveFiche(app.ctx, u, id, valeurs, lue.erreurs, jeton, version);
    } catch (e) {
      // Changed since the form was opened (or a form without its version): what was typed comes
      // back with the current version, under an alert that says so.
      const refus = refusVersion(e);
      if (refus)
        return pageFiche(
          request,
          reply,
          u,
          id,
          { valeurs, saisies, recherche: lue.rechercheLaissee, refusVersion: refus },
          (e as OffreError).status,
        );
      // A published offer's change missing a mandatory field: listed as "Publier" lists them.
      if (id && e instanceof OffreError && e.code === 'PUBLICATION_INCOMPLETE')
        return pageFiche(
          request,
          reply,
          u,
          id,
          {
            valeurs,
            saisies,
            version,
            recherche: lue.rechercheLaissee,
            manquants: e.details.erreurs as Manquant[],
            refusRevision: e.message,
          },
          400,
        );
      return pageFiche(
        request,
        reply,
        u,
        id,
        // Words typed in the certification field and refused come back in it (rechercheLaissee).
        { valeurs, saisies, version, recherche: lue.rechercheLaissee, erreurs: erreursDe(e, 'intitule') },
        statutRefus(e, reply),
      );
    }
    // « Enregistrer et publier »: what was typed is saved first, then « Publier » as its own button.
    // (A forged one on another statut is refused at the confirmation, as « Publier »'s own.)
    if (id && lue.action === 'publier') {
      const manquants = await checkPublication(db, u, r.id);
      if (manquants.length) return pageManquants(request, reply, u, r.id, manquants);
      return seeOther(reply, `/espace/formations/${encodeURIComponent(r.id)}/relire`);
    }
    const info = r.dejaEnvoye
      ? 'deja_creee'
      : !id
        ? 'cree'
        : !r.changed
          ? 'inchangee'
          : r.revisionAbandonnee
            ? 'revision_abandonnee'
            : r.revisionRenvoyee
              ? 'revision_renvoyee'
              : r.revision
                ? 'revision'
                : 'enregistree';
    // A formation created with a token: the tokens past retention go (a failure is only logged).
    if (info === 'cree' && jeton)
      await purgeFormulairesEnvoi(app.ctx).catch((e) => request.log.warn({ err: e }, 'formulaire_envoi'));
    const lien = paire?.appariement ? `&certification=${paire.appariement}` : '';
    return seeOther(reply, `/espace/formations/${encodeURIComponent(r.id)}?info=${info}${lien}`);
  }

  app.post('/espace/formations/nouvelle', (request, reply) => postFiche(request, reply, null));

  app.get<{ Params: { id: string } }>('/espace/formations/:id', async (request, reply) => {
    const u = requireRole(request, 'organisme');
    return pageFiche(request, reply, u, request.params.id, { query: request.query });
  });

  // The whole history of one of the organisme's offers (another SIREN's: 404, as its page).
  app.get<{ Params: { id: string } }>('/espace/formations/:id/historique', async (request, reply) => {
    const u = requireRole(request, 'organisme');
    const { fiche, historique, titres } = await historiqueEspace(app.ctx, u, request.params.id);
    return sendPage(
      request,
      reply,
      HistoriquePage({
        id: fiche.id,
        intitule: fiche.saisie.intitule ?? null,
        historique,
        titres,
        sessions: fiche.saisie.sessions,
      }),
    );
  });

  app.post<{ Params: { id: string } }>('/espace/formations/:id', (request, reply) =>
    postFiche(request, reply, request.params.id),
  );

  const pageManquants = (
    request: FastifyRequest,
    reply: FastifyReply,
    u: Acteur,
    id: string,
    manquants: Manquant[],
  ) => pageFiche(request, reply, u, id, { manquants }, 400);

  app.post<{ Params: { id: string } }>('/espace/formations/:id/publier', async (request, reply) => {
    const u = requireRole(request, 'organisme');
    const id = request.params.id;
    const manquants = await checkPublication(db, u, id);
    if (manquants.length) return pageManquants(request, reply, u, id, manquants);
    return seeOther(reply, `/espace/formations/${encodeURIComponent(id)}/relire`);
  });

  /**
   * « Relire avant publication » of `id` as it stands; `refus`: the confirmation refused for its
   * version, with what changed since the history entry `historiqueLu` the refused page was opened on.
   */
  async function pageRelire(
    request: FastifyRequest,
    reply: FastifyReply,
    u: Acteur,
    id: string,
    over: { refus?: RefusVersion; historiqueLu?: unknown } = {},
    status = 200,
  ) {
    // One service call: the offer, its rules, its history and the titles they name, each read once.
    const { fiche, regles, historique, titres } = await formationEspace(app.ctx, u, id);
    // Changed since the page was opened: the changes made after the history entry it was opened on.
    const refus = over.refus?.modifiee
      ? {
          ...over.refus,
          remplaces: changementsDepuis(historique, over.historiqueLu, fiche.saisie.sessions, titres),
        }
      : over.refus;
    const dernier = historique.at(-1);
    return sendPage(
      request,
      reply,
      RelirePage({
        fiche,
        certification: libelleCertification(saisieDeFiche(fiche), titres),
        historiqueLu: dernier ? String(dernier.id) : null,
        refus,
        regles,
      }),
      status,
    );
  }

  app.get<{ Params: { id: string } }>('/espace/formations/:id/relire', async (request, reply) => {
    const u = requireRole(request, 'organisme');
    return pageRelire(request, reply, u, request.params.id);
  });

  app.post<{ Params: { id: string } }>('/espace/formations/:id/confirmer', async (request, reply) => {
    const u = requireRole(request, 'organisme');
    const id = request.params.id;
    // The version the re-read page showed: only that is sent (espace-version.ts); a confirmation
    // without it is a malformed form (400), one of an offer changed since is refused (409).
    const envoyee = versionEnvoyee(request.body, 'relecture');
    let issue: Awaited<ReturnType<typeof confirmPublication>>;
    try {
      if ('refus' in envoyee) throw envoyee.refus;
      issue = await confirmPublication(app.ctx, u, id, envoyee.version);
    } catch (e) {
      const refus = refusVersion(e, 'relecture');
      if (refus) {
        const historiqueLu = (request.body as Record<string, unknown> | undefined)?.[CHAMP_HISTORIQUE_LU];
        return pageRelire(request, reply, u, id, { refus, historiqueLu }, (e as OffreError).status);
      }
      if (e instanceof OffreError && e.code === 'PUBLICATION_INCOMPLETE')
        return pageManquants(request, reply, u, id, await checkPublication(db, u, id));
      if (e instanceof OffreError && e.code === 'TRANSITION_INVALIDE')
        return pageFiche(request, reply, u, id, { erreurs: [{ champ: 'publier', message: e.message }] }, 409);
      throw e;
    }
    return seeOther(reply, `/espace/formations/${encodeURIComponent(id)}?info=${issue}`);
  });

  // « Abandonner la révision »: a ticked confirmation, then the published version written back.
  app.post<{ Params: { id: string } }>(
    '/espace/formations/:id/revision/abandonner',
    async (request, reply) => {
      const u = requireRole(request, 'organisme');
      const id = request.params.id;
      await rowModifiable(db, u, id);
      const corps = request.body as Record<string, unknown> | undefined;
      if (corps?.[CONFIRMER_ABANDON] !== 'oui')
        return pageFiche(
          request,
          reply,
          u,
          id,
          {
            erreurs: [
              {
                champ: CONFIRMER_ABANDON,
                message: 'Cochez la case pour confirmer l’abandon de la révision : rien n’a été abandonné.',
              },
            ],
          },
          400,
        );
      // The version the page showed (espace-version.ts): only the revision seen is abandoned.
      const envoyee = versionEnvoyee(request.body, 'abandon');
      let abandonnee: boolean;
      try {
        if ('refus' in envoyee) throw envoyee.refus;
        abandonnee = await abandonRevision(app.ctx, u, id, envoyee.version);
      } catch (e) {
        const refus = refusVersion(e, 'abandon');
        if (!refus) throw e;
        // The page as it now stands, with what changed since the history entry the form was opened on.
        return pageFiche(
          request,
          reply,
          u,
          id,
          { refusVersion: refus, contexteVersion: 'abandon', depuisHistorique: corps?.[CHAMP_HISTORIQUE_LU] },
          (e as OffreError).status,
        );
      }
      return seeOther(
        reply,
        `/espace/formations/${encodeURIComponent(id)}?info=${abandonnee ? 'revision_abandonnee' : 'sans_revision'}`,
      );
    },
  );

  // « Archiver » / « Supprimer le brouillon »: a confirmation page, then its POST (docs/espace.md).
  for (const retrait of ['archiver', 'supprimer'] as const) {
    app.get<{ Params: { id: string } }>(`/espace/formations/:id/${retrait}`, async (request, reply) => {
      const u = requireRole(request, 'organisme');
      const id = request.params.id;
      await rowARetirer(app.ctx, u, id, retrait);
      return sendPage(request, reply, RetraitPage({ fiche: await ficheEspace(db, u, id), retrait }));
    });
    app.post<{ Params: { id: string } }>(`/espace/formations/:id/${retrait}`, async (request, reply) => {
      const u = requireRole(request, 'organisme');
      const id = request.params.id;
      const { statut, version } = readFormulaire(request.body, ['statut', 'version']);
      try {
        await retirerFormation(app.ctx, u, id, retrait, statut || undefined, version.trim() || undefined);
      } catch (e) {
        const refus = refusVersion(e, 'retrait');
        if (!refus) throw e;
        const fiche = await ficheEspace(db, u, id);
        return sendPage(request, reply, RetraitPage({ fiche, retrait, refus }), (e as OffreError).status);
      }
      return seeOther(reply, `/espace?info=${INFO_DE[retrait]}&formation=${encodeURIComponent(id)}`);
    });
  }

  // ---- sessions ----

  async function pageSession(
    request: FastifyRequest,
    reply: FastifyReply,
    u: Acteur,
    id: string,
    sessionId: string | null,
    over: {
      valeurs?: SessionSaisie;
      erreurs?: ErreurSaisie[];
      communes?: CommuneTrouvee[] | null;
      redatee?: boolean;
      annonce?: string;
      inchangee?: boolean;
      refus?: string;
      /** « Dupliquer »: a new session's form filled with this session's values (404 if not the formation's). */
      depuis?: string;
      /** The version the form was opened on (its re-displays keep it); absent: the current one. */
      version?: string;
      refusVersion?: RefusVersion;
      /** What was typed in a field the form's reading refused, by field (saisie.ts readSession). */
      saisies?: Readonly<Record<string, string>>;
    },
    status = 200,
  ) {
    await rowModifiable(db, u, id);
    const fiche = await ficheEspace(db, u, id);
    const source = sessionId ?? over.depuis;
    const existante = source ? fiche.saisie.sessions.find((s) => s.id === source) : undefined;
    if (source && !existante) throw sessionIntrouvable();
    return sendPage(
      request,
      reply,
      SessionPage({
        formation: { id, intitule: fiche.saisie.intitule ?? null },
        sessionId,
        diffusee: !!sessionId && fiche.diffusees.has(sessionId),
        valeurs:
          over.valeurs ??
          (existante
            ? sessionId
              ? saisieDeSession(existante)
              : // A copy: its information meetings and assessments belong to the copied session's calendar.
                { ...saisieDeSession(existante), reunions_information: [], bilans: [] }
            : { lieu: {}, etat_recrutement: 'ouvert', reunions_information: [], bilans: [] }),
        communes: over.communes ?? null,
        erreurs: over.erreurs ?? [],
        saisies: over.saisies ?? {},
        redatee: !!over.redatee,
        annonce: over.annonce,
        inchangee: !!over.inchangee,
        refus: over.refus,
        copieDe: over.depuis && existante ? (nomSession(existante) ?? 'session sans dates') : undefined,
        version: over.version ?? fiche.version,
        // Saved over a change: the fields saving again would replace, against the version now shown.
        refusVersion:
          over.refusVersion?.modifiee && over.valeurs && sessionId && existante
            ? {
                ...over.refusVersion,
                remplaces: remplacements(over.valeurs, saisieDeSession(existante), 'session'),
              }
            : over.refusVersion,
      }),
      status,
    );
  }

  async function postSession(
    request: FastifyRequest<{ Params: { id: string; sid?: string } }>,
    reply: FastifyReply,
  ) {
    const u = requireRole(request, 'organisme');
    const { id } = request.params;
    await rowModifiable(db, u, id);
    const sessionId = request.params.sid ?? null;
    // A refused value comes back as typed in its field (« -3 » in « Capacité »).
    const { session, erreurs, saisies } = readSession(request.body);
    erreurs.push(...caracteresSaisis(request, LIBELLES_SESSION));
    if ((request.body as Record<string, unknown> | undefined)?.pre_rempli === 'oui')
      return pageSession(request, reply, u, id, null, { valeurs: session });
    // An existing session's form carries the version it was opened on, as the formation's does: a
    // new session overwrites nothing (a repeated one is caught as SESSION_EN_DOUBLE).
    const envoyee = sessionId ? versionEnvoyee(request.body) : null;
    const version = envoyee && 'version' in envoyee ? envoyee.version : undefined;
    // The form's reading errors go to the service, which adds its own: all reported at once.
    let r: SessionsChangees;
    try {
      if (envoyee && 'refus' in envoyee) throw envoyee.refus;
      const { confirmer_doublon, confirmer_passee } = readFormulaire(request.body, [
        'confirmer_doublon',
        'confirmer_passee',
      ]);
      r = await saveSession(app.ctx, u, id, sessionId, session, erreurs, {
        confirmerDoublon: confirmer_doublon === 'oui',
        confirmerPassee: confirmer_passee === 'oui',
        version,
      });
    } catch (e) {
      const refus = refusVersion(e);
      if (refus)
        return pageSession(
          request,
          reply,
          u,
          id,
          sessionId,
          { valeurs: session, saisies, refusVersion: refus },
          (e as OffreError).status,
        );
      const communes =
        e instanceof OffreError && Array.isArray(e.details.communes)
          ? (e.details.communes as CommuneTrouvee[])
          : null;
      return pageSession(
        request,
        reply,
        u,
        id,
        sessionId,
        {
          valeurs: session,
          saisies,
          version,
          erreurs: erreursDe(e, 'debut'),
          communes,
          redatee: e instanceof OffreError && e.code === 'SESSION_REDATEE',
          ...(e instanceof OffreError && e.code === 'PUBLICATION_INCOMPLETE' ? { refus: e.message } : {}),
        },
        statutRefus(e, reply),
      );
    }
    // Nothing changed, nothing written: back to the form as it was, with a notice saying so.
    if (!r.changed && sessionId)
      return seeOther(
        reply,
        `/espace/formations/${encodeURIComponent(id)}/sessions/${encodeURIComponent(sessionId)}?info=inchangee`,
      );
    return seeOther(
      reply,
      `/espace/formations/${encodeURIComponent(id)}?info=${infoSession(r)}#session-${r.sessionId ?? ''}`,
    );
  }

  app.get<{ Params: { id: string } }>('/espace/formations/:id/sessions/nouvelle', async (request, reply) => {
    const u = requireRole(request, 'organisme');
    const depuis = (request.query as { depuis?: unknown } | undefined)?.depuis;
    return pageSession(request, reply, u, request.params.id, null, {
      ...(typeof depuis === 'string' && depuis ? { depuis } : {}),
    });
  });
  app.post<{ Params: { id: string } }>('/espace/formations/:id/sessions/nouvelle', postSession);

  app.get<{ Params: { id: string; sid: string } }>(
    '/espace/formations/:id/sessions/:sid',
    async (request, reply) => {
      const u = requireRole(request, 'organisme');
      return pageSession(request, reply, u, request.params.id, request.params.sid, {
        annonce: annonce(request.query),
        inchangee: (request.query as { info?: unknown } | undefined)?.info === 'inchangee',
      });
    },
  );
  app.post<{ Params: { id: string; sid: string } }>('/espace/formations/:id/sessions/:sid', postSession);

  // « Remettre la session »: a published session the open revision retires, put back into it.
  app.post<{ Params: { id: string; sid: string } }>(
    '/espace/formations/:id/sessions/:sid/remettre',
    async (request, reply) => {
      const u = requireRole(request, 'organisme');
      const { id, sid } = request.params;
      const r = await restoreSession(app.ctx, u, id, sid);
      const info = {
        remise: 'session_remise',
        revision_abandonnee: 'session_remise_abandon',
        sans_revision: 'sans_revision',
      }[r];
      return seeOther(
        reply,
        `/espace/formations/${encodeURIComponent(id)}?info=${info}${r === 'remise' ? `#session-${encodeURIComponent(sid)}` : ''}`,
      );
    },
  );

  // « Fermer / Suspendre / Rouvrir le recrutement » of a session (the button's `etat_recrutement`):
  // on a diffused session of a published offer, applied at once (espace-sessions.service.ts setRecrutement).
  app.post<{ Params: { id: string; sid: string } }>(
    '/espace/formations/:id/sessions/:sid/recrutement',
    async (request, reply) => {
      const u = requireRole(request, 'organisme');
      const { id, sid } = request.params;
      await rowModifiable(db, u, id);
      const { etat_recrutement } = readFormulaire(request.body, ['etat_recrutement']);
      const r = await setRecrutement(app.ctx, u, id, sid, etat_recrutement);
      const info = r.changed ? infoSession(r) : 'recrutement_inchange';
      return seeOther(
        reply,
        `/espace/formations/${encodeURIComponent(id)}?info=${info}#session-${encodeURIComponent(r.sessionId ?? sid)}`,
      );
    },
  );

  // The removal and restore forms' addresses opened as links (a bookmark, a copied address): no
  // page of their own, so back to the session on the formation's page; a session the formation
  // does not have is refused as on its other addresses (SESSION_INTROUVABLE).
  app.get<{ Params: { id: string; sid: string; action: string } }>(
    '/espace/formations/:id/sessions/:sid/:action(^retirer|remettre|recrutement$)',
    async (request, reply) => {
      const u = requireRole(request, 'organisme');
      const { id, sid } = request.params;
      const fiche = await ficheEspace(db, u, id);
      if (!fiche.saisie.sessions.some((s) => s.id === sid) && !fiche.diffusees.has(sid))
        throw sessionIntrouvable();
      return seeOther(
        reply,
        `/espace/formations/${encodeURIComponent(id)}#session-${encodeURIComponent(sid)}`,
      );
    },
  );

  app.post<{ Params: { id: string; sid: string } }>(
    '/espace/formations/:id/sessions/:sid/retirer',
    async (request, reply) => {
      const u = requireRole(request, 'organisme');
      const { id, sid } = request.params;
      await rowModifiable(db, u, id);
      let abandon = false;
      try {
        const r = await removeSession(app.ctx, u, id, sid);
        // A second click: the session is already out of the revision (still diffused until its validation).
        if (r.dejaRetiree)
          return seeOther(
            reply,
            `/espace/formations/${encodeURIComponent(id)}?info=session_deja_retiree#session-retiree-${encodeURIComponent(sid)}`,
          );
        abandon = !!r.revisionAbandonnee;
      } catch (e) {
        // Removing the last session of a published offer leaves its sessions missing: the formation's
        // page says so as « Publier » would, nothing is removed.
        if (e instanceof OffreError && e.code === 'PUBLICATION_INCOMPLETE')
          return pageFiche(
            request,
            reply,
            u,
            id,
            { manquants: e.details.erreurs as Manquant[], refusRevision: e.message },
            400,
          );
        throw e;
      }
      return seeOther(
        reply,
        `/espace/formations/${encodeURIComponent(id)}?info=${abandon ? 'retiree_abandon' : 'retiree'}`,
      );
    },
  );
};
