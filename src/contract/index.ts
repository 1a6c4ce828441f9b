/**
 * The API contract: every /api/v1 route as data (method, url, auth, Zod schemas, example body),
 * with no Fastify. The server mounts these (src/http/api), the OpenAPI generator describes them
 * (src/http/api/openapi.ts), the CLI validates its input files with their schemas, tests import them.
 * A new route is defined in its use case's file here and listed in `routes` (see ./route.ts).
 */
import { getCle, getCles, postCle, postRevocation, putProfils } from './admin.ts';
import {
  getCampagneRoute,
  getCampagnes,
  getHistoriqueCampagne,
  postCampagneCourante,
  putCalendrier,
} from './campagnes.ts';
import { changesRoute } from './changes.ts';
import { exportClasseurRoute, importClasseurRoute } from './classeur.ts';
import { communesRoute } from './communes.ts';
import { getControles } from './controles.ts';
import { getDecisionsCle, getDecisionsStructure, getDecisionsUtilisateur } from './decisions.ts';
import { exportCsvRoute } from './exports-csv.ts';
import { exportXlsxRoute } from './exports-xlsx.ts';
import {
  addSessionRoute,
  createFormationRoute,
  getFormationRoute,
  historiqueRoute,
  listFormationsRoute,
  updateFormationRoute,
} from './formations.ts';
import { exportLheoRoute, importLheoRoute } from './lheo.ts';
import { openApiRoute, santeRoute } from './meta.ts';
import { organismeRoute } from './organismes.ts';
import { getFichierPartenaire, listFichiersPartenaires } from './partenaires.ts';
import {
  getEtat,
  getEtats,
  getOffres,
  getRegle,
  getRegleHistorique,
  getRegles,
  postDecision,
  postRegle,
  postRetours,
  putRegle,
} from './plateformes.ts';
import type { RouteDef } from './route.ts';
import { revisionRoute, workflowRouteDefs } from './workflow.ts';

export * from './admin.ts';
export * from './campagnes.ts';
export * from './changes.ts';
export * from './classeur.ts';
export * from './communes.ts';
export * from './controles.ts';
export * from './decisions.ts';
export * from './exports-csv.ts';
export * from './exports-xlsx.ts';
export * from './formations.schemas.ts';
export * from './formations.ts';
export * from './lheo.ts';
export * from './meta.ts';
export * from './organismes.ts';
export * from './partenaires.ts';
export * from './plateformes.ts';
export * from './route.ts';
export * from './workflow.ts';

/** Every /api/v1 route, each once: what the server must mount and the OpenAPI document lists. */
export const routes: readonly RouteDef[] = Object.freeze([
  santeRoute,
  openApiRoute,
  listFormationsRoute,
  getFormationRoute,
  historiqueRoute,
  createFormationRoute,
  updateFormationRoute,
  addSessionRoute,
  ...Object.values(workflowRouteDefs),
  revisionRoute,
  changesRoute,
  organismeRoute,
  importLheoRoute,
  exportLheoRoute,
  getControles,
  getOffres,
  postRetours,
  postDecision,
  getEtats,
  getEtat,
  getRegles,
  getRegle,
  postRegle,
  putRegle,
  getRegleHistorique,
  exportClasseurRoute,
  importClasseurRoute,
  exportCsvRoute,
  communesRoute,
  exportXlsxRoute,
  getCles,
  getCle,
  postCle,
  postRevocation,
  putProfils,
  getCampagnes,
  getCampagneRoute,
  putCalendrier,
  postCampagneCourante,
  getHistoriqueCampagne,
  getDecisionsStructure,
  getDecisionsUtilisateur,
  getDecisionsCle,
  listFichiersPartenaires,
  getFichierPartenaire,
]);
