"""The generated nginx configuration (deploy/nginx/, tools/nginx_config.py) on a real nginx
(Debian's, with libnginx-mod-http-brotli-static; tools/install-server.sh, which `make test`
runs): a publish build of the bundled content served on a loopback port by an unprivileged
nginx, checked for status codes, headers, the 301 of an old address, the precompressed
copies, the 404 page, and the Content-Security-Policy in headless Chromium (tests/browser.py)."""

from __future__ import annotations

import http.client
import os
import shutil
import ssl
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tools.nginx_config import Nginx, Options, brotli_available, free_port, render, site_url_from_settings

from .browser import Browser
from .conftest import ROOT, build

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
if NGINX is None and not os.environ.get("CI"):
    pytest.skip("nginx is not installed: run tools/install-server.sh (make test does)", allow_module_level=True)

ARTICLE = "/2019/12/khai-truong-cong-dich-vu-cong-quoc-gia.html"
ARTICLE_SOURCE = "articles/2019/khai-truong-cong-dich-vu-cong-quoc-gia.md"
OLD_ADDRESS = "/tin-tuc/khai-truong-cong-dvc.html"
SECURITY = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
}
SHORT, HOUR, YEAR = "public, max-age=300", "public, max-age=3600", "public, max-age=31536000, immutable"


@dataclass
class Site:
    url: str
    port: int
    public: Path
    nginx: Nginx


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes


def get(port: int, path: str, encoding: str | None = None, https: bool = False) -> Reply:
    if https:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        connection: http.client.HTTPConnection = http.client.HTTPSConnection(
            "127.0.0.1", port, timeout=10, context=context
        )
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Accept-Encoding": encoding} if encoding is not None else {"Accept-Encoding": "identity"}
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    finally:
        connection.close()


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    """The bundled content, with one old address added, built by publishconf.py for this
    port, served by nginx with the generated configuration."""
    base = Path(tempfile.mkdtemp(prefix="portal-nginx-"))
    os.chmod(base, 0o755)  # nginx's workers run as nobody when the tests run as root
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    monkey = pytest.MonkeyPatch()
    try:
        content = base / "content"
        shutil.copytree(ROOT / "content", content, copy_function=os.link)
        source = content / ARTICLE_SOURCE
        text = source.read_text(encoding="utf-8")
        source.unlink()  # a hard link to the project's file: never written through
        source.write_text(text.replace("---\n", f"---\naliases: [{OLD_ADDRESS}]\n", 1), encoding="utf-8")
        monkey.setenv("PORTAL_SITEURL", url)
        monkey.setenv("PORTAL_NOW", "2026-12-04T09:00:00+07:00")
        build(content, base / "public", settings_file="publishconf.py", PORTAL_IMAGE_CACHE=str(ROOT / ".cache/images"))
        options = Options(
            site_url=url, root=str(base / "public"), listen=f"127.0.0.1:{port}", brotli=brotli_available(), ipv6=False
        )
        with Nginx(base / "nginx", options, binary=NGINX or "") as server:
            yield Site(url, port, base / "public", server)
    finally:
        monkey.undo()
        shutil.rmtree(base, ignore_errors=True)


def test_pages_carry_the_security_headers_and_short_caching(site: Site) -> None:
    for path in ("/", ARTICLE, "/tim-kiem/", "/chuyen-muc/tin-tong-hop/"):
        reply = get(site.port, path)
        assert reply.status == 200, path
        assert reply.headers["content-type"] == "text/html; charset=utf-8"
        csp = reply.headers["content-security-policy"]
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        for directive in ("default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'"):
            assert directive in csp
        assert {k: reply.headers.get(k) for k in SECURITY} == SECURITY
        assert "camera=()" in reply.headers["permissions-policy"]
        assert reply.headers["cache-control"] == SHORT
        assert "strict-transport-security" not in reply.headers  # HTTP: only the HTTPS example sends it
        assert reply.headers.get("server") == "nginx"  # no version
    index = get(site.port, "/")
    assert index.body == (site.public / "index.html").read_bytes()
    log = site.nginx.error_log()
    assert "[warn]" not in log and "[emerg]" not in log and "[crit]" not in log, log


@pytest.mark.parametrize(
    "path",
    [
        "/",
        ARTICLE,
        "/theme/css/site.css",
        "/theme/js/search.js",
        "/rss.xml",
        "/sitemap.xml",
        "/tim-kiem/chi-muc/muc-luc.json",
    ],
)
def test_brotli_and_gzip_requests_get_the_precompressed_bytes(site: Site, path: str) -> None:
    file = site.public / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
    plain = get(site.port, path)
    assert plain.status == 200 and plain.body == file.read_bytes() and "content-encoding" not in plain.headers
    gz = get(site.port, path, "gzip")
    assert gz.headers.get("content-encoding") == "gzip" and gz.body == Path(f"{file}.gz").read_bytes()
    assert gz.headers.get("vary") == "Accept-Encoding"
    if not brotli_available():
        pytest.skip("libnginx-mod-http-brotli-static is not installed")
    br = get(site.port, path, "gzip, deflate, br")
    assert br.headers.get("content-encoding") == "br" and br.body == Path(f"{file}.br").read_bytes()
    assert br.headers.get("vary") == "Accept-Encoding"
    assert br.headers["content-type"] == plain.headers["content-type"]
    assert len(br.body) < len(gz.body) < len(plain.body)


def test_photo_variants_are_cached_for_a_year_and_sent_as_they_are(site: Site) -> None:
    photo = next(p for p in sorted((site.public / "anh").rglob("*.jpg")))
    reply = get(site.port, "/" + str(photo.relative_to(site.public)), "br, gzip")
    assert reply.status == 200 and reply.body == photo.read_bytes()
    assert reply.headers["content-type"] == "image/jpeg" and "content-encoding" not in reply.headers
    assert reply.headers["cache-control"] == YEAR
    assert reply.headers["x-content-type-options"] == "nosniff"  # the same headers on every response
    assert get(site.port, "/theme/favicon.svg").headers["cache-control"] == HOUR  # not content-hashed: an hour


def test_feeds_have_their_media_types(site: Site) -> None:
    assert get(site.port, "/rss.xml").headers["content-type"] == "application/rss+xml; charset=utf-8"
    assert get(site.port, "/atom.xml").headers["content-type"] == "application/atom+xml; charset=utf-8"
    assert (
        get(site.port, "/chuyen-muc/tin-tong-hop/rss.xml", "gzip").headers["content-type"]
        == "application/rss+xml; charset=utf-8"
    )


def test_an_old_address_is_a_real_301_to_the_new_one(site: Site) -> None:
    assert f"{OLD_ADDRESS} {ARTICLE};" in (site.public / "redirects.map").read_text(encoding="utf-8")
    for encoding in (None, "br, gzip"):
        reply = get(site.port, OLD_ADDRESS, encoding)
        assert reply.status == 301 and reply.headers["location"] == site.url + ARTICLE
    assert get(site.port, ARTICLE).status == 200
    assert get(site.port, "/chuyen-muc/tin-tong-hop").headers["location"] == "/chuyen-muc/tin-tong-hop/"  # a folder


def test_a_missing_address_gets_the_404_page_with_status_404(site: Site) -> None:
    page = (site.public / "404.html").read_bytes()
    for path in ("/khong-co-trang-nay.html", "/2019/12/", "/redirects.map", "/404.html"):
        reply = get(site.port, path)
        assert reply.status == 404 and reply.body == page, path
        assert reply.headers["cache-control"] == "no-cache" and "content-security-policy" in reply.headers
    if brotli_available():
        reply = get(site.port, "/khong-co.html", "br")
        assert reply.status == 404 and reply.body == (site.public / "404.html.br").read_bytes()


def test_the_files_in_deploy_are_the_generated_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PORTAL_SITEURL", raising=False)
    url = site_url_from_settings()
    assert (ROOT / "deploy/nginx/portal.conf").read_text(encoding="utf-8") == render(Options(site_url=url, brotli=True))
    assert (ROOT / "deploy/nginx/portal-https.conf").read_text(encoding="utf-8") == render(
        Options(site_url=url, brotli=True, https=True)
    )


def test_the_https_example_sends_hsts_and_plain_http_to_https(site: Site, tmp_path: Path) -> None:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    prefix = Path(tempfile.mkdtemp(prefix="portal-nginx-tls-"))
    os.chmod(prefix, 0o755)
    try:
        key, cert = prefix / "key.pem", prefix / "cert.pem"
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=127.0.0.1",
                "-keyout",
                str(key),
                "-out",
                str(cert),
            ],
            check=True,
            capture_output=True,
        )
        os.chmod(key, 0o644)
        tls, plain = free_port(), free_port()
        options = Options(
            site_url=f"https://127.0.0.1:{tls}",
            root=str(site.public),
            https=True,
            listen=f"127.0.0.1:{tls}",
            listen_http=f"127.0.0.1:{plain}",
            certificate=str(cert),
            certificate_key=str(key),
            brotli=brotli_available(),
            ipv6=False,
        )
        with Nginx(prefix / "nginx", options, binary=NGINX or ""):
            reply = get(tls, ARTICLE, "gzip", https=True)
            assert reply.status == 200 and reply.headers["content-encoding"] == "gzip"
            assert reply.headers["strict-transport-security"] == "max-age=63072000; includeSubDomains"
            assert reply.headers["content-security-policy"].endswith("; upgrade-insecure-requests")
            assert get(tls, "/nope.html", https=True).headers["strict-transport-security"].startswith("max-age=")
            moved = get(plain, ARTICLE)
            assert moved.status == 301 and moved.headers["location"] == f"https://127.0.0.1{ARTICLE}"
            old = get(tls, OLD_ADDRESS, https=True)
            assert old.status == 301 and old.headers["location"] == f"https://127.0.0.1:{tls}{ARTICLE}"
    finally:
        shutil.rmtree(prefix, ignore_errors=True)


# --- the Content-Security-Policy in a browser --------------------------------------------

WATCH = """window.__violations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile + ':' + e.lineNumber));"""
VIOLATIONS = "JSON.stringify(window.__violations || ['no listener'])"
DONE = "(s => s && s !== 'Đang tìm…' && s)(document.getElementById('search-status').textContent)"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    opened = Browser()
    opened.send("Page.addScriptToEvaluateOnNewDocument", session=True, source=WATCH)
    try:
        yield opened
    finally:
        opened.close()


def test_article_search_and_menu_work_under_the_csp_with_no_violation(site: Site, browser: Browser) -> None:
    browser.goto(site.url + ARTICLE)
    assert browser.evaluate("document.styleSheets.length >= 1 && document.styleSheets[0].cssRules.length > 10")
    assert browser.evaluate("getComputedStyle(document.body).marginTop") == "0px"  # site.css applied
    assert browser.evaluate("[...document.querySelectorAll('[data-print]')].some(b => !b.hidden)")  # print.js ran
    assert browser.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
    assert browser.evaluate(VIOLATIONS) == "[]"

    browser.evaluate("document.querySelector('.nav-menu summary').click()")
    assert browser.evaluate("document.querySelector('.nav-menu').open")
    assert browser.evaluate("getComputedStyle(document.querySelector('.nav-list')).display") != "none"
    assert browser.evaluate(VIOLATIONS) == "[]"

    browser.goto(site.url + "/tim-kiem/?q=dich+vu+cong")
    status = browser.wait_for(DONE)
    assert "kết quả" in status, status
    hrefs = browser.evaluate(
        "[...document.querySelectorAll('#search-results > li a')].map(a => a.getAttribute('href'))"
    )
    assert any(h.endswith(ARTICLE) for h in hrefs)
    assert browser.evaluate(VIOLATIONS) == "[]"


def test_json_ld_data_blocks_are_no_violation(site: Site, browser: Browser) -> None:
    """schema.org JSON-LD is an inline <script type="application/ld+json">: a data block, never
    run, so script-src 'self' allows it (no hash or nonce needed)."""
    page = (site.public / ARTICLE.lstrip("/")).read_text(encoding="utf-8")
    block = '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle"}</script>'
    (site.public / "kiem-tra-json-ld.html").write_text(
        page.replace("</head>", block + "\n</head>", 1), encoding="utf-8"
    )
    browser.goto(site.url + "/kiem-tra-json-ld.html")
    assert browser.evaluate("document.querySelectorAll('script[type=\"application/ld+json\"]').length") >= 1
    assert browser.evaluate("[...document.querySelectorAll('[data-print]')].some(b => !b.hidden)")
    assert browser.evaluate(VIOLATIONS) == "[]"


def test_the_csp_does_block_an_inline_script(site: Site, browser: Browser) -> None:
    """The control: the listener above sees violations, and inline code does not run."""
    browser.goto(site.url + "/")
    browser.evaluate(
        "document.body.append(Object.assign(document.createElement('script'), {textContent: 'window.__ran = 1'}))"
    )
    browser.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\" id=\"styled\">x</p>')")
    browser.wait_for("window.__violations.length >= 2")
    assert browser.evaluate("window.__ran") is None
    assert browser.evaluate("getComputedStyle(document.getElementById('styled')).color") != "rgb(255, 0, 0)"
    directives = browser.evaluate("window.__violations.map(v => v.split(' ')[0]).sort().join(',')")
    assert directives == "script-src-elem,style-src-attr"
