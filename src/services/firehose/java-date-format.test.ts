// Unit tests for the DateTimeFormatter subset used by `!{timestamp:…}`: fields, quoting and Java's refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileDateFormat, DatePatternError, UnsupportedDatePatternError } from './java-date-format.js';

const AT = Date.UTC(2018, 7, 27, 10, 30, 5, 42); // 2018-08-27T10:30:05.042Z, a Monday

test('timestamp patterns format year, month, day, hour, minute and second fields in UTC', () => {
  assert.equal(compileDateFormat('yyyy/MM/dd/HH/').format(AT), '2018/08/27/10/');
  assert.equal(compileDateFormat('yy-M-d H:m:s').format(AT), '18-8-27 10:30:5');
  assert.equal(compileDateFormat('yyyy-MM-dd HH:mm:ss.SSS').format(AT), '2018-08-27 10:30:05.042');
  assert.equal(compileDateFormat('D DDD').format(AT), '239 239');
  assert.equal(compileDateFormat('MMM MMMM E EEEE a hh').format(AT), 'Aug August Mon Monday AM 10');
});

test("single quotes make text literal and '' is a quote, as the guide's year='yyyy example", () => {
  assert.equal(compileDateFormat("'year='yyyy'/month='MM'/day='dd'/hour='HH").format(AT), 'year=2018/month=08/day=27/hour=10');
  assert.equal(compileDateFormat("''yyyy").format(AT), "'2018");
});

test('CustomTimeZone shifts the wall clock (Asia/Tokyo is UTC+9)', () => {
  assert.equal(compileDateFormat('yyyy/MM/dd/HH').format(Date.UTC(2018, 7, 27, 20, 0, 0), 'Asia/Tokyo'), '2018/08/28/05');
});

test('unknown pattern letters and reserved characters are refused as java.time refuses them', () => {
  assert.throws(() => compileDateFormat('yyyy-bb'), (e: unknown) => e instanceof DatePatternError && e.message === 'Unknown pattern letter: b');
  assert.throws(() => compileDateFormat('yyyy{'), DatePatternError);
  assert.throws(() => compileDateFormat("yyyy'open"), DatePatternError);
  assert.throws(() => compileDateFormat('ddd'), (e: unknown) => e instanceof DatePatternError && e.message === 'Too many pattern letters: d');
});

test('letters java.time knows but kumo does not format are reported as unsupported, not invalid', () => {
  assert.throws(() => compileDateFormat('yyyy-ww'), UnsupportedDatePatternError);
  assert.throws(() => compileDateFormat('HH Z'), UnsupportedDatePatternError);
});
