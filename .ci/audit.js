#!/usr/bin/env node
// CI step: `npm audit --omit=dev` on the production dependencies, failing on an advisory of high or
// critical severity that has a fix (npm can upgrade to a safe version). Advisories without a fix
// are listed, not failed on: nothing can be done about them but watch. When the registry does not
// answer audit requests (some mirrors and proxies refuse them), this says so and does not pass it
// off as "no advisory".
import { spawnSync } from 'node:child_process';

const r = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8' });
let report;
try {
  report = JSON.parse(r.stdout);
} catch {
  report = null;
}
if (!report || (!report.vulnerabilities && report.statusCode)) {
  const why = report?.message ?? r.stderr.trim().split('\n').at(-1) ?? 'réponse illisible';
  console.error(`npm audit : audit IMPOSSIBLE, le registre ne répond pas au point d’audit (${why}).`);
  process.exit(0);
}
const vulns = Object.values(report.vulnerabilities ?? {});
const fixable = vulns.filter((v) => ['high', 'critical'].includes(v.severity) && v.fixAvailable);
for (const v of vulns)
  console.error(
    `npm audit : ${v.name} ${v.range} — gravité ${v.severity}${v.fixAvailable ? ', correctif disponible' : ', sans correctif'}`,
  );
if (fixable.length) {
  console.error(
    `npm audit : ${fixable.length} faille(s) haute(s) ou critique(s) corrigeable(s) (npm audit fix --omit=dev) : ${fixable.map((v) => v.name).join(', ')}.`,
  );
  process.exit(1);
}
console.error(`npm audit : ${vulns.length} avis, aucun haut ou critique corrigeable dans les dépendances de production.`);
