import { SYSTEME } from '../src/domain/acteur.ts';
import { importerClasseur } from '../src/services/import-classeur.service.ts';
import { testApi } from '../test/api/helpers.ts';
import { chargerOffre, exporterClasseur, NOW } from '../test/classeur/classeur.helpers.ts';
const api = await testApi({ now: () => NOW });
await chargerOffre(api);
const buf = await exporterClasseur(api);
try {
  const r = await importerClasseur(api.ctx, SYSTEME('t'), buf, { dryRun: true });
  console.log(JSON.stringify(r.rapport.lignes[0]));
} catch (e) { console.error(e); }
await api.close();
