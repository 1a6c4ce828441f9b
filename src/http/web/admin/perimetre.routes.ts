import type { FastifyPluginAsync } from 'fastify';
import { dateHeureLongue } from '../../../domain/dates.ts';
import { notFound, OffreError } from '../../../domain/errors.ts';
import {
  apercuRegle,
  historiqueRegle,
  listRegles,
  registerRegle,
} from '../../../services/plateforme.service.ts';
import { erreursDe, readFormulaire, refusCaracteres } from '../form/formulaire.ts';
import { requireRole } from '../guard.ts';
import { seeOther, sendPage } from '../reponse.ts';
import { CHAMPS_REGLE, empreinteRegle, readRegle, SAISIE_VIDE, saisieDe } from './perimetre.form.ts';
import { PerimetrePage, ReglePage } from './perimetre.page.tsx';

// /admin/perimetre: the scope rules editor, for administrators. A post with etape=apercu shows
// the offers the values would reclassify (plateforme.service apercuRegle, nothing written); a post
// with etape=enregistrer saves them as a new version, if they are the very values last previewed.
export const perimetreRoutes: FastifyPluginAsync = async (app) => {
  const regle = async (id: string) => {
    const n = /^\d{1,9}$/.test(id) ? Number(id) : Number.NaN;
    const r = (await listRegles(app.ctx)).find((x) => x.id === n);
    if (!r) throw notFound('Règle de périmètre');
    return r;
  };

  app.get<{ Querystring: { enregistree?: string } }>('/admin/perimetre', async (request, reply) => {
    requireRole(request, 'admin');
    const regles = await listRegles(app.ctx);
    const n = Number(request.query.enregistree);
    const r = regles.find((x) => x.id === n);
    return sendPage(
      request,
      reply,
      PerimetrePage({
        regles,
        message: r
          ? `Règle n° ${r.id} enregistrée (version ${r.version}) ; les offres sont reclassées.`
          : undefined,
      }),
    );
  });

  app.get('/admin/perimetre/nouvelle', async (request, reply) => {
    requireRole(request, 'admin');
    return sendPage(request, reply, ReglePage({ id: null, saisie: SAISIE_VIDE }));
  });

  app.get<{ Params: { id: string } }>('/admin/perimetre/:id', async (request, reply) => {
    requireRole(request, 'admin');
    const r = await regle(request.params.id);
    return sendPage(
      request,
      reply,
      ReglePage({
        id: r.id,
        version: r.version,
        saisie: saisieDe(r),
        historique: await historiqueRegle(app.ctx, r.id),
      }),
    );
  });

  const poster =
    (nouvelle: boolean) =>
    async (request: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply) => {
      const u = requireRole(request, 'admin');
      const existante = nouvelle ? null : await regle((request.params as { id: string }).id);
      const id = existante?.id ?? null;
      const version = existante?.version ?? 0;
      const historique = existante ? await historiqueRegle(app.ctx, existante.id) : undefined;
      const f = readFormulaire(request.body, [...CHAMPS_REGLE, 'etape', 'empreinte', 'version']);
      const saisie = Object.fromEntries(CHAMPS_REGLE.map((k) => [k, f[k]])) as typeof SAISIE_VIDE;
      const page = (p: Partial<Parameters<typeof ReglePage>[0]>, status = 200) =>
        sendPage(request, reply, ReglePage({ id, version, saisie, historique, ...p }), status);
      const { regle: valeur, erreurs } = readRegle(saisie);
      // A NUL character typed: said under its field, with the rule's other errors (caracteres.plugin.ts).
      const caracteres = erreursDe(refusCaracteres(request), 'statut');
      if (caracteres.length) return page({ erreurs: [...caracteres, ...(erreurs ?? [])] }, 400);
      if (!valeur) return page({ erreurs }, 400);
      const empreinte = empreinteRegle(valeur, version);
      // The version the form was opened on (hidden `version`): a rule saved by someone else since
      // is never replaced unseen — the values typed are kept, previewed against the current rule.
      const perimee =
        existante && f.version.trim() !== String(version) ? perimeeDe(existante, f.version) : null;
      try {
        if (perimee)
          return page(
            { apercu: await apercuRegle(app.ctx, u, id, valeur), empreinte, message: perimee.message },
            perimee.status,
          );
        if (f.etape === 'enregistrer' && f.empreinte === empreinte) {
          // The version is checked again under the rule's lock, in the save's transaction: a save
          // that committed since the check above is never replaced unseen (REGLE_MODIFIEE).
          const r = await registerRegle(app.ctx, u, id, valeur, existante ? { version } : {});
          return seeOther(reply, `/admin/perimetre?enregistree=${r.regle.id}`);
        }
        const apercu = await apercuRegle(app.ctx, u, id, valeur);
        const message =
          f.etape === 'enregistrer'
            ? 'La règle a changé depuis l’aperçu (ou une autre personne l’a modifiée) : vérifiez ce nouvel aperçu avant d’enregistrer.'
            : undefined;
        return page({ apercu, empreinte, message });
      } catch (e) {
        if (e instanceof OffreError && e.code === 'REGLE_MODIFIEE' && existante) {
          // Saved by someone else between the check above and the save: the same answer as a stale form.
          const r = await regle(String(existante.id));
          const p = perimeeDe(r, f.version);
          return sendPage(
            request,
            reply,
            ReglePage({
              id,
              version: r.version,
              saisie,
              historique: await historiqueRegle(app.ctx, r.id),
              apercu: await apercuRegle(app.ctx, u, id, valeur),
              empreinte: empreinteRegle(valeur, r.version),
              message: p.message,
            }),
            p.status,
          );
        }
        return page({ erreurs: erreursDe(e, 'statut') }, 400);
      }
    };
  /** The refusal of a post on rule `r` whose form carried version `lue` (empty: none) instead of its current one. */
  const perimeeDe = (r: { id: number; version: number; updated_at: Date | string }, lue: string) =>
    lue.trim()
      ? {
          message: `La règle n° ${r.id} a été modifiée depuis l’ouverture de la page (version ${r.version}, enregistrée le ${dateHeureLongue(new Date(r.updated_at))}, voir l’historique des versions) : rien n’a été enregistré. Vos valeurs sont conservées ci-dessous avec l’aperçu de ce qu’elles reclasseraient ; vérifiez-les, puis enregistrez-les pour remplacer la version ${r.version}.`,
          status: 409,
        }
      : {
          message:
            'Le formulaire envoyé ne porte pas le champ « version » (la version de la règle affichée à son ouverture) : rien n’a été enregistré. Vos valeurs sont conservées ci-dessous ; vérifiez-les, puis enregistrez-les de nouveau.',
          status: 400,
        };

  app.post('/admin/perimetre/nouvelle', poster(true));
  app.post<{ Params: { id: string } }>('/admin/perimetre/:id', poster(false));
};
