import { PassThrough } from 'node:stream';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Acteur } from '../../../domain/acteur.ts';
import { calendrierEnMots } from '../../../domain/calendrier-version.ts';
import type { ChampCalendrier } from '../../../domain/campagne.ts';
import { CHAMPS_NATIONAUX, CHAMPS_REGIONAUX, LIBELLES_CALENDRIER } from '../../../domain/campagne.ts';
import { OffreError } from '../../../domain/errors.ts';
import type { FiltresFile } from '../../../domain/file-validation.ts';
import { nomRegion, regionOfDepartement } from '../../../domain/geo.ts';
import { extrait } from '../../../domain/issue-zod.mots.ts';
import { accord, enumeration, pluriel } from '../../../domain/pluriel.ts';
import { laisseesDeCote, reconduireUneFoisDecidees } from '../../../domain/reconduction.ts';
import { CODES } from '../../../domain/regles/regles.ts';
import type { DetailsCalendrierModifie } from '../../../services/calendrier-version.ts';
import {
  calendrier,
  calendriers,
  changeCampagneCourante,
  historiqueCampagne,
  originesDeCollecte,
  prepareZipClasseurs,
  regionConnue,
  regionsDeCampagne,
  updateCalendrier,
} from '../../../services/campagne.service.ts';
import { refusHorsPerimetre } from '../../../services/formation.service.ts';
import { versionDeRevueManquante } from '../../../services/gestion/decision.garde.ts';
import { tableauQualite } from '../../../services/gestion/qualite.service.ts';
import {
  addEtablissement,
  removeEtablissement,
  structuresDeRegion,
} from '../../../services/gestion/structures.service.ts';
import {
  fileValidation,
  regionsDeGestion,
  returnOffre,
  revueFormation,
  validateInchangees,
  validateOffre,
} from '../../../services/gestion/validation.service.ts';
import { switchCampagne } from '../../../services/rollover.service.ts';
import { parametreUnique } from '../../champ.fr.ts';
import { anneeCampagne } from '../annee-campagne.ts';
import { type ConflitVersion, refusVersion, versionEnvoyee } from '../espace/version.tsx';
import { type FiltreARefuser, type FiltreDePage, filtresInconnus } from '../filtres-refuses.tsx';
import { erreursDe, readFormulaire, readListe, refusCaracteres } from '../form/formulaire.ts';
import { requireRole } from '../guard.ts';
import { seeOther, sendPage } from '../reponse.ts';
import { CampagnesPage, type CampagnesVue } from './campagnes.page.tsx';
import { FilePage } from './file.page.tsx';
import { NATURE, TYPE_OFFRE, VERDICT } from './libelles-gestion.ts';
import { QualitePage } from './qualite.page.tsx';
import { RevuePage } from './revue.page.tsx';
import { StructuresPage } from './structures.page.tsx';

// The gestionnaire's workspace (issue 9 items 1–3): validation queue and review, structures,
// data quality. Gestionnaires of a région and administrators; every rule lives in the services.

type Id = { Params: { id: string } };
const ANNONCES: Record<string, string> = {
  // Without the count of users e-mailed (an old address): nothing promised.
  validee: 'Offre validée.',
  ajoute: 'Établissement ajouté : la structure peut déclarer son offre.',
  retire: 'Établissement retiré.',
  retournee: 'Offre retournée à l’organisme avec votre commentaire.',
  calendrier: 'Calendrier enregistré.',
  courante: 'Campagne courante changée : toutes les offres ont été recalculées.',
};
/** Access refusals and unknown offers get their own page, not a field error. */
const refus = (e: unknown) => e instanceof OffreError && (e.status === 403 || e.status === 404);
const CHAMPS_FILTRE = ['organisme', 'departement', 'type', 'verdict', 'nature'] as const;

/** The queue's filters and the values each offers (an other value is refused, not searched). */
const FILTRES_FILE: Record<(typeof CHAMPS_FILTRE)[number], FiltreDePage> = {
  organisme: { libelle: 'Organisme (SIREN)', connu: (v) => /^\d{9}$/.test(v) },
  departement: { libelle: 'Département', connu: (v) => regionOfDepartement(v.toUpperCase()) !== null },
  type: { libelle: 'Type d’offre', connu: (v) => v in TYPE_OFFRE },
  verdict: { libelle: 'Verdict du catalogue', connu: (v) => v in VERDICT },
  nature: { libelle: 'Nouvelle ou révision', connu: (v) => v in NATURE },
};

/** The queue's filters of the address, the refused ones (filtresInconnus) left out. */
function filtresDe(request: FastifyRequest): { filtres: FiltresFile; refuses: FiltreARefuser[] } {
  const q = (request.query ?? {}) as Record<string, unknown>;
  const refuses = filtresInconnus(q, FILTRES_FILE);
  const filtres = Object.fromEntries(
    CHAMPS_FILTRE.map((k) => [
      k,
      typeof q[k] === 'string' && !refuses.some((r) => r.champ === k)
        ? (q[k] as string).trim().slice(0, 50) || undefined
        : undefined,
    ]),
  );
  return { filtres, refuses };
}
const annonceDe = (request: FastifyRequest) => {
  const info = (request.query as { info?: unknown } | undefined)?.info;
  if (typeof info !== 'string') return undefined;
  // The mail may still wait in the outbox (no SMTP server, a failed send): never « a reçu »; an
  // organisme without a user account gets none, and the message says so (a fresh user's report, 06/12).
  const un = /^(validee|retournee)-(\d+)$/.exec(info);
  if (un) {
    const k = Number(un[2]);
    const debut =
      un[1] === 'validee' ? 'Offre validée' : 'Offre retournée à l’organisme avec votre commentaire';
    return k === 0
      ? `${debut} : aucun utilisateur de l’organisme à prévenir (il n’a pas de compte actif), aucun courriel envoyé.`
      : `${debut} : un courriel en informe ${pluriel(k, 'utilisateur', 'utilisateurs')} de l’organisme.`;
  }
  const n = /^validees-(\d+)(?:-(\d+))?$/.exec(info);
  if (n) {
    const k = Number(n[1]);
    const sans = Math.min(Number(n[2] ?? 0), k);
    const validees = pluriel(k, 're-publication inchangée validée', 're-publications inchangées validées');
    if (sans === 0)
      return `${validees} : un courriel en informe ${accord(k, 'l’organisme', 'chaque organisme')}.`;
    if (sans === k)
      return `${validees} : aucun utilisateur ${accord(k, 'de l’organisme', 'des organismes')} à prévenir (pas de compte actif), aucun courriel envoyé.`;
    return `${validees} : un courriel en informe chaque organisme, sauf ${pluriel(sans, 'offre', 'offres')} dont l’organisme n’a aucun utilisateur à prévenir.`;
  }
  const b = /^reconduite-(\d+)(?:-(\d+))?$/.exec(info);
  if (b) {
    const faite = `Reconduction faite : ${pluriel(Number(b[1]), 'session créée', 'sessions créées')}.`;
    const laissees = Number(b[2] ?? 0);
    return laissees === 0
      ? faite
      : `${faite} ${laisseesDeCote(laissees)}, sans session ajoutée : l’aperçu de la reconduction ${accord(laissees, 'la nomme', 'les nomme')} ; ${reconduireUneFoisDecidees(laissees)}.`;
  }
  return ANNONCES[info];
};

type Annee = { Params: { annee: string } };
const CHAMPS_CALENDRIER = [...CHAMPS_REGIONAUX, ...CHAMPS_NATIONAUX] as const;
/** The calendar form's fields as the conflict alert names them. */
const LIBELLES_REMPLACES: Readonly<Record<string, string>> = {
  ...LIBELLES_CALENDRIER,
  fixees: 'Dates gardées par la région',
};

/**
 * A calendar save refused for its version (CALENDRIER_MODIFIE): what saving the form's dates
 * `saisie` (and, for a région, its ticked `fixees`) again would replace in the calendar the
 * refusal read (its details: services/calendrier-version.ts).
 */
const conflitCalendrier = (
  region: string | null,
  saisie: Partial<Record<ChampCalendrier, string>>,
  fixees: readonly string[] | null,
): ConflitVersion => ({
  code: 'CALENDRIER_MODIFIE',
  titre: 'Ce calendrier a changé pendant votre saisie',
  libelles: LIBELLES_REMPLACES,
  valeurs: (e) => {
    const { calendrier: actuel, nationales } = e.details as unknown as DetailsCalendrierModifie;
    const champs = Object.keys(saisie) as ChampCalendrier[];
    const fixeesActuelles = region ? CHAMPS_REGIONAUX.filter((k) => actuel.origines[k] === 'region') : null;
    return {
      saisie: calendrierEnMots(saisie, champs, nationales, region ? fixees : null),
      actuelle: calendrierEnMots(actuel, champs, null, fixeesActuelles),
    };
  },
});

/** A campaign year from the address or `?annee=` (four digits; else 400 CAMPAGNE_INVALIDE, as the API). */
const anneeDe = (brut: unknown, lieu: 'params' | 'querystring' = 'params') =>
  anneeCampagne(brut, 'annee', lieu);

/**
 * The région asked for (`?region=` or a form's `region` field), trimmed; null when none. A
 * repeated one is refused (400 PARAMETRE_REPETE), an unknown code too (400 REGION_INCONNUE, as
 * /formations?region=), then one outside `regions` (403 ACCES_REFUSE; null: all allowed).
 */
function regionDemandee(brut: unknown, regions: readonly string[] | null): string | null {
  const v = parametreUnique(brut, 'region');
  const r = typeof v === 'string' ? v.trim() : '';
  if (!r) return null;
  // Echoed as every refusal echoes a value (40 characters, then « … »): no région code is that long.
  regionConnue(extrait(r));
  if (regions !== null && !regions.includes(r))
    throw new OffreError(
      'ACCES_REFUSE',
      `La région ${nomRegion(r)} n’est pas l’une des vôtres (${enumeration(regions.map(nomRegion))}).`,
      {},
      403,
    );
  return r;
}

/** The région a campaign page shows: the one asked for, else the gestionnaire's first (administrators: national). */
const regionDe = (brut: unknown, regions: readonly string[] | null): string | null =>
  regionDemandee(brut, regions) ?? regions?.[0] ?? null;

/** A form's raw `region` field (a list when repeated), for regionDemandee. */
const regionDuFormulaire = (body: unknown) =>
  body && typeof body === 'object' ? (body as Record<string, unknown>).region : undefined;

export const gestionWebRoutes: FastifyPluginAsync = async (app) => {
  app.get('/gestion', async (request, reply) => {
    const u = requireRole(request, 'gestionnaire', 'admin');
    const { filtres, refuses } = filtresDe(request);
    const file = await fileValidation(app.ctx, u, filtres);
    return sendPage(
      request,
      reply,
      FilePage({ file, filtres, regions: regionsDeGestion(u), annonce: annonceDe(request), refuses }),
      refuses.length ? 400 : 200,
    );
  });

  app.post('/gestion/valider-inchangees', async (request, reply) => {
    const u = requireRole(request, 'gestionnaire', 'admin');
    const brut = (request.body as { ids?: unknown } | undefined)?.ids;
    const ids = (Array.isArray(brut) ? brut : [brut]).filter((x): x is string => typeof x === 'string');
    try {
      const r = await validateInchangees(app.ctx, u, ids.slice(0, 500));
      return seeOther(reply, `/gestion?info=validees-${r.validees.length}-${r.sansUtilisateur}`);
    } catch (e) {
      if (refus(e)) throw e;
      const erreurs = erreursDe(e, 'ids');
      const file = await fileValidation(app.ctx, u, {});
      return sendPage(
        request,
        reply,
        FilePage({ file, filtres: {}, regions: regionsDeGestion(u), erreurs }),
        400,
      );
    }
  });

  /**
   * The services answer 404 for an offer the gestionnaire may not even read (as the API does); the
   * pages say it exists and which région it belongs to (403, refusHorsPerimetre), else keep the 404.
   */
  const horsRegion = async (u: Acteur, id: string, e: unknown): Promise<unknown> =>
    e instanceof OffreError && e.status === 404 && e.code === 'INTROUVABLE'
      ? ((await refusHorsPerimetre(app.ctx.db, u, id)) ?? e)
      : e;

  app.get<Id>('/gestion/formations/:id', async (request, reply) => {
    const u = requireRole(request, 'gestionnaire', 'admin');
    const r = await revueFormation(app.ctx, u, request.params.id).catch(async (e: unknown) => {
      throw await horsRegion(u, request.params.id, e);
    });
    return sendPage(request, reply, RevuePage({ r, annonce: annonceDe(request) }));
  });

  /**
   * A decision form sent without the `version` its page carries: the review again as it now stands
   * (400 VERSION_MANQUANTE), nothing decided. Read first, so that an offer out of the gestionnaire's
   * reach keeps its 403/404.
   */
  const sansVersion = async (request: FastifyRequest<Id>, u: Acteur, commentaire?: string) => {
    const r = await revueFormation(app.ctx, u, request.params.id).catch(async (e: unknown) => {
      throw await horsRegion(u, request.params.id, e);
    });
    return RevuePage({ r, refus: versionDeRevueManquante().message, commentaire });
  };

  /** A decision refused because the offer moved on (decided in another tab, changed since read). */
  const perimee = (e: unknown): boolean =>
    e instanceof OffreError && (e.code === 'REVISION_MODIFIEE' || e.code === 'TRANSITION_INVALIDE');

  app.post<Id>('/gestion/formations/:id/valider', async (request, reply) => {
    const u = requireRole(request, 'gestionnaire', 'admin');
    const { confirmer_retrait, version } = readFormulaire(request.body, ['confirmer_retrait', 'version']);
    if (!version.trim()) return sendPage(request, reply, await sansVersion(request, u), 400);
    let informes: number;
    try {
      ({ informes } = await validateOffre(app.ctx, u, request.params.id, {
        retraitConfirme: confirmer_retrait === 'oui',
        version: version.trim(),
      }));
    } catch (refuse) {
      const e = await horsRegion(u, request.params.id, refuse);
      const incomplete = e instanceof OffreError && e.code === 'PUBLICATION_INCOMPLETE';
      if (!(e instanceof OffreError) || (!perimee(e) && !incomplete && e.code !== 'RETRAIT_A_CONFIRMER'))
        throw e;
      // The page again, as it now stands (the new version when it changed), saying why.
      const r = await revueFormation(app.ctx, u, request.params.id);
      const vue =
        perimee(e) || incomplete
          ? RevuePage({ r, refus: e.message })
          : RevuePage({ r, erreursValider: [{ champ: 'confirmer_retrait', message: e.message }] });
      return sendPage(request, reply, vue, incomplete ? 422 : 409);
    }
    return seeOther(
      reply,
      `/gestion/formations/${encodeURIComponent(request.params.id)}?info=validee-${informes}`,
    );
  });

  app.post<Id>('/gestion/formations/:id/retourner', async (request, reply) => {
    const u = requireRole(request, 'gestionnaire', 'admin');
    const { commentaire, version } = readFormulaire(request.body, ['commentaire', 'version']);
    if (!version.trim()) return sendPage(request, reply, await sansVersion(request, u, commentaire), 400);
    let informes: number;
    try {
      const caracteres = refusCaracteres(request);
      if (caracteres.length) throw caracteres;
      ({ informes } = await returnOffre(app.ctx, u, request.params.id, commentaire, {
        version: version.trim(),
      }));
    } catch (e) {
      if (refus(e)) throw await horsRegion(u, request.params.id, e);
      const r = await revueFormation(app.ctx, u, request.params.id);
      // The comment stays in its field (or under the refusal when there is no form any more).
      if (perimee(e))
        return sendPage(request, reply, RevuePage({ r, refus: (e as Error).message, commentaire }), 409);
      const erreurs = erreursDe(e, 'commentaire');
      return sendPage(request, reply, RevuePage({ r, erreurs, commentaire }), 400);
    }
    return seeOther(
      reply,
      `/gestion/formations/${encodeURIComponent(request.params.id)}?info=retournee-${informes}`,
    );
  });

  type S = { Params: { siren: string; siret?: string } };
  app.get('/gestion/structures', async (request, reply) => {
    const u = requireRole(request, 'gestionnaire', 'admin');
    const structures = await structuresDeRegion(app.ctx, u);
    return sendPage(request, reply, StructuresPage({ structures, annonce: annonceDe(request) }));
  });

  app.post<S>('/gestion/structures/:siren/etablissements', async (request, reply) => {
    const u = requireRole(request, 'gestionnaire', 'admin');
    const { siret } = readFormulaire(request.body, ['siret']);
    try {
      const caracteres = refusCaracteres(request);
      if (caracteres.length) throw caracteres;
      await addEtablissement(app.ctx, u, request.params.siren, siret);
    } catch (e) {
      if (refus(e)) throw e;
      // The field's id is per structure (several forms on the page): a refusal naming `siret` goes there.
      const erreurs = erreursDe(e, `siret-${request.params.siren}`).map((x) =>
        x.champ === 'siret' ? { ...x, champ: `siret-${request.params.siren}` } : x,
      );
      const structures = await structuresDeRegion(app.ctx, u);
      return sendPage(
        request,
        reply,
        StructuresPage({ structures, ajout: { siren: request.params.siren, erreurs, siret } }),
        400,
      );
    }
    return seeOther(reply, '/gestion/structures?info=ajoute');
  });

  app.post<S>('/gestion/structures/:siren/etablissements/:siret/retirer', async (request, reply) => {
    const u = requireRole(request, 'gestionnaire', 'admin');
    await removeEtablissement(app.ctx, u, request.params.siren, request.params.siret ?? '');
    return seeOther(reply, '/gestion/structures?info=retire');
  });

  app.get<{ Querystring: { code?: string } }>('/gestion/qualite', async (request, reply) => {
    const u = requireRole(request, 'gestionnaire', 'admin');
    // A code that is no rule's is refused on the page (400), the table shown without it.
    const refuses = filtresInconnus(request.query, {
      code: { libelle: 'Code de règle', connu: (v) => (CODES as readonly string[]).includes(v) },
    });
    const brut = typeof request.query.code === 'string' ? request.query.code.trim().slice(0, 80) : undefined;
    const code = refuses.length ? undefined : brut || undefined;
    return sendPage(
      request,
      reply,
      QualitePage({ t: await tableauQualite(app.ctx, u, code), refuses }),
      refuses.length ? 400 : 200,
    );
  });

  // ---- Campaigns (issue 9 item 5) ----

  async function vueCampagnes(
    request: FastifyRequest,
    annee: number | null,
    region: string | null,
    extra: Partial<CampagnesVue> = {},
  ): Promise<CampagnesVue> {
    const u = requireRole(request, 'gestionnaire', 'admin');
    const regions = regionsDeCampagne(u);
    const campagnes = await calendriers(app.ctx.db, app.ctx.now(), null);
    const a = annee ?? campagnes.find((c) => c.courante)!.annee;
    const [cal, historique, origines] = await Promise.all([
      calendrier(app.ctx.db, a, region),
      historiqueCampagne(app.ctx.db, a),
      originesDeCollecte(app.ctx.db, a, region),
    ]);
    return { campagnes, cal, regions, historique, origines, ...extra };
  }

  app.get('/gestion/campagnes', async (request, reply) => {
    const u = requireRole(request, 'gestionnaire', 'admin');
    const q = (request.query ?? {}) as Record<string, unknown>;
    const region = regionDe(q.region, regionsDeCampagne(u));
    const annee = q.annee ? anneeDe(q.annee, 'querystring') : null;
    // « Garder la date » ticked on dates saved empty (the POST below): said on the result page.
    const vides = typeof q.vides === 'string' ? q.vides.split(',') : [];
    const gardeesVides = region ? CHAMPS_REGIONAUX.filter((k) => vides.includes(k)) : [];
    return sendPage(
      request,
      reply,
      CampagnesPage(
        await vueCampagnes(request, annee, region, { annonce: annonceDe(request), gardeesVides }),
      ),
    );
  });

  app.post<Annee>('/gestion/campagnes/:annee/calendrier', async (request, reply) => {
    const u = requireRole(request, 'gestionnaire', 'admin');
    const annee = anneeDe(request.params.annee);
    const f = readFormulaire(request.body, CHAMPS_CALENDRIER);
    const region = regionDemandee(regionDuFormulaire(request.body), regionsDeCampagne(u));
    // A gestionnaire edits its région's dates only: a post without région is the national calendar (refused).
    const champsSaisis = region ? CHAMPS_REGIONAUX : CHAMPS_CALENDRIER;
    // « Revenir à la date nationale » (one button per date the région set) sends only that date.
    const { nationale } = readFormulaire(request.body, ['nationale']);
    const revenir = region && (CHAMPS_REGIONAUX as readonly string[]).includes(nationale);
    const actuel = revenir ? await calendrier(app.ctx.db, annee, region) : null;
    const saisie: Partial<Record<ChampCalendrier, string>> = Object.fromEntries(
      champsSaisis.map((k) => [k, actuel ? (k === nationale ? '' : (actuel[k] ?? '')) : f[k]]),
    );
    // The « Garder cette date pour la région » boxes: ticked, the région's own; else national when equal.
    const fixees = readListe(request.body, 'fixees');
    const voulues = revenir
      ? {}
      : Object.fromEntries(
          CHAMPS_REGIONAUX.map((k) => [k, fixees.includes(k) ? 'region' : 'nationale'] as const),
        );
    // The version of the calendar the page showed (hidden `version`; checked after the access).
    const envoyee = versionEnvoyee(request.body);
    try {
      const caracteres = refusCaracteres(request);
      if (caracteres.length) throw caracteres;
      await updateCalendrier(app.ctx, u, annee, region, saisie, voulues, {
        version: 'version' in envoyee ? envoyee.version : null,
      });
    } catch (e) {
      if (refus(e)) throw e;
      const conflit = refusVersion(e, conflitCalendrier(region, saisie, revenir ? null : fixees));
      if (conflit)
        return sendPage(
          request,
          reply,
          CampagnesPage(
            await vueCampagnes(request, annee, region, {
              saisie,
              fixees: revenir ? undefined : fixees,
              refus: conflit,
            }),
          ),
          (e as OffreError).status,
        );
      const erreurs = erreursDe(e, 'ouverture_collecte');
      return sendPage(
        request,
        reply,
        CampagnesPage(await vueCampagnes(request, annee, region, { saisie, erreurs, fixees })),
        400,
      );
    }
    // A box ticked on a date emptied: the date goes back to the national one (emptying is the way
    // back, and the box of a date the région kept is ticked beforehand), and the page says so.
    const vides =
      revenir || !region ? [] : CHAMPS_REGIONAUX.filter((k) => fixees.includes(k) && !saisie[k]?.trim());
    return seeOther(
      reply,
      `/gestion/campagnes?annee=${annee}${region ? `&region=${region}` : ''}&info=calendrier${vides.length ? `&vides=${vides.join(',')}` : ''}`,
    );
  });

  app.post('/gestion/campagnes/courante', async (request, reply) => {
    const u = requireRole(request, 'gestionnaire', 'admin');
    const { annee } = readFormulaire(request.body, ['annee']);
    try {
      if (!/^\d{4}$/.test(annee))
        throw new OffreError('CAMPAGNE_INVALIDE', 'Choisissez la nouvelle campagne courante.', {
          champ: 'annee',
        });
      await changeCampagneCourante(app.ctx, u, Number(annee));
    } catch (e) {
      if (refus(e)) throw e;
      const erreursCourante = erreursDe(e, 'annee');
      return sendPage(
        request,
        reply,
        CampagnesPage(await vueCampagnes(request, null, null, { erreursCourante })),
        400,
      );
    }
    return seeOther(reply, '/gestion/campagnes?info=courante');
  });

  app.get<Annee>('/gestion/campagnes/:annee/classeurs.zip', async (request, reply) => {
    const u = requireRole(request, 'gestionnaire', 'admin');
    const q = (request.query ?? {}) as Record<string, unknown>;
    // The service says which régions' workbooks the gestionnaire may take.
    const region = regionDemandee(q.region, null);
    const z = await prepareZipClasseurs(app.ctx, u, anneeDe(request.params.annee), region);
    const out = new PassThrough();
    z.ecrire(out).catch((e) => out.destroy(e as Error));
    return reply
      .type('application/zip')
      .header('content-disposition', `attachment; filename="${z.nomFichier}"`)
      .send(out);
  });

  /** The rollover's régions: the one shown (checked), else all the gestionnaire's (administrators: all). */
  const regionsBascule = (region: string | null, regions: readonly string[] | null) =>
    region ? [region] : (regions ?? undefined);

  app.get<Annee>('/gestion/campagnes/:annee/reconduction', async (request, reply) => {
    const u = requireRole(request, 'gestionnaire', 'admin');
    const annee = anneeDe(request.params.annee);
    const regions = regionsDeCampagne(u);
    const region = regionDe((request.query as Record<string, unknown>)?.region, regions);
    const apercu = await switchCampagne(app.ctx, u, {
      de: annee,
      vers: annee + 1,
      dryRun: true,
      regions: regionsBascule(region, regions),
    });
    return sendPage(request, reply, CampagnesPage(await vueCampagnes(request, annee, region, { apercu })));
  });

  app.post<Annee>('/gestion/campagnes/:annee/reconduction', async (request, reply) => {
    const u = requireRole(request, 'gestionnaire', 'admin');
    const annee = anneeDe(request.params.annee);
    const regions = regionsDeCampagne(u);
    const region = regionDe(regionDuFormulaire(request.body), regions);
    const r = await switchCampagne(app.ctx, u, {
      de: annee,
      vers: annee + 1,
      dryRun: false,
      regions: regionsBascule(region, regions),
    });
    return seeOther(
      reply,
      `/gestion/campagnes?annee=${annee}${region ? `&region=${region}` : ''}&info=reconduite-${r.sessions_creees}${r.laissees.length ? `-${r.laissees.length}` : ''}`,
    );
  });
};
