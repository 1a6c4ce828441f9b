import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { cadreDe } from './cadre.ts';
import { page } from './layout.tsx';

/**
 * Renders a page in its frame (header with the signed-in account, CSRF token for forms) and
 * sends it. Every page handler ends with this:
 * `return sendPage(request, reply, MaPage({ ... }))`.
 */
export async function sendPage(request: FastifyRequest, reply: FastifyReply, node: VNode, status = 200) {
  const cadre = await cadreDe(request, reply);
  // Pages with an account in them must not be kept by a shared cache or the back button after sign-out.
  if (request.compte) reply.header('cache-control', 'no-store');
  return reply.status(status).type('text/html; charset=utf-8').send(page(node, cadre));
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

/** Where a signed-in user lands by default: its role's space. */
export function accueilDe(role: string | undefined): string {
  switch (role) {
    case 'organisme':
      return '/espace';
    case 'gestionnaire':
      return '/gestion';
    case 'instructeur':
      return '/instruction';
    case 'admin':
      return '/admin';
    default:
      return '/';
  }
}

/** POST → redirect → GET (303), so that a reload does not post the form again. */
export const seeOther = (reply: FastifyReply, to: string) => reply.redirect(to, 303);
