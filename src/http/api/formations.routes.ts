import type { FastifyPluginAsync } from 'fastify';
import { lectureDe } from '../../context.ts';
import { isRecherche } from '../../contract/formations.schemas.ts';
import {
  addSessionRoute,
  createFormationRoute,
  getFormationRoute,
  historiqueRoute,
  listFormationsRoute,
  updateFormationRoute,
} from '../../contract/index.ts';
import { catalogueEntier } from '../../db/formation-document.repository.ts';
import { filtreHorsAcces } from '../../domain/acces.ts';
import { numberedPageCursor, porteeRecherche } from '../../domain/cursor.ts';
import { notFound } from '../../domain/errors.ts';
import { requeteSansMot } from '../../domain/recherche.ts';
import { libelleTypeDiplome } from '../../domain/types-diplome.ts';
import { cleCurseurs } from '../../services/curseur.cle.ts';
import { getHistoriqueApi } from '../../services/feed.service.ts';
import {
  addSession,
  getFormation,
  listFormationsJson,
  saveFormation,
  versionFormation,
} from '../../services/formation.service.ts';
import {
  aucunMotReconnu,
  communeIntrouvable,
  rechercher,
  triSansLieu,
} from '../../services/recherche.service.ts';
import { mountRoute } from './route.ts';

export const formationRoutes: FastifyPluginAsync = async (app) => {
  const { ctx } = app;
  mountRoute(app, listFormationsRoute, async (req, reply) => {
    const { limit, cursor, ou, tri, type_diplome, recrutement_ouvert, modalite, ...filters } = req.query;
    // A filter on offers the caller cannot see would answer an empty list: refused, saying why.
    const horsAcces = filtreHorsAcces(req.acteur, filters);
    if (horsAcces) throw horsAcces;
    // A sort by distance needs a place to count from: said, not silently by relevance.
    if (tri === 'distance' && !ou?.trim() && filters.lat === undefined && !filters.code_insee)
      throw triSansLieu();
    if (!isRecherche(req.query)) {
      // The stored documents' bytes joined as they are: already the JSON of the contract.
      reply.type('application/json; charset=utf-8');
      // The whole catalogue on the read pool (generic plans); a filtered page's plan depends on its values.
      const db = catalogueEntier(filters) ? lectureDe(ctx) : ctx.db;
      return (await listFormationsJson(db, req.acteur, filters, { limit, cursor })) as never;
    }
    const { q, code_insee, rayon_km, lat: _lat, lon: _lon, ...autres } = filters;
    // Symbols or emoji only: no word to search, never read as no query (the whole catalogue).
    if (requeteSansMot(q)) throw aucunMotReconnu(q!);
    const autour = filters.lat !== undefined;
    const cle = await cleCurseurs(ctx.db);
    // The cursor is bound to this search and its page size (domain/cursor.ts porteeRecherche).
    const portee = porteeRecherche(req.query);
    const page = cursor ? numberedPageCursor.decode(cursor, cle, portee) : 1;
    const r = await rechercher(ctx.db, req.acteur, {
      q,
      ou,
      code_insee: autour ? undefined : code_insee,
      rayon_km: autour ? undefined : rayon_km,
      // Around a point: a zone of the search (distances measured from it, exact sort by distance).
      point:
        autour && filters.lon !== undefined && rayon_km !== undefined
          ? { lat: filters.lat!, lon: filters.lon, rayon_km }
          : undefined,
      // With « ou » too, the point stays a filter (the commune is the zone), as before.
      filtres: autour
        ? { ...autres, code_insee, ...(ou?.trim() ? { lat: filters.lat, lon: filters.lon, rayon_km } : {}) }
        : autres,
      facettes: { type_diplome, ouvert: recrutement_ouvert, modalite },
      tri,
      page,
      taille: limit,
      aujourdhui: ctx.now().toISOString().slice(0, 10),
    });
    // "Où ?" names no commune, and none is near enough to be offered (docs/recherche.md « Où ? »).
    if (r.lieuInconnu && r.lieuxProches.length === 0) throw communeIntrouvable(ou ?? '');
    const f = r.facettes;
    return {
      // Around a place (a zone: « ou » with rayon_km, or lat/lon): each result's distance, km.
      data: r.formations.map((f) =>
        r.distances.has(f.id) ? { ...f, distance_km: r.distances.get(f.id)! } : f,
      ),
      next_cursor:
        r.page < r.pages && r.page === page ? numberedPageCursor.encode(page + 1, cle, portee) : null,
      total: r.total,
      suggestion: r.suggestion,
      corrigee: r.corrigee,
      // The commune "ou" was resolved to (the most populous of homonyms, docs/recherche.md « Où ? »),
      // why, and the zone searched: its radius, or null for the commune alone (no rayon_km, or ignored).
      ...((ou?.trim() || r.lieuDansQ) && r.lieu?.pourquoi
        ? {
            lieu_retenu: {
              ...r.lieu,
              pourquoi: r.lieu.pourquoi,
              rayon_km: r.rayonKm,
              ...(r.centreVille ? { centre_ville: { ...r.centreVille } } : {}),
            },
          }
        : {}),
      // A département named by « ou » (75, 2A, Rhône): searched whole, said so.
      ...(r.departement ? { departement_retenu: { ...r.departement } } : {}),
      // A région named by « ou » (Bretagne, ile de france, PACA): searched whole, said so.
      ...(r.region ? { region_retenue: { ...r.region } } : {}),
      // The département « ou » also names, its commune searched (« Vienne »: the Isère's; 86 one call away).
      ...(r.aussiDepartement ? { aussi_departement: { ...r.aussiDepartement } } : {}),
      // The villages that bear the département's name searched whole (« La Réunion »: 47), one call away.
      ...(r.aussiCommunes?.length ? { aussi_communes: r.aussiCommunes.map((l) => ({ ...l })) } : {}),
      ...(ou?.trim() && r.autresLieux.length ? { autres_lieux: r.autresLieux.map((l) => ({ ...l })) } : {}),
      ...(r.rayonIgnore ? { rayon_ignore: true as const } : {}),
      // Terms of q too short to be searched (« a »), said rather than silently dropped.
      ...(r.termesIgnores.length ? { termes_ignores: [...r.termesIgnores] } : {}),
      ...(r.requeteIgnoree ? { requete_ignoree: true as const } : {}),
      // A word of q that is also a commune (« macon », Mâcon), « ou » not given: the way to search there.
      ...(r.motsCommunes.length
        ? {
            mots_communes: r.motsCommunes.map(({ arrondissementInexistant: a, ...m }) => ({
              ...m,
              ...(a ? { arrondissement_inexistant: { ...a } } : {}),
            })),
          }
        : {}),
      // Nothing has every term of q (« CAP pâtisserie »): the searches with one left out that find some.
      // A département's number or a postal code typed among q's words (« bts mco 69 »): the place searched.
      ...(r.lieuDansQ ? { lieu_dans_q: { ...r.lieuDansQ } } : {}),
      // The apprenticeship typed among q's words (« cap cuisine en apprentissage »): the modalite filter.
      ...(r.modaliteDansQ ? { modalite_dans_q: { ...r.modaliteDansQ } } : {}),
      // « près de moi » typed among q's words: not searched; without « ou », the search is everywhere.
      ...(r.presDeMoiDansQ ? { pres_de_moi_dans_q: { ...r.presDeMoiDansQ } } : {}),
      ...(r.moinsDeMots.length ? { moins_de_mots: r.moinsDeMots.map((m) => ({ ...m })) } : {}),
      // Nothing found as typed (« bts commerce »): the words widened to their French stem's start (commerc…).
      ...(r.racinesElargies.length ? { racines_elargies: r.racinesElargies.map((e) => ({ ...e })) } : {}),
      // The place excludes everything the words find elsewhere: the radius that reaches the nearest, or none.
      ...(r.plusLoin
        ? {
            plus_loin: {
              rayon_km: r.plusLoin.rayonKm,
              distance_km: r.plusLoin.distanceKm,
              total: r.plusLoin.total,
            },
          }
        : {}),
      ...(r.lieuInconnu ? { lieux_proches: r.lieuxProches.map((l) => ({ ...l })) } : {}),
      facettes: {
        niveau: [...f.niveau],
        type_diplome: f.type_diplome.map((t) => ({ ...t, libelle: libelleTypeDiplome(t.valeur) })),
        rentree: [...f.rentree],
        region: [...f.region],
        departement: [...f.departement],
        modalite: [...f.modalite],
        ouvert: [...f.ouvert],
      },
    };
  });
  // A writer's validator for If-Match, the formation's write state (a public answer keeps the read
  // cache's weak ETag); set by mountRoute from the contract's `etag`, as for the writes below.
  const lireEtag = (req: { params: { id: string } }) => versionFormation(ctx.db, req.params.id);
  mountRoute(
    app,
    getFormationRoute,
    async (req) => {
      const f = await getFormation(ctx.db, req.acteur, req.params.id);
      if (!f) throw notFound(`Formation ${req.params.id}`);
      return f;
    },
    { lireEtag },
  );
  mountRoute(app, historiqueRoute, (req) => getHistoriqueApi(ctx.db, req.acteur, req.params.id));
  mountRoute(app, createFormationRoute, async (req, reply) => {
    const r = await saveFormation(ctx, req.acteur, req.body);
    reply.status(r.created ? 201 : 200);
    if (r.created) reply.header('location', `/api/v1/formations/${r.id}`);
    return { ...r, revision: !!r.revision, formation: await getFormation(ctx.db, req.acteur, r.id) };
  });
  mountRoute(
    app,
    updateFormationRoute,
    async (req) => {
      const r = await saveFormation(ctx, req.acteur, req.body, {
        id: req.params.id,
        siMatch: req.ifMatch,
      });
      return { ...r, revision: !!r.revision, formation: await getFormation(ctx.db, req.acteur, r.id) };
    },
    { lireEtag },
  );
  mountRoute(
    app,
    addSessionRoute,
    async (req, reply) => {
      const r = await addSession(ctx, req.acteur, req.params.id, req.body, req.ifMatch);
      reply.status(r.created ? 201 : 200);
      return {
        session_id: r.sessionId,
        created: r.created,
        formation: await getFormation(ctx.db, req.acteur, req.params.id),
      };
    },
    { lireEtag },
  );
};
