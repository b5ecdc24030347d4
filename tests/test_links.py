"""Addresses in briefs: curated sources are links, addresses agencies wrote stay text."""

from __future__ import annotations

import pytest

from cdsanalysis.briefs.markup import source_html

HOSTILE = 'Sở X https://evil.example/a"><script>alert(1)</script> and http://b.example/p'


@pytest.mark.parametrize("provenance", ["official", "synthetic", ""])
def test_an_agency_address_is_text_with_its_domain_never_a_link(provenance):
    html = source_html(HOSTILE, provenance)
    assert "<a " not in html and "<script>" not in html
    assert '<span class="cds-url"><b>evil.example</b>/a</span>&quot;&gt;&lt;script&gt;' in html
    assert "<b>b.example</b>/p" in html


def test_a_curated_published_address_is_a_nofollow_link():
    html = source_html("BDO, https://baobinhduong.vn/en/a1.html; VOV", "published")
    assert html == (
        'BDO, <a href="https://baobinhduong.vn/en/a1.html" rel="nofollow noopener noreferrer">'
        "https://baobinhduong.vn/en/a1.html</a>; VOV"
    )
    hostile = source_html(HOSTILE, "published")
    assert "<script>" not in hostile and 'href="https://evil.example/a&quot;&gt;' not in hostile


def test_only_http_addresses_are_recognised():
    html = source_html("javascript:alert(1) ftp://x.example/f", "published")
    assert "<a " not in html and html == "javascript:alert(1) ftp://x.example/f"
