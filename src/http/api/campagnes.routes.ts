import type { FastifyPluginAsync } from 'fastify';
import {
  getCampagneRoute,
  getCampagnes,
  getHistoriqueCampagne,
  postCampagneCourante,
  putCalendrier,
} from '../../contract/index.ts';
import { isValidateur } from '../../domain/acces.ts';
import { CHAMPS_NATIONAUX, CHAMPS_REGIONAUX, type ChampCalendrier } from '../../domain/campagne.ts';
import { forbidden, OffreError } from '../../domain/errors.ts';
import {
  calendrier,
  calendriers,
  changeCampagneCourante,
  historiqueCampagne,
  updateCalendrier,
} from '../../services/campagne.service.ts';
import { mountRoute } from './route.ts';

/** Several field refusals → one 400 problem listing each (`erreurs`), as invalid requests do. */
function unProbleme(e: unknown): never {
  if (!Array.isArray(e)) throw e;
  const liste = e as OffreError[];
  throw new OffreError(liste[0]!.code, liste.map((x) => x.message).join(' '), {
    erreurs: liste.map((x) => ({ champ: x.details.champ, message: x.message, code: x.code })),
  });
}

export const campagnesRoutes: FastifyPluginAsync = async (app) => {
  mountRoute(app, getCampagnes, async (req) => ({
    data: await calendriers(app.ctx.db, app.ctx.now(), req.query.region || null),
  }));
  // The calendar's ETag (its `version`, the If-Match of its PUT) is set from the contract.
  mountRoute(app, getCampagneRoute, async (req) =>
    calendrier(app.ctx.db, req.params.annee, req.query.region || null),
  );
  mountRoute(app, putCalendrier, async (req) => {
    const { region, origines, ...dates } = req.body;
    const champs: readonly ChampCalendrier[] = region
      ? CHAMPS_REGIONAUX
      : [...CHAMPS_REGIONAUX, ...CHAMPS_NATIONAUX];
    // A date absent from the body is left as it is; null (or "") clears it — for a région, back
    // to the national date (docs/campagnes.md « API et ligne de commande »).
    const saisie = Object.fromEntries(
      champs.filter((k) => dates[k] !== undefined).map((k) => [k, dates[k] ?? '']),
    );
    return updateCalendrier(
      app.ctx,
      req.acteur,
      req.params.annee,
      region || null,
      saisie,
      // Only a région's collection dates have an origin to choose; the national ones are ignored.
      Object.fromEntries(CHAMPS_REGIONAUX.map((k) => [k, origines?.[k]])),
      // Optional, as on the other writes: without it the save acts on the calendar as it is.
      { siMatch: req.ifMatch },
    ).catch(unProbleme);
  });
  mountRoute(app, postCampagneCourante, async (req) =>
    changeCampagneCourante(app.ctx, req.acteur, req.body.annee),
  );
  mountRoute(app, getHistoriqueCampagne, async (req) => {
    if (!isValidateur(req.acteur))
      throw forbidden('L’historique des campagnes est réservé aux gestionnaires et administrateurs.');
    const h = await historiqueCampagne(app.ctx.db, req.params.annee, 200);
    return {
      data: h.map((m) => ({
        action: m.action as 'calendrier_modifie',
        acteur: m.acteur,
        at: m.at.toISOString(),
        region: m.entite_id.split(':')[1] ?? null,
        diff: [...m.diff],
      })),
    };
  });
};
