"""Addresses in briefs: curated sources are links, addresses agencies wrote stay text."""

from __future__ import annotations

import re

import pytest

from cdsanalysis.briefs.markup import source_html

HOSTILE = 'Sở X https://evil.example/a"><script>alert(1)</script> and http://b.example/p'


@pytest.mark.parametrize("provenance", ["official", "synthetic", ""])
def test_an_agency_address_is_text_with_its_domain_never_a_link(provenance):
    html = source_html(HOSTILE, provenance)
    assert "<a " not in html and "<script>" not in html
    # The quote that would end an attribute is escaped (Jinja2 writes " as &#34;).
    assert '<span class="cds-url"><b>evil.example</b>/a</span>&#34;&gt;&lt;script&gt;' in html
    assert "<b>b.example</b>/p" in html


def test_a_curated_published_address_is_a_nofollow_link():
    html = source_html("BDO, https://baobinhduong.vn/en/a1.html; VOV", "published")
    assert html == (
        'BDO, <a href="https://baobinhduong.vn/en/a1.html" rel="nofollow noopener noreferrer">'
        "https://baobinhduong.vn/en/a1.html</a>; VOV"
    )
    hostile = source_html(HOSTILE, "published")
    assert "<script>" not in hostile
    # The address ends at the quote: the rest is text after the link, never in its href.
    assert 'href="https://evil.example/a" rel=' in hostile
    assert not re.search(r'href="[^"]*(&quot;|&#34;|&gt;)', hostile)


def test_only_http_addresses_are_recognised():
    html = source_html("javascript:alert(1) ftp://x.example/f", "published")
    assert "<a " not in html and html == "javascript:alert(1) ftp://x.example/f"
