import { serialize } from 'pg-protocol';
const doc = () => JSON.stringify({ a: 'é’«'.repeat(100) + Math.random(), b: Array.from({ length: 60 }, (_, i) => ({ k: 'sessions ' + i, v: Math.random() })) });
const rows = Array.from({ length: 250 }, () => [doc(), doc(), doc()]);
console.log('doc len', rows[0][0].length);
const run = (per) => {
  const t = process.cpuUsage();
  for (let it = 0; it < 80; it++)
    for (let i = 0; i < rows.length; i += per) serialize.bind({ values: rows.slice(i, i + per).flat() });
  const u = process.cpuUsage(t); return ((u.user + u.system) / 1000).toFixed(0);
};
for (let r = 0; r < 3; r++) console.log('250:', run(250), ' 100:', run(100), ' 25:', run(25), ' 5:', run(5));
