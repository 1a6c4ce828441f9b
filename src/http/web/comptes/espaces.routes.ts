import type { FastifyPluginAsync } from 'fastify';
import { requireRole } from '../guard.ts';
import { sendPage } from '../reponse.ts';
import { EspacePage } from './espaces.page.tsx';

// Entry points of the back-office roles (CONTRACT.md "Pages"), guarded. Their content comes with
// the back-office workspaces; until then each lists what exists. /espace is in ../espace/,
// /gestion in ../gestion/.
export const espacesRoutes: FastifyPluginAsync = async (app) => {
  // /instruction: ../admin/instruction.routes.ts

  app.get('/admin', async (request, reply) => {
    requireRole(request, 'admin');
    return sendPage(
      request,
      reply,
      EspacePage({
        titre: 'Administration',
        intro: 'Utilisateurs, clés d’API, règles de périmètre et courriels.',
        liens: [
          {
            href: '/admin/utilisateurs',
            libelle: 'Utilisateurs',
            detail: 'Créer, désactiver, rôles et périmètres.',
          },
          {
            href: '/admin/cles',
            libelle: 'Clés d’API',
            detail: 'Créer, suivre l’usage (appels par jour), quotas, révoquer.',
          },
          {
            href: '/admin/journal',
            libelle: 'Journal de sécurité',
            detail: 'Connexions, clés, rôles, accès refusés, limites dépassées.',
          },
          {
            href: '/admin/perimetre',
            libelle: 'Règles de périmètre',
            detail:
              'Quelles offres vont sur Parcoursup et Affelnet : aperçu des offres reclassées, puis nouvelle version.',
          },
          {
            href: '/admin/courriels',
            libelle: 'Boîte d’envoi des courriels',
            detail: 'Les courriels gardés faute de serveur SMTP, ou non remis.',
          },
          { href: '/gestion/inscriptions', libelle: 'Inscriptions à examiner', detail: 'Toutes régions.' },
        ],
      }),
    );
  });
};
