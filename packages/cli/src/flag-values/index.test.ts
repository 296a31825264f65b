import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { assignment, decimalNumber, imageSize, wholeNumber } from './index.js';

describe('wholeNumber', () => {
  it.each(['-3', '0', '1.5', '1e3', '0x10', '', ' 5', 'five', '10001'])(
    'rejects %j for --steps 1..10000 in one line',
    (value) => {
      expect(() => wholeNumber(value, '--steps', { min: 1, max: 10_000 })).toThrow(
        new UsageError(`--steps must be a whole number from 1 to 10000, got "${value}"`),
      );
    },
  );

  it('accepts the bounds', () => {
    expect(wholeNumber('1', '--steps', { min: 1, max: 10 })).toBe(1);
    expect(wholeNumber('-1', '--seed', { min: -1, max: 10 })).toBe(-1);
  });
});

describe('decimalNumber', () => {
  it('accepts decimals in range and rejects the rest', () => {
    expect(decimalNumber('0.4', '--denoise', { min: 0, max: 1 })).toBe(0.4);
    expect(decimalNumber('.5', '--denoise', { min: 0, max: 1 })).toBe(0.5);
    for (const value of ['1.5', '-0.1', 'NaN', 'Infinity', '1e-1', '']) {
      expect(() => decimalNumber(value, '--denoise', { min: 0, max: 1 })).toThrow(
        /^--denoise must be a number from 0 to 1/,
      );
    }
  });
});

describe('imageSize', () => {
  it('takes WIDTHxHEIGHT in multiples of 8', () => {
    expect(imageSize('512x768', '--size')).toEqual({ width: 512, height: 768 });
    for (const value of ['big', '0x0', '513x512', '512', '512x-8', '99999x512'])
      expect(() => imageSize(value, '--size')).toThrow(UsageError);
  });
});

describe('assignment', () => {
  it('parses values as JSON when they are', () => {
    expect(assignment('steps=5', '--set')).toEqual(['steps', 5]);
    expect(assignment('restore_faces=true', '--set')).toEqual(['restore_faces', true]);
    expect(assignment('prompt=a cat', '--set')).toEqual(['prompt', 'a cat']);
    expect(assignment('x=', '--set')).toEqual(['x', '']);
    for (const bad of ['=1', 'novalue', ' a=1'])
      expect(() => assignment(bad, '--set')).toThrow(`--set expects KEY=VALUE, got "${bad}"`);
  });
});
