import { expect } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import type { FormationInput } from '../../src/domain/formation.schema.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { gestionnaireDe, organismeDe } from './acteurs.ts';

/**
 * `input` written by the organisme of its responsable's SIREN, then published and validated by a
 * gestionnaire of `region` (a diffused offer): the formation's id. Through the services, as the
 * pages and the API call them.
 */
export async function diffusee(ctx: AppContext, input: FormationInput, region = '84'): Promise<string> {
  const organisme = organismeDe(input.responsable!.siret!.slice(0, 9));
  const { id } = await saveFormation(ctx, organisme, input);
  await transition(ctx, organisme, id, 'publier');
  await transition(ctx, gestionnaireDe(region), id, 'valider');
  return id;
}

/**
 * `input` written by the organisme of its responsable's SIREN, published and validated by a
 * gestionnaire of `region`, then changed by the organisme into `revision` (a pending revision,
 * checked): the formation's id. Through the services, as the pages and the API call them.
 */
export async function publieeEtRevisee(
  ctx: AppContext,
  input: FormationInput,
  revision: Partial<FormationInput>,
  region = '84',
): Promise<string> {
  const organisme = organismeDe(input.responsable!.siret!.slice(0, 9));
  const id = await diffusee(ctx, input, region);
  expect((await saveFormation(ctx, organisme, { ...input, ...revision }, { id })).revision).toBe(true);
  return id;
}
