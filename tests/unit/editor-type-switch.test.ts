import { describe, expect, it } from 'vitest';
import { emptyForm, firstFieldId, switchType } from '../../renderer/src/routes/editor/editor-form.js';

// Switching the note type in the editor keeps the text that fits, as Anki maps fields in order.
describe('switching note type', () => {
  const basic = { ...emptyForm('basic'), front: 'Who patches the guest OS?', back: 'The customer', tags: 'ec2' };

  it.each([
    ['cloze', { text: 'Who patches the guest OS?', extra: 'The customer' }],
    ['responsibility', { situation: 'Who patches the guest OS?', explanation: 'The customer' }],
    ['choice', { question: 'Who patches the guest OS?', explanation: 'The customer' }],
    ['basic-reversed', { front: 'Who patches the guest OS?', back: 'The customer' }],
  ] as const)('basic → %s moves the front and back into the fields that fit', (type, expected) => {
    expect(switchType(basic, type)).toMatchObject({ type, tags: 'ec2', ...expected });
  });

  it('leaves a cloze deletion as its answer outside the cloze type, and back again restores the cloze', () => {
    const cloze = { ...emptyForm('cloze'), text: 'The {{c1::customer}} patches the {{c2::guest OS::which OS}}' };
    const basicAgain = switchType(cloze, 'basic');
    expect(basicAgain.front).toBe('The customer patches the guest OS');
    expect(switchType(basicAgain, 'cloze').text).toBe(cloze.text);
  });

  it('never overwrites text already in the target field', () => {
    const both = { ...basic, situation: 'Rotating IAM keys' };
    expect(switchType(both, 'responsibility').situation).toBe('Rotating IAM keys');
    expect(switchType(basic, 'basic')).toBe(basic);
  });

  it('names the first field of each type for the cursor', () => {
    expect(['basic', 'cloze', 'responsibility', 'choice'].map((t) => firstFieldId(t as 'basic'))).toEqual(['ed-front', 'ed-text', 'ed-situation', 'ed-question']);
  });
});
