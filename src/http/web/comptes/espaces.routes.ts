import type { FastifyPluginAsync } from 'fastify';
import { REGIONS } from '../../../domain/geo.ts';
import { requireRole } from '../guard.ts';
import { sendPage } from '../reponse.ts';
import { EspacePage } from './espaces.page.tsx';

// Entry points of each role (CONTRACT.md "Pages"), guarded. Their content comes with the
// organisation's space and the back-office workspaces; until then each lists what exists.
export const espacesRoutes: FastifyPluginAsync = async (app) => {
  app.get('/espace', async (request, reply) => {
    const u = requireRole(request, 'organisme');
    return sendPage(
      request,
      reply,
      EspacePage({
        titre: 'Mon espace',
        intro: `Structure ${request.compte?.structure ?? ''} – SIREN ${u.siren}.`,
        liens: [
          {
            href: '/compte',
            libelle: 'Mon compte et mes collègues',
            detail: 'Inviter un collègue, changer de mot de passe.',
          },
          {
            href: '/espace/imports',
            libelle: 'Imports',
            detail: 'Classeur de campagne à télécharger et à renvoyer, fichier LHEO, imports passés.',
          },
        ],
      }),
    );
  });

  app.get('/gestion', async (request, reply) => {
    const u = requireRole(request, 'gestionnaire', 'admin');
    const regions =
      u.role === 'admin' ? 'toutes les régions' : u.regions.map((r) => REGIONS[r] ?? r).join(', ');
    return sendPage(
      request,
      reply,
      EspacePage({
        titre: 'Gestion',
        intro: `Votre périmètre : ${regions}.`,
        liens: [
          {
            href: '/gestion/inscriptions',
            libelle: 'Inscriptions à examiner',
            detail: 'Valider ou refuser les structures qui demandent un compte.',
          },
        ],
      }),
    );
  });

  // /instruction: src/http/web/admin/instruction.routes.ts

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
            detail: 'Créer, suivre l’usage (appels par jour), révoquer.',
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
