import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

// Counting the statements a piece of work sends to the database (issue 9: queries per page, a
// figure that does not depend on the machine's load). A Kysely plugin: `db.withPlugin(compteur)`
// gives the same database with every statement built or written (`sql\`…\``) counted when its
// result comes back — transaction statements (begin, commit) aside. Used by the tests that pin the
// number of queries of a page and by `npm run bench`; nothing in production counts.

/** A statement counter: `n` statements answered since the last `reset`. */
export interface CompteurRequetes extends KyselyPlugin {
  /** Statements answered since creation or the last reset. */
  readonly n: number;
  /** The same statements' SQL text, in the order they were answered (for a failing test's message). */
  readonly sqls: readonly string[];
  reset(): void;
}

/** A new counter; plug it with `db.withPlugin(counter)`. */
export function compteurRequetes(): CompteurRequetes {
  let sqls: string[] = [];
  const pending = new WeakMap<object, RootOperationNode>();
  return {
    get n() {
      return sqls.length;
    },
    get sqls() {
      return sqls;
    },
    reset() {
      sqls = [];
    },
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      pending.set(args.queryId, args.node);
      return args.node;
    },
    async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      const node = pending.get(args.queryId);
      sqls.push(libelle(node).replace(/\s+/g, ' ').trim().slice(0, 200));
      return args.result;
    },
  };
}

/** A short label of a statement: a written statement's text, else its kind and first table. */
function libelle(node: RootOperationNode | undefined): string {
  if (!node) return '?';
  if (node.kind === 'RawNode') return node.sqlFragments.join('?');
  const table = (t: unknown) => {
    const n = t as { table?: { identifier?: { name?: string } }; node?: unknown } | undefined;
    return n?.table?.identifier?.name ?? '';
  };
  const n = node as unknown as { from?: { froms?: unknown[] }; into?: unknown; table?: unknown };
  const t = n.from?.froms?.[0] ? table(n.from.froms[0]) : n.into ? table(n.into) : table(n.table);
  return `${node.kind} ${t}`;
}
