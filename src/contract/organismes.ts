import { z } from 'zod';
import { SiretParams } from './params.ts';
import { defineRoute } from './route.ts';

const nul = z.string().nullable();

export const organismeRoute = defineRoute({
  method: 'GET',
  url: '/organismes/:siret',
  summary: 'Un organisme et ce qu’en disent les référentiels (Sirene, liste DGEFP, ACCE)',
  tags: ['Organismes'],
  auth: 'public',
  params: SiretParams,
  response: {
    200: z.object({
      siret: z.string(),
      siren: z.string(),
      raison_sociale: nul,
      uai: nul,
      nda: nul,
      adresse: z.object({ adresse: nul, code_postal: nul, commune: nul, code_insee: nul }).nullable(),
      referentiels: z.object({
        sirene: z
          .object({
            etat: z.enum(['actif', 'ferme']),
            denomination: nul,
            code_commune: nul,
            code_postal: nul,
          })
          .nullable(),
        declarations: z.array(
          z.object({
            nda: z.string(),
            denomination: nul,
            qualiopi: z.object({
              actions_formation: z.boolean(),
              bilans: z.boolean(),
              vae: z.boolean(),
              apprentissage: z.boolean(),
            }),
          }),
        ),
        uai: z.array(
          z.object({
            uai: z.string(),
            denomination: nul,
            code_commune: nul,
            lat: z.number().nullable(),
            lon: z.number().nullable(),
          }),
        ),
      }),
    }),
  },
});
