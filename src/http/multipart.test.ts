import multipart from '@fastify/multipart';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { ERREURS } from '../domain/errors.catalogue.ts';
import { refusMultipart } from './multipart.ts';

// The multipart parser's limit errors (@fastify/multipart's own, « reach parts limit »…) were
// answered with a generic message (pages: « L’envoi du fichier a échoué… », API: the route's
// 413 « corps trop volumineux (1 024 Ko) »): each has its code, its limit and a French sentence.

describe('refusMultipart: the parser’s limits', async () => {
  const app = Fastify();
  await app.register(multipart);
  const erreurs = (app as unknown as { multipartErrors: Record<string, new () => Error> }).multipartErrors;
  const limites = { files: 1, fields: 5, parts: 6 };

  it.each([
    [
      'FilesLimitError',
      'MULTIPART_TROP_DE_FICHIERS',
      1,
      'Le formulaire envoyé contient plus d’un fichier : un seul fichier est accepté (champ « fichier »). Retirez les autres et renvoyez le formulaire.',
    ],
    [
      'FieldsLimitError',
      'MULTIPART_TROP_DE_CHAMPS',
      5,
      'Le formulaire envoyé contient plus de 5 champs en plus du fichier',
    ],
    [
      'PartsLimitError',
      'MULTIPART_TROP_DE_PARTIES',
      6,
      'Le formulaire envoyé contient plus de 6 parties (champs et fichiers)',
    ],
  ] as const)('%s: 413 %s naming the limit, in French', (classe, code, limite, debut) => {
    const refus = refusMultipart(new erreurs[classe]!(), limites)!;
    expect(refus).toMatchObject({ code, status: 413, details: { limite } });
    expect(ERREURS[code].status).toBe(413);
    expect(refus.message).toBe(
      code === 'MULTIPART_TROP_DE_FICHIERS'
        ? debut
        : `${debut} : retirez ce qui est en trop et renvoyez le formulaire avec son fichier (champ « fichier »).`,
    );
    // Without the limits (the error handler's fallback): the same code, the sentence without a number.
    const sans = refusMultipart(new erreurs[classe]!())!;
    expect(sans.code).toBe(code);
    expect(sans.message).toMatch(/^Le formulaire envoyé contient trop de /);
    expect(sans.details).toEqual({});
  });

  it('the file’s size is the route’s, not this refusal’s; a refusal of ours is left alone', () => {
    expect(refusMultipart(new erreurs.RequestFileTooLargeError!())).toBeUndefined();
    expect(refusMultipart(new Error('autre chose'))).toBeUndefined();
  });
});
