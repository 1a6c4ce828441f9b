import type { FastifyPluginAsync } from 'fastify';
import { OffreError } from '../../../domain/errors.ts';
import { enqueueCourriels } from '../../../services/comptes/courriel.service.ts';
import { checkInscription, signUpStructure } from '../../../services/comptes/structure.service.ts';
import { erreursLibellees, readFormulaire, refusCaracteres } from '../form/formulaire.ts';
import { sendPage } from '../reponse.ts';
import { CHAMPS_INSCRIPTION, InscriptionEnregistreePage, InscriptionPage } from './inscription.page.tsx';

const CHAMPS = CHAMPS_INSCRIPTION.map(([c]) => c);

/** Self-service sign-up of a structure and its first user (pending until a gestionnaire approves). */
export const inscriptionRoutes: FastifyPluginAsync = async (app) => {
  app.get('/inscription', async (request, reply) =>
    sendPage(request, reply, InscriptionPage({ erreurs: [], valeurs: {} })),
  );

  app.post(
    '/inscription',
    // A NUL character typed or pasted: said under its field, the form kept (caracteres.plugin.ts).
    { preHandler: app.limites.inscription },
    async (request, reply) => {
      const f = readFormulaire(request.body, CHAMPS);
      const valeurs = { ...f, mot_de_passe: '', confirmation: '' }; // a password is never sent back
      const erreurs = [...refusCaracteres(request), ...checkInscription(f).erreurs];
      if (erreurs.length) {
        // Sent back for its input: no e-mail, no password hashed — the attempt does not count
        // against the IP's sign-up limit (a person fixing typos is never locked out).
        await app.limites.inscriptionRefusee(request);
        return sendPage(
          request,
          reply,
          InscriptionPage({ erreurs: erreursLibellees(erreurs, CHAMPS_INSCRIPTION, 'siren'), valeurs }),
          400,
        );
      }
      let inscrite: Awaited<ReturnType<typeof signUpStructure>>;
      try {
        inscrite = await signUpStructure(app.ctx, f, { ip: request.ip });
      } catch (e) {
        if (e instanceof OffreError && e.status < 500)
          return sendPage(
            request,
            reply,
            InscriptionPage({ erreurs: erreursLibellees(e, CHAMPS_INSCRIPTION, 'siren'), valeurs }),
            e.status,
          );
        throw e;
      }
      // The e-mails are written to the outbox after the page: whom they go to (the examiners, the
      // users of a structure that has an account, an address's owner) and how many must not show
      // in the answer's time; the senders send them afterwards.
      const { courriels } = inscrite;
      if (courriels.length) app.apresReponse(reply, () => enqueueCourriels(app.ctx, courriels));
      return sendPage(
        request,
        reply,
        InscriptionEnregistreePage({
          structure: inscrite.nom,
          declare: inscrite.declare,
          examen: inscrite.examen,
        }),
      );
    },
  );
};
