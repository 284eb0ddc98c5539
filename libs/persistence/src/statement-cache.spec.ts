import { describe, expect, it } from 'vitest';
import { StatementCache, statementName } from './statement-cache.js';

describe('StatementCache', () => {
  it('names a text the time it reaches the threshold, and keeps that name', () => {
    const cache = new StatementCache(10, 2);
    const text = 'INSERT INTO t (a) SELECT * FROM unnest($1::int[])';
    expect(cache.nameFor(text)).toBeUndefined();
    const name = cache.nameFor(text);
    expect(name).toBe(statementName(text));
    expect(cache.nameFor(text)).toBe(name);
    expect(cache.prepared).toBe(1);
  });

  it('prepares at most `size` texts, first come, and none with size 0', () => {
    const cache = new StatementCache(2, 1);
    expect(cache.nameFor('SELECT $1::int')).toBeDefined();
    expect(cache.nameFor('SELECT $1::text')).toBeDefined();
    expect(cache.nameFor('SELECT $1::uuid')).toBeUndefined();
    expect(cache.nameFor('SELECT $1::int')).toBe(statementName('SELECT $1::int'));
    expect(cache.prepared).toBe(2);
    const off = new StatementCache(0, 1);
    expect(off.nameFor('SELECT $1::int')).toBeUndefined();
    expect(off.prepared).toBe(0);
  });

  it('forgets the counts of one-off texts once it counts too many', () => {
    const cache = new StatementCache(10, 2);
    cache.nameFor('SELECT $1::int');
    for (let i = 0; i < 1_000; i++) cache.nameFor(`SELECT $1::int + ${i}`);
    expect(cache.nameFor('SELECT $1::int')).toBeUndefined(); // its first use was forgotten
    expect(cache.nameFor('SELECT $1::int')).toBe(statementName('SELECT $1::int'));
  });

  it('refuses a size or threshold that is not a whole number', () => {
    expect(() => new StatementCache(-1)).toThrow('statement cache size must be an integer ≥ 0, got -1');
    expect(() => new StatementCache(1.5)).toThrow('statement cache size must be an integer ≥ 0, got 1.5');
    expect(() => new StatementCache(10, 0)).toThrow(
      'statement cache threshold must be an integer ≥ 1, got 0',
    );
  });
});

describe('statementName', () => {
  it('is the SQL command and a hash of the text, the same for the same text', () => {
    const text = '  INSERT INTO "scoring"."predictions" (a) SELECT u.a FROM unnest($1::uuid[]) AS u(a)';
    expect(statementName(text)).toMatch(/^rs_insert_[0-9a-f]{16}$/);
    expect(statementName(text)).toBe(statementName(text));
    expect(statementName(text)).not.toBe(statementName(`${text} ON CONFLICT DO NOTHING`));
    expect(statementName('WITH x AS (SELECT $1::int) SELECT * FROM x')).toMatch(/^rs_with_/);
    expect(statementName('(SELECT $1::int)')).toMatch(/^rs_statement_/);
  });
});
