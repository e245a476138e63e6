import type { NoteFields, NoteType } from '../../../../electron/api/wire-types';
import type { Owner } from '../../../../electron/api/wire-types';

/** The editor's fields as the form holds them: every type's fields at once, so switching type keeps what was typed. */
/** The editor's choices: Demarc's note types, and basic with a typed answer (a basic note with `typeIn`). */
export type EditorType = NoteType | 'basic-type';

export interface EditorForm {
  type: EditorType;
  front: string;
  back: string;
  text: string;
  extra: string;
  situation: string;
  owner: Owner;
  service: string;
  explanation: string;
  question: string;
  /** One option per line; a right answer starts with "*". */
  options: string;
  tags: string;
}

export const noteTypeLabels: Record<EditorType, string> = {
  basic: 'Basic',
  'basic-type': 'Basic (type in the answer)',
  'basic-reversed': 'Basic and reversed',
  cloze: 'Cloze',
  responsibility: 'Responsibility (AWS, customer or shared)',
  choice: 'Multiple choice',
};

/** The note types in the order the Type menu lists them. */
export const noteTypeList = Object.keys(noteTypeLabels) as EditorType[];

export function emptyForm(type: EditorType = 'basic'): EditorForm {
  return { type, front: '', back: '', text: '', extra: '', situation: '', owner: 'customer', service: '', explanation: '', question: '', options: '', tags: '' };
}

export function formOfNote(note: NoteFields, tags: readonly string[]): EditorForm {
  const form = { ...emptyForm(note.type === 'basic' && note.typeIn ? 'basic-type' : note.type), tags: tags.join(' ') };
  switch (note.type) {
    case 'basic':
    case 'basic-reversed':
      return { ...form, front: note.front, back: note.back };
    case 'cloze':
      return { ...form, text: note.text, extra: note.extra };
    case 'responsibility':
      return { ...form, situation: note.situation, owner: note.owner, service: note.service, explanation: note.explanation };
    case 'choice':
      return {
        ...form,
        question: note.question,
        explanation: note.explanation,
        options: note.options.map((o, i) => `${note.answer.includes(i) ? '*' : ''}${o}`).join('\n'),
      };
  }
}

export function noteOfForm(form: EditorForm): NoteFields {
  switch (form.type) {
    case 'basic':
    case 'basic-reversed':
      return { type: form.type, front: form.front, back: form.back };
    case 'basic-type':
      return { type: 'basic', front: form.front, back: form.back, typeIn: true };
    case 'cloze':
      return { type: 'cloze', text: form.text, extra: form.extra };
    case 'responsibility':
      return { type: 'responsibility', situation: form.situation, owner: form.owner, service: form.service, explanation: form.explanation };
    case 'choice': {
      const lines = form.options.split('\n').map((l) => l.trim()).filter(Boolean);
      return {
        type: 'choice',
        question: form.question,
        options: lines.map((l) => l.replace(/^\*\s*/, '')),
        answer: lines.flatMap((l, i) => (l.startsWith('*') ? [i] : [])),
        explanation: form.explanation,
      };
    }
  }
}

export function tagsOfForm(form: EditorForm): string[] {
  return form.tags.split(/[\s,]+/).filter(Boolean);
}

/** Each type's main field (what is asked) and its second field (what explains it), in the form. */
const mainField = { basic: 'front', 'basic-type': 'front', 'basic-reversed': 'front', cloze: 'text', responsibility: 'situation', choice: 'question' } as const;
const secondField = { basic: 'back', 'basic-type': 'back', 'basic-reversed': 'back', cloze: 'extra', responsibility: 'explanation', choice: 'explanation' } as const;

/**
 * The form after switching to `type`, keeping the text that fits (as Anki
 * maps fields in order): the main text moves to the new type's main field
 * and the second to its second, where those are still empty; a cloze's
 * deletions are unwrapped to their answers when they leave the cloze type.
 * Every field stays in the form, so switching back restores what was there.
 */
export function switchType(form: EditorForm, type: EditorType): EditorForm {
  if (type === form.type) return form;
  const next: EditorForm = { ...form, type };
  const main = mainField[form.type];
  const second = secondField[form.type];
  const text = form.type === 'cloze' && type !== 'cloze' ? unwrapCloze(form[main]) : form[main];
  if (mainField[type] !== main && next[mainField[type]].trim() === '') next[mainField[type]] = text;
  if (secondField[type] !== second && next[secondField[type]].trim() === '') next[secondField[type]] = form[second];
  return next;
}

/** "{{c1::answer::hint}}" → "answer". */
function unwrapCloze(text: string): string {
  return text.replace(/\{\{c\d+::(.*?)(?:::[^}]*)?\}\}/g, '$1');
}

/** The id of the first field of a type's form, where the cursor goes for the next card. */
export function firstFieldId(type: EditorType): string {
  return `ed-${mainField[type]}`;
}
