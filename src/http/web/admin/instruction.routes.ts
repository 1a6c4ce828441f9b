import type { FastifyPluginAsync } from 'fastify';
import { notFound, OffreError } from '../../../domain/errors.ts';
import { isPlateforme, NOMS_PLATEFORMES, type Plateforme } from '../../../domain/plateforme.ts';
import { nomAcademie } from '../../../domain/regles/academies.ts';
import {
  ficheInstruction,
  horsInstruction,
  listOffresInstruction,
} from '../../../services/instruction.service.ts';
import { decidePlateforme } from '../../../services/plateforme.service.ts';
import { RefusDePage } from '../erreurs.tsx';
import { refusVersion, versionEnvoyee } from '../espace/version.tsx';
import { erreursDe, readFormulaire, refusCaracteres } from '../form/formulaire.ts';
import { requireRole } from '../guard.ts';
import { seeOther, sendPage } from '../reponse.ts';
import {
  FicheInstructionPage,
  HorsInstructionPage,
  InstructionPage,
  remplacementsDecision,
} from './instruction.page.tsx';

const ACTIONS = ['publier', 'non_publier', 'mettre_en_attente', 'reprendre'] as const;
const plateformeDe = (v: unknown): Plateforme => {
  if (typeof v === 'string' && isPlateforme(v)) return v;
  throw notFound('Plateforme');
};

/**
 * The platform of an offer's instruction address (`/instruction/{plateforme}/{id}`). Another first
 * segment (a guessed `/instruction/formations/{id}`) names no page: « Page introuvable », saying
 * where the offer is instructed — never « Plateforme introuvable » for « formations ».
 */
const plateformeDeLaFiche = (v: string, id: string): Plateforme => {
  if (isPlateforme(v)) return v;
  const adresse = encodeURIComponent(id);
  throw new RefusDePage(
    'INTROUVABLE',
    `Aucune page à cette adresse : une offre s’instruit pour une plateforme, à l’adresse /instruction/parcoursup/${adresse} (Parcoursup) ou /instruction/affelnet/${adresse} (Affelnet). Les offres à instruire sont listées sur la page « Instruction ».`,
    'Page introuvable',
    {},
    404,
  );
};

// /instruction: the instructeur's workspace (issue 9 item 6), on the platform service.
export const instructionRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: { plateforme?: string; statut?: string; q?: string } }>(
    '/instruction',
    async (request, reply) => {
      const u = requireRole(request, 'instructeur', 'admin');
      const plateforme = plateformeDe(request.query.plateforme ?? 'parcoursup');
      const statut = typeof request.query.statut === 'string' ? request.query.statut.slice(0, 50) : '';
      const q = typeof request.query.q === 'string' ? request.query.q.slice(0, 200) : '';
      const r = await listOffresInstruction(app.ctx, u, plateforme, { statut, q });
      return sendPage(
        request,
        reply,
        InstructionPage({
          plateforme,
          academies: u.role === 'admin' ? null : u.academies.map(nomAcademie),
          statut,
          q,
          ...r,
        }),
      );
    },
  );

  app.get<{ Params: { plateforme: string; id: string }; Querystring: { fait?: string } }>(
    '/instruction/:plateforme/:id',
    async (request, reply) => {
      const u = requireRole(request, 'instructeur', 'admin');
      const p = plateformeDeLaFiche(request.params.plateforme, request.params.id);
      // An offer of the instructeur's académies not (or no longer) in instruction: says why.
      const hors = await horsInstruction(app.ctx, u, request.params.id, p);
      if (hors) return sendPage(request, reply, HorsInstructionPage({ plateforme: p, offre: hors }));
      const fiche = await ficheInstruction(app.ctx, u, request.params.id, p);
      const message = request.query.fait ? `Décision enregistrée pour ${NOMS_PLATEFORMES[p]}.` : undefined;
      return sendPage(request, reply, FicheInstructionPage({ plateforme: p, fiche, message }));
    },
  );

  app.post<{ Params: { plateforme: string; id: string } }>(
    '/instruction/:plateforme/:id',
    async (request, reply) => {
      const u = requireRole(request, 'instructeur', 'admin');
      const p = plateformeDeLaFiche(request.params.plateforme, request.params.id);
      const f = readFormulaire(request.body, ['action', 'motif']);
      // The version the page showed (instruction-version.ts): a form without it is refused (400
      // VERSION_MANQUANTE), a stale one too (409 FORMATION_MODIFIEE) — nothing decided either way.
      const envoyee = versionEnvoyee(request.body);
      try {
        if ('refus' in envoyee) throw envoyee.refus;
        const caracteres = refusCaracteres(request);
        if (caracteres.length) throw caracteres;
        const action = ACTIONS.find((a) => a === f.action);
        if (!action)
          throw new OffreError('DECISION_INCONNUE', 'Choisissez une décision.', { champ: 'action' });
        await decidePlateforme(
          app.ctx,
          u,
          request.params.id,
          p,
          { action, motif: f.motif.trim() || null },
          { version: envoyee.version },
        );
      } catch (e) {
        // Access refusals (another académie) and unknown offers get their own pages.
        if (e instanceof OffreError && (e.status === 403 || e.status === 404)) throw e;
        // The page again, as it now stands (its current version), with what was chosen.
        const fiche = await ficheInstruction(app.ctx, u, request.params.id, p);
        const status = e instanceof OffreError ? e.status : 400;
        const refus = refusVersion(e);
        const vue = refus
          ? FicheInstructionPage({
              plateforme: p,
              fiche,
              saisie: f,
              refusVersion: refus.modifiee
                ? { ...refus, remplaces: remplacementsDecision(p, fiche, f) }
                : refus,
            })
          : FicheInstructionPage({ plateforme: p, fiche, saisie: f, erreurs: erreursDe(e, 'action') });
        return sendPage(request, reply, vue, status);
      }
      return seeOther(reply, `/instruction/${p}/${request.params.id}?fait=1`);
    },
  );
};
