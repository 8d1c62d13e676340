import { SLACK_LIMITS as L } from './slack-text.js';
import type { SlackBlock } from './types.js';

type Obj = Record<string, unknown>;

const len = (v: unknown): number => (typeof v === 'string' ? [...v].length : 0);
const textOf = (v: unknown): unknown => (v && typeof v === 'object' ? (v as Obj).text : undefined);

/**
 * Checks a message's blocks against the Block Kit limits Slack enforces (it rejects
 * the whole message with `invalid_blocks` otherwise). Returns one line per problem,
 * empty when the blocks are fine.
 */
export function validateBlocks(blocks: SlackBlock[]): string[] {
  const problems: string[] = [];
  const add = (i: number, msg: string) => problems.push(`blocks[${i}] (${blocks[i]?.type}): ${msg}`);
  if (blocks.length > L.blocks) problems.push(`${blocks.length} blocks; at most ${L.blocks}`);
  const actionIds = new Set<string>();
  blocks.forEach((b, i) => {
    if (typeof b.block_id === 'string' && len(b.block_id) > L.blockId) add(i, `block_id longer than ${L.blockId}`);
    switch (b.type) {
      case 'header':
        if (len(textOf(b.text)) === 0 || len(textOf(b.text)) > L.header) add(i, `header text must be 1..${L.header} characters, is ${len(textOf(b.text))}`);
        break;
      case 'section': {
        const fields = Array.isArray(b.fields) ? (b.fields as Obj[]) : [];
        if (b.text === undefined && fields.length === 0) add(i, 'a section needs text or fields');
        if (len(textOf(b.text)) > L.sectionText) add(i, `text is ${len(textOf(b.text))} characters; at most ${L.sectionText}`);
        if (fields.length > L.fields) add(i, `${fields.length} fields; at most ${L.fields}`);
        fields.forEach((f, j) => {
          if (len(f.text) > L.fieldText) add(i, `fields[${j}] is ${len(f.text)} characters; at most ${L.fieldText}`);
        });
        break;
      }
      case 'context': {
        const elements = Array.isArray(b.elements) ? (b.elements as Obj[]) : [];
        if (elements.length === 0 || elements.length > L.contextElements) add(i, `context needs 1..${L.contextElements} elements, has ${elements.length}`);
        elements.forEach((e, j) => {
          if (len(e.text) > L.sectionText) add(i, `elements[${j}] is ${len(e.text)} characters; at most ${L.sectionText}`);
        });
        break;
      }
      case 'actions': {
        const elements = Array.isArray(b.elements) ? (b.elements as Obj[]) : [];
        if (elements.length === 0 || elements.length > L.actionsElements) add(i, `actions needs 1..${L.actionsElements} elements, has ${elements.length}`);
        elements.forEach((e, j) => {
          const id = e.action_id;
          if (typeof id !== 'string' || len(id) === 0 || len(id) > L.actionId) add(i, `elements[${j}].action_id must be 1..${L.actionId} characters`);
          else if (actionIds.has(id)) add(i, `elements[${j}].action_id ${id} is not unique`);
          else actionIds.add(id);
          if (len(textOf(e.text)) === 0 || len(textOf(e.text)) > L.buttonText) add(i, `elements[${j}] button text must be 1..${L.buttonText} characters`);
          if (len(e.value) > L.buttonValue) add(i, `elements[${j}].value is ${len(e.value)} characters; at most ${L.buttonValue}`);
        });
        break;
      }
      case 'image': {
        const hasUrl = typeof b.image_url === 'string';
        const hasFile = b.slack_file !== undefined;
        if (hasUrl === hasFile) add(i, 'an image needs exactly one of image_url and slack_file');
        if (len(b.image_url) > L.imageUrl) add(i, `image_url is ${len(b.image_url)} characters; at most ${L.imageUrl}`);
        if (len(b.alt_text) === 0 || len(b.alt_text) > L.altText) add(i, `alt_text must be 1..${L.altText} characters`);
        break;
      }
      case 'divider':
        break;
      default:
        add(i, `block type ${b.type} is not one this adapter renders`);
    }
  });
  return problems;
}
