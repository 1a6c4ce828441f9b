import type { FastifyPluginAsync } from 'fastify';
import { configOf } from '../../../context.ts';
import { notFound, OffreError } from '../../../domain/errors.ts';
import {
  type ApiKeyVue,
  checkApiKey,
  checkQuota,
  createApiKey,
  listCles,
  revokeCle,
  updateProfilsApiKey,
  updateQuotaApiKey,
} from '../../../services/apikey.service.ts';
import { type ConflitVersion, refusVersion, versionEnvoyee } from '../espace/version.tsx';
import {
  type ChampsLibelles,
  erreursLibellees,
  readFormulaire,
  readListe,
  refusCaracteres,
} from '../form/formulaire.ts';
import { requireRole } from '../guard.ts';
import { seeOther, sendPage } from '../reponse.ts';
import { ClesPage, ProfilsClePage, QuotaClePage, RevoquerClePage } from './cles.page.tsx';

/**
 * A save of a key's profiles refused for its version (CLE_MODIFIEE): what saving the form's
 * `profils` again would replace in the key's current ones.
 */
const conflitProfils = (profils: readonly string[], cle: ApiKeyVue): ConflitVersion => ({
  code: 'CLE_MODIFIEE',
  titre: 'Les profils de cette clé ont changé pendant votre saisie',
  libelles: { profils: 'Profils partenaires' },
  valeurs: () => ({
    saisie: { profils: profils.join(', ') || 'aucun' },
    actuelle: { profils: cle.profils.join(', ') || 'aucun' },
  }),
});

/** The forms' fields and their labels (cles.page.tsx): errors say « Libellé : problème. » (README). */
const CHAMPS_CLE = [
  ['name', 'Nom'],
  ['scope', 'Portée'],
  ['siren', 'SIREN de l’organisme'],
  ['expire', 'Dernier jour de validité'],
  ['profils', 'Profils partenaires'],
] as const satisfies ChampsLibelles;
const CHAMPS_QUOTA = [
  ['lecture', 'Lectures par fenêtre'],
  ['ecriture', 'Écritures par fenêtre'],
] as const satisfies ChampsLibelles;
const CHAMPS_PROFILS = [['profils', 'Profils partenaires']] as const satisfies ChampsLibelles;

// /admin/cles: API keys, for administrators (same service as `offre apikey` and /api/v1/admin/cles).
export const clesRoutes: FastifyPluginAsync = async (app) => {
  const { quotas } = configOf(app.ctx);
  app.get<{ Querystring: { revoquee?: string; quota?: string; profils?: string } }>(
    '/admin/cles',
    async (request, reply) => {
      requireRole(request, 'admin');
      const cles = await listCles(app.ctx);
      const r = cles.find((c) => c.id === request.query.revoquee && c.revoked_at);
      const q = cles.find((c) => c.id === request.query.quota);
      const pr = cles.find((c) => c.id === request.query.profils);
      return sendPage(
        request,
        reply,
        ClesPage({
          cles,
          quotas,
          message: r
            ? `Clé « ${r.name} » révoquée : elle reçoit désormais 401.`
            : q
              ? `Quota de la clé « ${q.name} » enregistré.`
              : pr
                ? `Profils partenaires de la clé « ${pr.name} » enregistrés : ${pr.profils.join(', ') || 'aucun'}.`
                : undefined,
        }),
      );
    },
  );

  app.post('/admin/cles', async (request, reply) => {
    const u = requireRole(request, 'admin');
    const f = {
      ...readFormulaire(request.body, ['name', 'scope', 'siren', 'expire']),
      profils: readListe(request.body, 'profils'),
    };
    try {
      // Every problem of the form at once (the service would refuse the first).
      const erreurs = [...refusCaracteres(request), ...(await checkApiKey(app.ctx, f, 'formulaire'))];
      if (erreurs.length) throw erreurs;
      const creee = await createApiKey(app.ctx, f, u, 'formulaire');
      // The secret is shown in this answer only (no redirect: a GET could not show it again).
      return sendPage(request, reply, ClesPage({ cles: await listCles(app.ctx), creee, quotas }), 201);
    } catch (e) {
      const erreurs = erreursLibellees(e, CHAMPS_CLE, 'name');
      return sendPage(
        request,
        reply,
        ClesPage({ cles: await listCles(app.ctx), saisie: f, erreurs, quotas }),
        400,
      );
    }
  });

  // Revoking: the list links to this confirmation page (a GET never revokes); its form posts below.
  app.get<{ Params: { id: string } }>('/admin/cles/:id/revoquer', async (request, reply) => {
    requireRole(request, 'admin');
    return sendPage(request, reply, RevoquerClePage({ cle: await cleDe(request.params.id) }));
  });

  app.post<{ Params: { id: string } }>('/admin/cles/:id/revoquer', async (request, reply) => {
    const u = requireRole(request, 'admin');
    const r = await revokeCle(app.ctx, request.params.id, u);
    return seeOther(reply, `/admin/cles?revoquee=${encodeURIComponent(r.id)}`);
  });

  const cleDe = async (id: string) => {
    const cle = (await listCles(app.ctx)).find((c) => c.id === id);
    if (!cle) throw notFound('Clé d’API');
    return cle;
  };

  app.get<{ Params: { id: string } }>('/admin/cles/:id/quota', async (request, reply) => {
    requireRole(request, 'admin');
    return sendPage(request, reply, QuotaClePage({ cle: await cleDe(request.params.id), quotas }));
  });

  app.post<{ Params: { id: string } }>('/admin/cles/:id/quota', async (request, reply) => {
    const u = requireRole(request, 'admin');
    const cle = await cleDe(request.params.id);
    const f = readFormulaire(request.body, ['lecture', 'ecriture']);
    try {
      // Both quotas' problems at once (the service would refuse the first).
      const erreurs = [...refusCaracteres(request), ...checkQuota(f)];
      if (erreurs.length) throw erreurs;
      await updateQuotaApiKey(app.ctx, cle.id, f, u);
      return seeOther(reply, `/admin/cles?quota=${encodeURIComponent(cle.id)}`);
    } catch (e) {
      const erreurs = erreursLibellees(e, CHAMPS_QUOTA, 'lecture');
      return sendPage(request, reply, QuotaClePage({ cle, quotas, saisie: f, erreurs }), 400);
    }
  });

  app.get<{ Params: { id: string } }>('/admin/cles/:id/profils', async (request, reply) => {
    requireRole(request, 'admin');
    return sendPage(request, reply, ProfilsClePage({ cle: await cleDe(request.params.id) }));
  });

  app.post<{ Params: { id: string } }>('/admin/cles/:id/profils', async (request, reply) => {
    const u = requireRole(request, 'admin');
    const cle = await cleDe(request.params.id);
    const profils = readListe(request.body, 'profils');
    // The version of the profiles the page showed: a save over a change made since is refused.
    const envoyee = versionEnvoyee(request.body);
    try {
      await updateProfilsApiKey(app.ctx, cle.id, profils, u, {
        version: 'version' in envoyee ? envoyee.version : null,
      });
      return seeOther(reply, `/admin/cles?profils=${encodeURIComponent(cle.id)}`);
    } catch (e) {
      // Shown again on the key as it now stands (its new version), the values typed kept.
      const actuelle = await cleDe(cle.id);
      const refus = refusVersion(e, conflitProfils(profils, actuelle));
      const erreurs = refus ? [] : erreursLibellees(e, CHAMPS_PROFILS, 'profils');
      return sendPage(
        request,
        reply,
        ProfilsClePage({ cle: actuelle, saisie: profils, erreurs, refus: refus ?? undefined }),
        refus && e instanceof OffreError ? e.status : 400,
      );
    }
  });
};
