import type { Readable } from 'node:stream';
import { SaxesParserRapide } from '../formats/xml/saxes.parser.ts';

export interface XNode {
  readonly name: string;
  text: string;
  readonly children: XNode[];
  readonly ligne: number;
}

/**
 * Streams every `<record>` element of an XML file as a small tree (constant memory whatever the
 * file size). saxes never resolves external entities.
 */
export async function* xmlRecords(bytes: Readable, record: string): AsyncGenerator<XNode> {
  const parser = new SaxesParserRapide({ xmlns: false, position: true });
  const done: XNode[] = [];
  const stack: XNode[] = [];
  let error: Error | null = null;
  parser.on('opentag', (t) => {
    if (stack.length === 0 && t.name !== record) return;
    const node: XNode = { name: t.name, text: '', children: [], ligne: parser.line };
    stack.at(-1)?.children.push(node);
    stack.push(node);
  });
  parser.on('text', (t) => {
    if (stack.length) stack.at(-1)!.text += t;
  });
  parser.on('cdata', (t) => {
    if (stack.length) stack.at(-1)!.text += t;
  });
  parser.on('closetag', () => {
    const node = stack.pop();
    if (node && stack.length === 0) done.push(node);
  });
  parser.on('error', (e) => {
    error = e;
  });
  bytes.setEncoding('utf8');
  for await (const chunk of bytes) {
    parser.write(chunk as string);
    if (error) throw error;
    while (done.length) yield done.shift()!;
  }
  parser.close();
  if (error) throw error;
  while (done.length) yield done.shift()!;
}

/** Text of the first descendant at this path ('NOMENCLATURE_EUROPE/NIVEAU'), trimmed; '' when absent. */
export function textAt(node: XNode, path: string): string {
  let cur: XNode | undefined = node;
  for (const part of path.split('/')) cur = cur?.children.find((c) => c.name === part);
  return cur?.text.trim() ?? '';
}

export function nodesAt(node: XNode, path: string): XNode[] {
  const parts = path.split('/');
  let cur: XNode[] = [node];
  for (const p of parts) cur = cur.flatMap((n) => n.children.filter((c) => c.name === p));
  return cur;
}
