import type { FastifyPluginAsync } from 'fastify';
import { OffreError } from '../../../domain/errors.ts';
import {
  closeAllConnexions,
  closeConnexion,
  seConnecter,
} from '../../../services/comptes/connexion.service.ts';
import {
  changeMotDePasse,
  checkChangementMotDePasse,
  jetonReinitialisationValide,
  requestReinitialisation,
  resetMotDePasse,
} from '../../../services/comptes/mot-de-passe.service.ts';
import { checkNouveauMotDePasse } from '../../../services/comptes/mot-de-passe.ts';
import { clearCookieConnexion, setCookieConnexion } from '../../plugins/connexion.plugin.ts';
import { ErreurPage } from '../erreur.page.tsx';
import { RETOUR_LIEN_EXPIRE } from '../erreurs.tsx';
import { erreursDe, erreursLibellees, readFormulaire, refusCaracteres } from '../form/formulaire.ts';
import { requireCompte } from '../guard.ts';
import { accueilDe, retourLocal, seeOther, sendPage } from '../reponse.ts';
import {
  annonceDe,
  CHAMPS_CHANGEMENT,
  CHAMPS_CONNEXION,
  CHAMPS_NOUVEAU,
  CHAMPS_OUBLI,
  ChangerMotDePassePage,
  ConnexionPage,
  DeconnexionPage,
  MotDePasseOubliePage,
  NouveauMotDePassePage,
  textesLibres,
} from './connexion.page.tsx';

type Q = { Querystring: { retour?: string; info?: string; jeton?: string } };

const lienExpire = () =>
  ErreurPage({
    titre: 'Lien expiré',
    message:
      'Ce lien n’est plus valable : il a déjà servi ou a expiré. Demandez-en un nouveau depuis la page « Mot de passe oublié ».',
    retour: RETOUR_LIEN_EXPIRE,
  });

/** Sign-in, sign-out (here and everywhere), first-sign-in password change, reset by e-mailed link. */
export const connexionRoutes: FastifyPluginAsync = async (app) => {
  app.get<Q>('/connexion', async (request, reply) => {
    const retour = retourLocal(request.query.retour, '');
    if (request.compte) return seeOther(reply, retour || accueilDe(request.compte.role));
    return sendPage(
      request,
      reply,
      ConnexionPage({ erreurs: [], retour, annonce: annonceDe(request.query.info) }),
    );
  });

  app.post<Q>(
    '/connexion',
    { preHandler: app.limites.connexion, config: { csrfAvantConnexion: true } },
    async (request, reply) => {
      const f = readFormulaire(request.body, ['email', 'mot_de_passe']);
      const retour = retourLocal(request.query.retour, '');
      const manquants = [
        ...refusCaracteres(request),
        ...(f.email.trim() ? [] : [{ champ: 'email', message: 'Saisissez celle de votre compte.' }]),
        ...(f.mot_de_passe ? [] : [{ champ: 'mot_de_passe', message: 'Saisissez celui de votre compte.' }]),
      ];
      if (manquants.length)
        return sendPage(
          request,
          reply,
          ConnexionPage({
            erreurs: erreursLibellees(manquants, CHAMPS_CONNEXION, 'email'),
            email: f.email,
            retour,
            textes: textesLibres(request.body),
          }),
          400,
        );
      try {
        const { token } = await seConnecter(app.ctx, f.email, f.mot_de_passe, {
          ip: request.ip,
          userAgent: request.headers['user-agent'],
        });
        // Rotation: the browser's previous session, if any, ends with the new one's start.
        if (request.connexion) await closeConnexion(app.ctx, request.connexion);
        await app.limites.connexionReussie(request, f.email);
        setCookieConnexion(reply, token);
        return seeOther(reply, retour || '/compte/accueil');
      } catch (e) {
        if (e instanceof OffreError && e.code === 'CONNEXION_REFUSEE')
          return sendPage(
            request,
            reply,
            ConnexionPage({
              erreurs: erreursDe(e, 'email'),
              email: f.email,
              retour,
              textes: textesLibres(request.body),
            }),
            401,
          );
        throw e;
      }
    },
  );

  // Where a fresh session lands: its role's space (the first-sign-in change comes first).
  app.get('/compte/accueil', async (request, reply) => {
    const compte = requireCompte(request);
    if (compte.etat === 'mot_de_passe_a_changer') return seeOther(reply, '/compte/mot-de-passe');
    return seeOther(reply, compte.etat === 'actif' ? accueilDe(compte.role) : '/compte');
  });

  app.get('/deconnexion', async (request, reply) => {
    if (!request.compte) return seeOther(reply, '/connexion');
    return sendPage(request, reply, DeconnexionPage());
  });

  app.post('/deconnexion', async (request, reply) => {
    if (request.connexion) await closeConnexion(app.ctx, request.connexion);
    clearCookieConnexion(reply);
    return seeOther(reply, '/connexion?info=deconnecte');
  });

  app.post('/deconnexion/partout', async (request, reply) => {
    const compte = requireCompte(request);
    await closeAllConnexions(app.ctx, compte.id);
    clearCookieConnexion(reply);
    return seeOther(reply, '/connexion?info=partout');
  });

  app.get<Q>('/compte/mot-de-passe', async (request, reply) => {
    const compte = requireCompte(request);
    const retour = retourLocal(request.query.retour, '');
    return sendPage(
      request,
      reply,
      ChangerMotDePassePage({ erreurs: [], force: compte.etat === 'mot_de_passe_a_changer', retour }),
    );
  });

  app.post<Q>('/compte/mot-de-passe', async (request, reply) => {
    const compte = requireCompte(request);
    const force = compte.etat === 'mot_de_passe_a_changer';
    const retour = retourLocal(request.query.retour, '');
    const f = readFormulaire(request.body, ['actuel', 'nouveau', 'confirmation']);
    const saisie = force ? { ...f, actuel: undefined } : f;
    try {
      // Every error the form can show without the database at once, then the service's.
      const erreurs = [...refusCaracteres(request), ...checkChangementMotDePasse(saisie, force)];
      if (erreurs.length) throw erreurs;
      await changeMotDePasse(app.ctx, compte.id, saisie, request.connexion!);
    } catch (e) {
      return sendPage(
        request,
        reply,
        ChangerMotDePassePage({ erreurs: erreursLibellees(e, CHAMPS_CHANGEMENT, 'nouveau'), force, retour }),
        400,
      );
    }
    return seeOther(reply, retour || (force ? '/compte/accueil' : '/compte?info=mot-de-passe'));
  });

  app.get('/mot-de-passe/oublie', async (request, reply) =>
    sendPage(request, reply, MotDePasseOubliePage({ erreurs: [] })),
  );

  app.post('/mot-de-passe/oublie', { preHandler: app.limites.reinitialisation }, async (request, reply) => {
    const f = readFormulaire(request.body, ['email']);
    const caracteres = refusCaracteres(request);
    if (caracteres.length || !f.email.trim()) {
      // Nothing looked up, no e-mail: the attempt does not count against the IP's limit.
      await app.limites.reinitialisationRefusee(request);
      return sendPage(
        request,
        reply,
        MotDePasseOubliePage({
          erreurs: erreursLibellees(
            caracteres.length
              ? caracteres
              : [{ champ: 'email', message: 'Saisissez-la pour recevoir le lien.' }],
            CHAMPS_OUBLI,
            'email',
          ),
        }),
        400,
      );
    }
    // Looked up and e-mailed after the page: its time says nothing of the address (nor of the mail server).
    app.apresReponse(reply, () => requestReinitialisation(app.ctx, f.email, { ip: request.ip }));
    return sendPage(request, reply, MotDePasseOubliePage({ erreurs: [], envoye: true }));
  });

  app.get<Q>('/mot-de-passe/nouveau', async (request, reply) => {
    const jeton = typeof request.query.jeton === 'string' ? request.query.jeton : '';
    if (!(await jetonReinitialisationValide(app.ctx, jeton)))
      return sendPage(request, reply, lienExpire(), 410);
    return sendPage(request, reply, NouveauMotDePassePage({ erreurs: [], jeton }));
  });

  app.post('/mot-de-passe/nouveau', async (request, reply) => {
    const f = readFormulaire(request.body, ['jeton', 'nouveau', 'confirmation']);
    try {
      const erreurs = [...refusCaracteres(request), ...checkNouveauMotDePasse(f.nouveau, f.confirmation)];
      if (erreurs.length) throw erreurs;
      await resetMotDePasse(app.ctx, f.jeton, f);
    } catch (e) {
      if (e instanceof OffreError && e.code === 'LIEN_INVALIDE')
        return sendPage(request, reply, lienExpire(), 410);
      return sendPage(
        request,
        reply,
        NouveauMotDePassePage({ erreurs: erreursLibellees(e, CHAMPS_NOUVEAU, 'nouveau'), jeton: f.jeton }),
        400,
      );
    }
    if (request.connexion) clearCookieConnexion(reply);
    return seeOther(reply, '/connexion?info=reinitialise');
  });
};
