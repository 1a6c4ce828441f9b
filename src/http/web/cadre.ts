import type { FastifyReply, FastifyRequest } from 'fastify';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { countNotificationsNonLues } from '../../db/courriel.repository.ts';
import type { Role } from '../../domain/acteur.ts';
import type { Compte } from '../../services/comptes/connexion.service.ts';

/**
 * What every page's frame needs from the request, given to the page tree through a Preact
 * context (pages do not thread it through their props): the signed-in account for the header,
 * and the CSRF token for forms. `sendPage` (./reponse.ts) builds it; components read it with
 * `useCadre()`.
 */
export interface Cadre {
  readonly compte: Compte | null;
  /** Unread notifications (null: not counted, e.g. on error pages). */
  readonly notifications: number | null;
  /** The CSRF token for a form of this page (creates the token cookie on first use). */
  readonly csrf: () => string;
  /** Path and query of the page (the "Se connecter" link comes back here). */
  readonly chemin: string;
}

export const CADRE_PUBLIC: Cadre = Object.freeze({
  compte: null,
  notifications: null,
  csrf: () => {
    throw new Error('Pas de jeton CSRF hors d’une requête : rendez la page avec sendPage().');
  },
  chemin: '/',
});

export const CadreContext = createContext<Cadre>(CADRE_PUBLIC);
export const useCadre = () => useContext(CadreContext);

/** The frame of a request; `compter` reads the unread notifications (one query) for the header. */
export async function cadreDe(request: FastifyRequest, reply: FastifyReply, compter = true): Promise<Cadre> {
  return cadreSync(
    request,
    reply,
    compter && request.compte?.etat === 'actif'
      ? await countNotificationsNonLues(request.server.ctx.db, request.compte.id)
      : null,
  );
}

export function cadreSync(
  request: FastifyRequest,
  reply: FastifyReply,
  notifications: number | null = null,
): Cadre {
  let token: string | undefined;
  return {
    compte: request.compte,
    notifications,
    csrf: () => {
      token ??= reply.jetonCsrf();
      return token;
    },
    chemin: request.url,
  };
}

/** The entry points of each role in the header (CONTRACT.md "Pages"). */
export const ESPACES: Readonly<Record<Role, readonly { libelle: string; href: string; icone: string }[]>> = {
  organisme: [{ libelle: 'Mon espace', href: '/espace', icone: 'fr-icon-briefcase-line' }],
  gestionnaire: [{ libelle: 'Gestion', href: '/gestion', icone: 'fr-icon-todo-line' }],
  instructeur: [{ libelle: 'Instruction', href: '/instruction', icone: 'fr-icon-todo-line' }],
  prescripteur: [],
  admin: [
    { libelle: 'Gestion', href: '/gestion', icone: 'fr-icon-todo-line' },
    { libelle: 'Administration', href: '/admin', icone: 'fr-icon-settings-5-line' },
  ],
};
