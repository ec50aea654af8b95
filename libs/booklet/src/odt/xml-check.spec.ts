import { describe, expect, it } from 'vitest';
import { xmlProblem } from './xml-check.js';

const NS = 'xmlns:a="urn:a"';

describe(xmlProblem.name, () => {
  it('accepts well-formed XML with declarations, comments, CDATA, PIs and references', () => {
    expect(xmlProblem(`<?xml version="1.0" encoding="UTF-8"?>\n<a:r ${NS} a:x='1'><!-- c --><?pi x?><a:p>t &amp; &#233; &#x41; <![CDATA[<raw> & ]]></a:p><b xmlns:c="urn:c" c:y="2"/></a:r>\n`)).toBeNull();
  });

  it.each([
    ['<a><b></a></b>', /does not match/],
    ['<a>', /unclosed element <a>/],
    ['<a/><b/>', /second root/],
    ['text<a/>', /text outside the root/],
    ['<a x="1" x="2"/>', /duplicate attribute/],
    ['<a x=1/>', /unquoted attribute/],
    ['<a x="<"/>', /"<" in attribute/],
    ['<a>&nbsp;</a>', /bad entity reference/],
    ['<a>& b</a>', /bad entity reference/],
    ['<a>]]></a>', /"]]>" in text/],
    ['<a>\u0001</a>', /XML-invalid character/],
    ['<p:a/>', /undeclared prefix "p"/],
    [`<a:r ${NS}><b c:x="1"/></a:r>`, /undeclared prefix "c"/],
    [`<a:r ${NS}><b xmlns:c="urn:c"/><c:d/></a:r>`, /undeclared prefix "c"/],
    ['<!DOCTYPE a><a/>', /DOCTYPE/],
    ['', /no root element/],
    ['<a><!-- x</a>', /unterminated comment/],
  ])('rejects %j', (xml, why) => {
    expect(xmlProblem(xml)).toMatch(why);
  });
});
