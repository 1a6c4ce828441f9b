import type { FastifyPluginAsync } from 'fastify';
import { listNotifications, markNotificationsLues } from '../../../db/courriel.repository.ts';
import { listUtilisateursDeStructure } from '../../../db/utilisateur.repository.ts';
import { OffreError } from '../../../domain/errors.ts';
import { closeConnexion, openConnexion } from '../../../services/comptes/connexion.service.ts';
import { reveillerEnvoi } from '../../../services/comptes/courriel.service.ts';
import {
  acceptInvitation,
  checkInvitation,
  invitationValide,
  inviter,
} from '../../../services/comptes/invitation.service.ts';
import { setCookieConnexion } from '../../plugins/connexion.plugin.ts';
import { ErreurPage } from '../erreur.page.tsx';
import { RETOUR_CONNEXION } from '../erreurs.tsx';
import { erreursLibellees, readFormulaire, refusCaracteres } from '../form/formulaire.ts';
import { requireCompte, requireRole } from '../guard.ts';
import { seeOther, sendPage } from '../reponse.ts';
import {
  CHAMPS_INVITATION,
  CHAMPS_INVITER,
  ComptePage,
  InvitationPage,
  NotificationsPage,
} from './compte.page.tsx';

const ANNONCES: Record<string, string> = {
  'mot-de-passe': 'Votre mot de passe a été changé. Vos autres sessions ont été fermées.',
  invitation: 'Invitation envoyée.',
};

const invitationExpiree = () =>
  ErreurPage({
    titre: 'Invitation expirée',
    message:
      'Ce lien d’invitation n’est plus valable : il a déjà servi ou a expiré. Demandez une nouvelle invitation à votre collègue.',
    retour: RETOUR_CONNEXION,
  });

/** My account, invitations of colleagues, notifications. */
export const compteRoutes: FastifyPluginAsync = async (app) => {
  const collegues = (siren: string | null, actif: boolean) =>
    siren && actif ? listUtilisateursDeStructure(app.ctx.db, siren) : Promise.resolve(null);

  app.get<{ Querystring: { info?: string } }>('/compte', async (request, reply) => {
    const compte = requireCompte(request);
    if (compte.etat === 'mot_de_passe_a_changer') return seeOther(reply, '/compte/mot-de-passe');
    const info = typeof request.query.info === 'string' ? ANNONCES[request.query.info] : undefined;
    return sendPage(
      request,
      reply,
      ComptePage({
        compte,
        collegues: await collegues(compte.siren, compte.etat === 'actif'),
        erreurs: [],
        annonce: info,
      }),
    );
  });

  app.post('/compte/invitations', { preHandler: app.limites.invitation }, async (request, reply) => {
    const u = requireRole(request, 'organisme');
    const f = readFormulaire(request.body, ['email']);
    try {
      const caracteres = refusCaracteres(request);
      if (caracteres.length) throw caracteres;
      await inviter(app.ctx, u, u.siren!, f.email);
      // The e-mail is in the outbox; the senders are woken once the page has answered.
      app.apresReponse(reply, async () => reveillerEnvoi(app.ctx));
    } catch (e) {
      // No e-mail left: the attempt does not count against the invitation limits.
      await app.limites.invitationRefusee(request);
      return sendPage(
        request,
        reply,
        ComptePage({
          compte: request.compte!,
          collegues: await collegues(u.siren, true),
          erreurs: erreursLibellees(e, CHAMPS_INVITER, 'email'),
          email: f.email,
        }),
        e instanceof OffreError ? e.status : 400,
      );
    }
    return seeOther(reply, '/compte?info=invitation');
  });

  app.get<{ Querystring: { jeton?: string } }>('/invitation', async (request, reply) => {
    const jeton = typeof request.query.jeton === 'string' ? request.query.jeton : '';
    const inv = await invitationValide(app.ctx, jeton);
    if (!inv) return sendPage(request, reply, invitationExpiree(), 410);
    return sendPage(request, reply, InvitationPage({ erreurs: [], jeton, ...inv }));
  });

  app.post('/invitation', async (request, reply) => {
    const f = readFormulaire(request.body, ['jeton', 'nom', 'nouveau', 'confirmation']);
    const inv = await invitationValide(app.ctx, f.jeton);
    if (!inv) return sendPage(request, reply, invitationExpiree(), 410);
    let id: string;
    try {
      // Every field error at once (the summary lists them all), then the service's refusals.
      const erreurs = [...refusCaracteres(request), ...checkInvitation(f)];
      if (erreurs.length) throw erreurs;
      id = await acceptInvitation(app.ctx, f.jeton, f);
    } catch (e) {
      return sendPage(
        request,
        reply,
        InvitationPage({
          erreurs: erreursLibellees(e, CHAMPS_INVITATION, 'nom'),
          jeton: f.jeton,
          nom: f.nom,
          ...inv,
        }),
        400,
      );
    }
    if (request.connexion) await closeConnexion(app.ctx, request.connexion);
    setCookieConnexion(
      reply,
      await openConnexion(app.ctx, id, { ip: request.ip, userAgent: request.headers['user-agent'] }),
    );
    return seeOther(reply, '/espace');
  });

  app.get('/notifications', async (request, reply) => {
    const u = requireRole(request, 'organisme', 'gestionnaire', 'instructeur', 'prescripteur', 'admin');
    const notifications = await listNotifications(app.ctx.db, u.id);
    await markNotificationsLues(app.ctx.db, u.id, app.ctx.now());
    return sendPage(request, reply, NotificationsPage({ notifications }));
  });
};
