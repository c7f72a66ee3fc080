import { describe, expect, it } from 'vitest';
import { matchPeople, mentionQuery } from '../../web/src/lib/mention-query.ts';

describe('mention autocomplete', () => {
  it('opens after "@" at a word start, in Chinese text too, and not inside an email address', () => {
    expect(mentionQuery('please @Li')).toEqual({ query: 'Li', start: 7 });
    expect(mentionQuery('@')).toEqual({ query: '', start: 0 });
    expect(mentionQuery('请@王')).toEqual({ query: '王', start: 1 });
    expect(mentionQuery('@Lina W')).toEqual({ query: 'Lina W', start: 0 });
    expect(mentionQuery('mail lina@exa')).toBeNull();
    expect(mentionQuery('@Lina Wang and')).toBeNull();
  });

  it('suggests names starting with the query first, then names with a word that does', () => {
    const people = [{ name: 'Wang Lina' }, { name: 'Lina Wang' }, { name: '王芳' }, { name: 'Bo' }];
    expect(matchPeople(people, 'lin').map((p) => p.name)).toEqual(['Lina Wang', 'Wang Lina']);
    expect(matchPeople(people, '王').map((p) => p.name)).toEqual(['王芳']);
    expect(matchPeople(people, '')).toHaveLength(4);
  });
});
