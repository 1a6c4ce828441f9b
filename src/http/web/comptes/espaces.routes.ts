import type { FastifyPluginAsync } from 'fastify';
import { REGIONS } from '../../../domain/geo.ts';
import { requireRole } from '../guard.ts';
import { sendPage } from '../reponse.ts';
import { EspacePage } from './espaces.page.tsx';

// Entry points of the back-office roles (CONTRACT.md "Pages"), guarded. Their content comes with
// the back-office workspaces; until then each lists what exists. /espace is in ../espace/.
export const espacesRoutes: FastifyPluginAsync = async (app) => {
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

  app.get('/instruction', async (request, reply) => {
    const u = requireRole(request, 'instructeur', 'admin');
    return sendPage(
      request,
      reply,
      EspacePage({
        titre: 'Instruction',
        intro: `Décisions Parcoursup et Affelnet – académie(s) ${u.role === 'admin' ? 'toutes' : u.academies.join(', ')}.`,
        liens: [],
      }),
    );
  });

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
