import { CLOSE_REASONS, ERROR_CODES } from '@knowledge-hub/shared';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/http';
import { en } from './en';
import { closeText, errorText } from './error-text';
import { translateWith } from './test-translate';
import { zh } from './zh';

const t = translateWith();

describe('errorText', () => {
  it('translates a known code, whatever the server wrote', () => {
    expect(errorText(t, new ApiError(404, 'entry_not_found', 'Entry 42 does not exist'))).toBe('This entry does not exist.');
    expect(errorText(translateWith(zh), new ApiError(404, 'entry_not_found', 'Entry 42 does not exist'))).toBe('这个条目不存在。');
  });

  it('shows the server’s message for a code this build does not know', () => {
    expect(errorText(t, new ApiError(409, 'internal_error', 'Dataset version is frozen', undefined, true))).toBe('Dataset version is frozen');
  });

  it('lists the fields of a validation failure', () => {
    const error = new ApiError(400, 'validation_failed', 'Invalid body', [
      { path: 'title', message: 'Required' },
      { path: 'kind', message: 'Invalid option' },
    ]);
    expect(errorText(t, error)).toBe(`${en['error.validation_failed']} (title: Required; kind: Invalid option)`);
  });

  it('falls back to the message of any other error, then to a generic sentence', () => {
    expect(errorText(t, new TypeError('x.map is not a function'))).toBe('x.map is not a function');
    expect(errorText(t, 'a thrown string')).toBe(en['error.internal_error']);
    expect(errorText(t, new Error(''))).toBe(en['error.internal_error']);
  });

  it('has a sentence for every shared error code in both languages', () => {
    for (const code of [...ERROR_CODES, 'network_error' as const]) {
      for (const messages of [en, zh]) {
        const text = errorText(translateWith(messages), new ApiError(500, code, 'server text'));
        expect(text, code).not.toBe('server text');
        expect(text.length, code).toBeGreaterThan(0);
      }
    }
  });
});

describe('closeText', () => {
  it('explains every close code the server defines', () => {
    for (const code of Object.keys(CLOSE_REASONS).map(Number)) expect(closeText(t, code), String(code)).toBeTruthy();
  });

  it('says nothing for a normal close or an unknown code', () => {
    expect(closeText(t, 1000)).toBeNull();
    expect(closeText(t, 4999)).toBeNull();
  });
});

describe('the dictionaries', () => {
  it('fill every key in Chinese, with the same {placeholders} as in English', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(zh[key].trim(), key).not.toBe('');
      expect(placeholders(zh[key]), key).toEqual(placeholders(en[key]));
    }
  });
});
