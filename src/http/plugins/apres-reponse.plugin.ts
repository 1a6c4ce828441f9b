import type { FastifyInstance, FastifyReply } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Runs `travail` once the response has left (or the client has gone): what the answer must not
     * wait for — e-mails whose number would tell, by the time taken, what the answer does not say
     * (sign-up). Its failure is logged, never the client's. Closing the server waits for it.
     */
    apresReponse(reply: FastifyReply, travail: () => Promise<void>): void;
    /** Resolves when every piece of work started by apresReponse has ended (server close, tests). */
    travauxApresReponse(): Promise<void>;
  }
}

export function registerApresReponse(app: FastifyInstance): void {
  const enCours = new Set<Promise<void>>();
  const finis = async () => {
    while (enCours.size) await Promise.allSettled([...enCours]);
  };
  app.decorate('apresReponse', (reply: FastifyReply, travail: () => Promise<void>) => {
    // 'close' follows the end of the response, and a connection cut before it ('finish' does not).
    reply.raw.once('close', () => {
      const p: Promise<void> = travail()
        .catch((e) => reply.log.error({ err: e }, 'travail après la réponse'))
        .finally(() => enCours.delete(p));
      enCours.add(p);
    });
  });
  app.decorate('travauxApresReponse', finis);
  app.addHook('onClose', finis);
}
