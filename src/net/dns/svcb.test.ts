// SVCB/HTTPS values against RFC 9460 Appendix D's test vectors (presentation form → wire form) and its failure cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeSvcb, parseSvcb } from './svcb.js';

const wire = (value: string) => encodeSvcb(parseSvcb(value)).toString('hex');
const name = (n: string) => Buffer.concat([...n.split('.').map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])), Buffer.from([0])]).toString('hex');

test('RFC 9460 D.1 and D.2 vectors encode byte for byte', () => {
  assert.equal(wire('0 foo.example.com.'), '0000' + name('foo.example.com'));
  assert.equal(wire('1 .'), '000100');
  assert.equal(wire('16 foo.example.com. port=53'), '0010' + name('foo.example.com') + '000300020035');
  assert.equal(wire('1 foo.example.com. key667=hello'), '0001' + name('foo.example.com') + '029b000568656c6c6f');
  assert.equal(wire('1 foo.example.com. key667="hello\\210qoo"'), '0001' + name('foo.example.com') + '029b000968656c6c6fd2716f6f');
  assert.equal(wire('1 foo.example.com. ipv6hint="2001:db8::1,2001:db8::53:1"'), '0001' + name('foo.example.com') + '0006002020010db800000000000000000000000120010db8000000000000000000530001');
  assert.equal(wire('16 foo.example.org. alpn=h2,h3-19 mandatory=ipv4hint,alpn ipv4hint=192.0.2.1'), '0010' + name('foo.example.org') + '000000040001000400010009026832056833' + '2d3139' + '00040004c0000201');
  const alpn = '0010' + name('foo.example.org') + '0001000c' + '08' + Buffer.from('f\\oo,bar').toString('hex') + '026832';
  assert.equal(wire('16 foo.example.org. alpn="f\\\\\\\\oo\\\\,bar,h2"'), alpn);
  assert.equal(wire('16 foo.example.org. alpn=f\\\\\\092oo\\092,bar,h2'), alpn);
});

test('RFC 9460 D.3 failure cases and the self-consistency rules are refused with a reason', () => {
  for (const [value, reason] of [
    ['1 foo.example.com. key123=abc key123=def', /appears twice/],
    ['1 foo.example.com. mandatory', /needs a value/],
    ['1 foo.example.com. alpn', /needs a value/],
    ['1 foo.example.com. port', /needs a value/],
    ['1 foo.example.com. no-default-alpn=abc', /takes no value/],
    ['1 foo.example.com. mandatory=key123', /mandatory key 123 is missing/],
    ['1 foo.example.com. mandatory=mandatory', /must not list mandatory/],
    ['1 foo.example.com. ipv4hint=2001:db8::1', /not an IPv4 address/],
    ['1 foo.example.com. no-default-alpn', /needs alpn/],
    ['1 foo.example.com. port=70000', /not 0 to 65535/],
    ['70000 .', /priority/],
    ['1', /priority and a target/],
    ['1 foo.example.com. bogus=1', /unknown SvcParamKey/],
  ] as const) {
    assert.throws(() => parseSvcb(value), reason, value);
  }
});
