import type { FastifyPluginAsync } from 'fastify';
import { erreurChamp } from '../../../domain/erreur-champ.ts';
import {
  approveStructure,
  checkMotif,
  inscriptionsAExaminer,
  refuseStructure,
} from '../../../services/comptes/structure.service.ts';
import { readFormulaire, refusCaracteres } from '../form/formulaire.ts';
import { requireRole } from '../guard.ts';
import { seeOther, sendPage } from '../reponse.ts';
import { InscriptionsPage } from './gestion.page.tsx';

type P = { Params: { siren: string } };
const ANNONCES: Record<string, string> = {
  approuvee: 'Inscription validée : ses utilisateurs ont reçu un courriel.',
  refusee: 'Inscription refusée : le demandeur a reçu le motif par courriel.',
};

/** Approval of sign-ups by the gestionnaires of the région (and administrators). */
export const gestionRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: { info?: string } }>('/gestion/inscriptions', async (request, reply) => {
    const u = requireRole(request, 'gestionnaire', 'admin');
    const annonce = typeof request.query.info === 'string' ? ANNONCES[request.query.info] : undefined;
    return sendPage(
      request,
      reply,
      InscriptionsPage({ inscriptions: await inscriptionsAExaminer(app.ctx, u), annonce }),
    );
  });

  app.post<P>('/gestion/inscriptions/:siren/approuver', async (request, reply) => {
    const u = requireRole(request, 'gestionnaire', 'admin');
    await approveStructure(app.ctx, u, request.params.siren);
    return seeOther(reply, '/gestion/inscriptions?info=approuvee');
  });

  app.post<P>('/gestion/inscriptions/:siren/refuser', async (request, reply) => {
    const u = requireRole(request, 'gestionnaire', 'admin');
    const { motif } = readFormulaire(request.body, ['motif']);
    // A character or a length refused on the field, « Motif du refus : problème. » (texte-saisi.ts).
    const refus = refusCaracteres(request)[0] ?? (motif.trim() ? checkMotif(motif.trim()) : null);
    if (!motif.trim() || refus) {
      const inscriptions = await inscriptionsAExaminer(app.ctx, u);
      const erreurs = [
        {
          champ: `motif-${request.params.siren}`,
          message: refus
            ? erreurChamp('Motif du refus', refus.message)
            : 'Indiquez le motif du refus : il est envoyé au demandeur.',
        },
      ];
      return sendPage(
        request,
        reply,
        InscriptionsPage({ inscriptions, refus: { siren: request.params.siren, erreurs, motif } }),
        400,
      );
    }
    await refuseStructure(app.ctx, u, request.params.siren, motif);
    return seeOther(reply, '/gestion/inscriptions?info=refusee');
  });
};
