import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { configOf } from '../../context.ts';
import { SiretParams } from '../../contract/params.ts';
import { seesVueProfessionnelle } from '../../domain/champs-professionnels.ts';
import { OffreError } from '../../domain/errors.ts';
import { sansEspaces, siretLisible } from '../../domain/identifiants.ts';
import {
  formationDiffusee,
  organismePublic,
  planDuSite,
  robotsTxt,
} from '../../services/catalogue-public.service.ts';
import { aucunResultat, rechercher } from '../../services/recherche.service.ts';
import { registerCompression } from '../compression.ts';
import { AccessibilitePage } from './accessibilite.page.tsx';
import { adminWebRoutes } from './admin/index.ts';
import { ApiReferencePage } from './api-reference.page.tsx';
import { comptesRoutes } from './comptes/index.ts';
import { FORMATION_INTROUVABLE, RefusDePage } from './erreurs.tsx';
import { espaceRoutes } from './espace/index.ts';
import { FormationPage } from './formation.page.tsx';
import { gestionWebRoutes } from './gestion/index.ts';
import { referentielsRoutes } from './gestion/referentiels.routes.ts';
import { HomePage } from './home.page.tsx';
import { IMPORTS_GESTION, importsRoutes } from './imports/imports.routes.ts';
import { OrganismePage } from './organisme.page.tsx';
import { registerPageCache } from './page-cache.ts';
import { adresseSansVides, type EtatRecherche, readEtat, typeRefuse } from './recherche.params.ts';
import { sendPage } from './reponse.ts';
import { CACHE_STATIQUES, etagDe, racines, statiques } from './statiques.ts';

const TAILLE_PAGE = 20;

/** Every server-rendered page. */
export const webPlugin: FastifyPluginAsync<{ pageCache?: boolean; statiquesCompresses?: string }> = async (
  app,
  opts,
) => {
  // Pages and static assets compressed for the clients that ask (../compression.ts): registered
  // first, so that every route below has it; request bodies (uploads) never decompressed.
  await registerCompression(app);
  // The static assets (./statiques.ts): their compressed copies when made, else the files; one
  // ETag for all the encodings of a file (etagDe), checked here rather than by @fastify/static.
  const parRoute = new Map<string, { etag: string; cacheControl: string }>();
  for (const s of await statiques()) {
    await app.register(fastifyStatic, {
      root: racines(s, opts.statiquesCompresses ?? CACHE_STATIQUES),
      prefix: s.prefix,
      preCompressed: true,
      decorateReply: false,
      maxAge: s.maxAgeS * 1000,
      etag: false,
      ...(s.servis ? { allowedPath: (chemin: string) => s.servis!.test(chemin) } : {}),
    });
    parRoute.set(`${s.prefix}*`, { etag: etagDe(s), cacheControl: `public, max-age=${s.maxAgeS}` });
  }
  app.addHook('onRequest', async (request, reply) => {
    const s = parRoute.get(request.routeOptions.url ?? '');
    const demande = request.headers['if-none-match'];
    if (!s || !demande || (request.method !== 'GET' && request.method !== 'HEAD')) return;
    if (/\bno-cache\b/.test(String(request.headers['cache-control'] ?? ''))) return; // a forced reload
    const tags = demande.split(',').map((e) => e.trim().replace(/^W\//, ''));
    if (!tags.includes('*') && !tags.includes(s.etag.slice(2))) return;
    return reply
      .code(304)
      .headers({ etag: s.etag, 'cache-control': s.cacheControl, vary: 'accept-encoding' })
      .send();
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const s = parRoute.get(request.routeOptions.url ?? '');
    if (s && reply.statusCode < 400) reply.header('etag', s.etag);
    return payload;
  });

  // The anonymous search page's HTML, kept while the data and the day stay the same (./page-cache.ts).
  registerPageCache(app, { enabled: opts.pageCache ?? true });

  // The search page (docs/recherche.md): every state in the URL, read leniently (never a 400).
  app.get<{ Querystring: Record<string, unknown> }>('/', async (request, reply) => {
    // The form sent without JavaScript gives every field, empty or not: the address without the
    // empty ones (`/?q=&ou=&rayon=30` → `/`), the one to share (303, as /recherche).
    const propre = adresseSansVides(request.url);
    if (propre !== null) return reply.redirect(propre, 303);
    // Signed-in prescripteurs, gestionnaires and admins search the same diffused offer, closed
    // sessions included, and get the professional view (docs/recherche.md « Vue professionnelle »).
    const pro = seesVueProfessionnelle(request.acteur);
    const aujourdhui = app.ctx.now().toISOString().slice(0, 10);
    const chercher = (e: EtatRecherche) =>
      rechercher(
        app.ctx.db,
        { kind: 'anonyme' },
        {
          q: e.q,
          ou: e.ou,
          rayon_km: e.rayon,
          facettes: e.facettes,
          tri: e.tri,
          page: e.page,
          taille: TAILLE_PAGE,
          publicSeulement: !pro,
          vue: pro ? 'professionnel' : 'public',
          aujourdhui,
        },
      );
    const etat = readEtat(request.query);
    // Too long a text is refused on its field, as the API does (never searched truncated).
    if (etat.erreurs)
      return sendPage(request, reply, HomePage({ etat, r: aucunResultat(), pro, aujourdhui }), 400);
    // A refused filter (unknown or repeated value, a diploma type no formation of the search has):
    // said on its field (200, a warning), no formation listed; the search without it only gives
    // the lists the fields offer to choose from.
    const r = await chercher(etat);
    const refuse = typeRefuse(etat, r.facettes.type_diplome) ?? (etat.inconnus ? etat : null);
    if (refuse)
      return sendPage(
        request,
        reply,
        HomePage({ etat: refuse, r: { ...aucunResultat(), facettes: r.facettes }, pro, aujourdhui }),
      );
    return sendPage(request, reply, HomePage({ etat, r, pro, aujourdhui }));
  });

  // A shareable search address; the home page is the search page.
  app.get<{ Querystring: { q?: string } }>('/recherche', async (request, reply) => {
    const q = typeof request.query.q === 'string' ? request.query.q : '';
    return reply.redirect(q ? `/?${new URLSearchParams({ q })}` : '/', 303);
  });

  app.get<{ Params: { id: string } }>('/formations/:id', async (request, reply) => {
    const d = await formationDiffusee(app.ctx.db, request.acteur, request.params.id);
    if (!d)
      throw new RefusDePage(
        'INTROUVABLE',
        FORMATION_INTROUVABLE.message,
        FORMATION_INTROUVABLE.titre,
        {},
        404,
      );
    const url = `${configOf(app.ctx).urlPublique}/formations/${encodeURIComponent(d.f.id)}`;
    const aujourdhui = app.ctx.now().toISOString().slice(0, 10);
    return sendPage(
      request,
      reply,
      FormationPage({
        f: d.f,
        url,
        aujourdhui,
        professionnelle: d.professionnelle,
        typeDiplome: d.type_diplome,
      }),
    );
  });

  // What the public sees of an organisme: only one with a formation the public is shown has a page.
  // A malformed SIRET is refused with the API's one message (400); a well-formed one that no
  // organisme diffuses under is unknown (404), said so.
  app.get<{ Params: { siret: string } }>('/organismes/:siret', async (request, reply) => {
    const { siret } = request.params;
    // A SIRET as people write it, with spaces (« 931 910 004 00049 ») or around: the page has one
    // address, the one it links to.
    const compact = sansEspaces(siret);
    if (compact !== siret && /^\d{14}$/.test(compact)) return reply.redirect(`/organismes/${compact}`, 301);
    const format = SiretParams.shape.siret.safeParse(siret);
    if (!format.success)
      throw new OffreError(
        'SIRET_INVALIDE',
        `${format.error.issues[0]?.message} : « ${siret} » n’est pas un SIRET.`,
        { champ: 'siret' },
      );
    const o = await organismePublic(app.ctx.db, siret);
    if (!o)
      throw new RefusDePage(
        'INTROUVABLE',
        `Aucun organisme n’est connu ni diffusé sous le SIRET ${siretLisible(siret)} : Offre n’en connaît aucun, ou aucune de ses formations n’est diffusée en ce moment.`,
        'Organisme introuvable',
        {},
        404,
      );
    return sendPage(request, reply, OrganismePage({ o, base: configOf(app.ctx).urlPublique }));
  });

  // The accessibility statement (RGAA), linked from every page's footer.
  app.get('/accessibilite', async (request, reply) =>
    sendPage(request, reply, AccessibilitePage({ contact: configOf(app.ctx).contactAccessibilite })),
  );

  // The API reference without JavaScript (the interactive one, /api/docs, needs it).
  app.get('/api/reference', async (request, reply) => sendPage(request, reply, ApiReferencePage()));

  // For search engines: the public formation and organisme pages (docs/recherche.md).
  app.get('/sitemap.xml', async (_request, reply) =>
    reply
      .type('application/xml; charset=utf-8')
      .send(await planDuSite(app.ctx.db, configOf(app.ctx).urlPublique)),
  );
  app.get('/robots.txt', async (_request, reply) =>
    reply.type('text/plain; charset=utf-8').send(robotsTxt(configOf(app.ctx).urlPublique)),
  );

  await app.register(comptesRoutes);
  await app.register(espaceRoutes);
  await app.register(importsRoutes);
  await app.register(importsRoutes, { espace: IMPORTS_GESTION });
  await app.register(gestionWebRoutes);
  await app.register(referentielsRoutes);
  await app.register(adminWebRoutes);
};
