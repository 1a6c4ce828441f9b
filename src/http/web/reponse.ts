import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { Role } from '../../domain/acteur.ts';
import { porteUnJeton } from '../plugins/securite.plugin.ts';
import { cadreDe } from './cadre.ts';
import type { Retour } from './erreur.page.tsx';
import { page } from './layout.tsx';

/**
 * Renders a page in its frame (header with the signed-in account, CSRF token for forms) and
 * sends it. Every page handler ends with this:
 * `return sendPage(request, reply, MaPage({ ... }))`.
 */
export async function sendPage(request: FastifyRequest, reply: FastifyReply, node: VNode, status = 200) {
  const cadre = await cadreDe(request, reply);
  const html = page(node, cadre);
  enTetesDePage(reply, request.compte !== null || porteUnJeton(reply));
  return reply.status(status).type('text/html; charset=utf-8').send(html);
}

/**
 * The caching headers of a page, whose content depends on the session (the header names the
 * account; the search page shows the professional view): `Vary: Cookie` always; `no-store` for a
 * page with an account in it or a CSRF token (a shared cache, or the back button after sign-out,
 * must not keep it), else `no-cache` (kept, but revalidated: the data changes). An error answer
 * that already said `no-store` keeps it.
 */
export function enTetesDePage(reply: FastifyReply, prive: boolean): void {
  const vary = String(reply.getHeader('vary') ?? '');
  if (!/(^|,)\s*cookie\s*(,|$)/i.test(vary)) reply.header('vary', vary ? `${vary}, cookie` : 'cookie');
  if (prive) reply.header('cache-control', 'no-store');
  else if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-cache');
}

/**
 * The local path to go back to after sign-in: only a path of this site ("/…", not "//host" nor
 * "/\\host", no scheme, no control character); anything else gives `defaut`. No open redirect.
 */
export function retourLocal(retour: unknown, defaut = '/'): string {
  if (typeof retour !== 'string' || retour.length > 2000) return defaut;
  if (!retour.startsWith('/') || retour.startsWith('//') || retour.startsWith('/\\')) return defaut;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
  if (/[\u0000-\u001f\u007f\\]/.test(retour)) return defaut;
  try {
    const u = new URL(retour, 'http://offre.invalid');
    if (u.origin !== 'http://offre.invalid') return defaut;
    return `${u.pathname}${u.search}${u.hash}`;
  } catch {
    return defaut;
  }
}

/**
 * Each role's own space: where one signed in lands by default (accueilDe), and the way back an
 * error page offers (erreurs.tsx retourParDefaut), under its name. A prescripteur has none: the
 * site's home, which every error page offers anyway.
 */
export const ACCUEILS: Readonly<Partial<Record<Role, Retour>>> = {
  organisme: { href: '/espace', libelle: 'Retour à mon espace' },
  gestionnaire: { href: '/gestion', libelle: 'Retour à la gestion' },
  instructeur: { href: '/instruction', libelle: 'Retour à l’instruction' },
  admin: { href: '/admin', libelle: 'Retour à l’administration' },
};

/** The own space of role `role` (ACCUEILS), or undefined: none, or no role. */
export const accueil = (role: string | undefined): Retour | undefined =>
  role !== undefined && Object.hasOwn(ACCUEILS, role) ? ACCUEILS[role as Role] : undefined;

/** Where a signed-in user lands by default: its role's space, else the site's home. */
export const accueilDe = (role: string | undefined): string => accueil(role)?.href ?? '/';

/** POST → redirect → GET (303), so that a reload does not post the form again. */
export const seeOther = (reply: FastifyReply, to: string) => reply.redirect(to, 303);
