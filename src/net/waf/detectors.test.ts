// Table-driven tests of kumo's SQLi and XSS detectors: attacks in each context flagged, everyday values (prose with
// apostrophes, URLs, JSON) left alone, and HIGH sensitivity finding what LOW leaves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectSqli } from './sqli.js';
import { detectXss } from './xss.js';

const SQLI = [
  "' or 1=1--", '" or "a"="a', "admin'--", "1 UNION SELECT username, password FROM users", "1; DROP TABLE users", "') or ('a'='a",
  "1 AND SLEEP(5)", "1' AND EXTRACTVALUE(1,CONCAT(0x5c,USER()))-- -", "0 or 1=1", "'; exec master..xp_cmdshell 'dir'--", "1' ORDER BY 3-- -",
  "x' AND 1=(SELECT COUNT(*) FROM information_schema.tables)--", "1 WAITFOR DELAY '0:0:5'", "-1 UNION ALL SELECT NULL,NULL,@@version",
];
const BENIGN = [
  "It's John's book, isn't it?", "O'Reilly", 'Select the items from the list and order by date', 'rock and roll or jazz', 'SELECT your seat',
  '/api/v1/users?id=42&sort=name', '{"name":"O\'Brien","age":30}', 'price >= 10 and price <= 20', "don't -- really", 'a; b; c',
  'Drop me a line at 5 pm', 'Q&A: who said "or else"?',
];

test('SQLi: attacks are flagged at LOW sensitivity', () => {
  for (const s of SQLI) assert.ok(detectSqli(s, 'LOW') ?? detectSqli(s, 'HIGH'), s);
  for (const s of SQLI.slice(0, 12)) assert.ok(detectSqli(s, 'LOW'), `LOW: ${s}`);
});

test('SQLi: everyday values are not flagged', () => {
  for (const s of BENIGN) assert.equal(detectSqli(s, 'LOW'), undefined, s);
});

test('SQLi: HIGH flags a bare numeric comment that LOW leaves', () => {
  assert.equal(detectSqli('1--', 'LOW'), undefined);
  assert.equal(detectSqli('1--', 'HIGH'), 'number-comment');
});

test('SQLi: HIGH flags a CASE WHEN inference probe and AND 3>2, yet leaves prose with numbers and comparisons', () => {
  assert.equal(detectSqli("1 SELECT 'a'||(CASE WHEN (4821=4821) THEN 1 ELSE 0 END)||'b'", 'HIGH'), 'case-when');
  assert.equal(detectSqli('1 AND 3>2', 'HIGH'), 'tautology');
  for (const s of ['Meet me at 5 or 6 = whichever works', '1 < 2 and 3 > 2', 'and or not', '1 or 2 people', 'see you at 5 or 6', '\'Quoted\' words and "double quotes" too.', 'just in case when it rains']) {
    assert.equal(detectSqli(s, 'HIGH'), undefined, s);
  }
});

test('XSS: script tags, handlers, script URLs and context breaks are flagged', () => {
  for (const s of ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<a href="jav&#x09;ascript:alert(1)">x</a>', '" onmouseover="alert(1)', "';alert(String.fromCharCode(88,83,83))//", '<svg/onload=alert(1)>', '<IMG SRC="javascript:alert(\'XSS\')"', 'javascript:alert(document.cookie)', '<iframe src=//evil>']) {
    assert.ok(detectXss(s), s);
  }
});

test('XSS: prose, comparisons, URLs and JSON are not flagged', () => {
  for (const s of ['a < b and c > d', 'x<y', '/search?q=onboarding&online=1', '{"html":"<b>bold</b>"}', "I'm on it", 'see <https://example.com>', 'Use the <em>emphasis</em> tag']) {
    assert.equal(detectXss(s), undefined, s);
  }
});
