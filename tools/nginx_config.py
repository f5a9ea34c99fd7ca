"""The portal's nginx configuration, rendered from deploy/nginx/portal.conf.j2.

    .venv/bin/python tools/nginx_config.py                     # deploy/nginx/portal.conf and portal-https.conf
    .venv/bin/python tools/nginx_config.py --root DIR --listen 127.0.0.1:8080 --site-url http://127.0.0.1:8080 -o site.conf
    .venv/bin/python tools/nginx_config.py … --standalone PREFIX   # also PREFIX/nginx.conf: a whole nginx for one user

The site's address comes from publishconf.py (SITEURL, PORTAL_SITEURL) unless --site-url is
given: old addresses are sent there (redirects.map holds paths). `--standalone` writes a
main configuration that runs as the calling user with everything under PREFIX (the tests
and bench/serve_load.py use it).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "nginx" / "portal.conf.j2"
DEFAULT_ROOT = "/srv/cchc/current"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
MIME_TYPES = Path("/etc/nginx/mime.types")
# No inline script or style anywhere (theme/templates; the dev server's livereload script is
# a file too), the search index is fetched from the site itself, nothing is embedded.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
    "connect-src 'self'; manifest-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'; "
    "object-src 'none'"
)
PERMISSIONS = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)
CACHE_SHORT = "public, max-age=300"
CACHE_ASSETS = "public, max-age=3600"
CACHE_IMMUTABLE = "public, max-age=31536000, immutable"


@dataclass(frozen=True)
class Options:
    site_url: str
    root: str = DEFAULT_ROOT
    listen: str = ""  # default: 80, or 443 with https
    https: bool = False
    listen_http: str = "80"  # with https: the plain-HTTP server that sends to HTTPS
    certificate: str = ""
    certificate_key: str = ""
    brotli: bool = True
    ipv6: bool = True


def brotli_available() -> bool:
    """Is Debian's brotli_static module installed (libnginx-mod-http-brotli-static)?"""
    return BROTLI_MODULE.is_file()


def site_url_from_settings(settings_file: Path = ROOT / "publishconf.py") -> str:
    from pelican.settings import read_settings

    return str(read_settings(str(settings_file))["SITEURL"])


def render(options: Options) -> str:
    """The site configuration (http context: a `map` and the server blocks)."""
    parts = urlsplit(options.site_url)
    if not parts.scheme or not parts.hostname:
        raise SystemExit(f"nginx_config: the site address must be absolute (https://…): {options.site_url!r}")
    host = parts.hostname
    https = options.https
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE.parent)),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
    )
    csp = CSP + ("; upgrade-insecure-requests" if https else "")
    text = environment.get_template(TEMPLATE.name).render(
        variant="HTTPS" if https else "HTTP",
        root=options.root.rstrip("/") or "/",
        listen=options.listen or ("443" if https else "80"),
        listen_http=options.listen_http,
        https=https,
        ipv6=options.ipv6,
        certificate=options.certificate or f"/etc/letsencrypt/live/{host}/fullchain.pem",
        certificate_key=options.certificate_key or f"/etc/letsencrypt/live/{host}/privkey.pem",
        server_name=host,
        origin=f"{parts.scheme}://{parts.netloc}",
        brotli=options.brotli,
        csp=csp,
        permissions=PERMISSIONS,
        short=CACHE_SHORT,
        assets=CACHE_ASSETS,
        immutable=CACHE_IMMUTABLE,
        images="anh",
        theme="theme",
    )
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def standalone(prefix: Path, site_conf: Path, brotli: bool, workers: int = 1) -> str:
    """A main nginx.conf that runs as whoever starts it (no `user`), everything under `prefix`."""
    lines = []
    if brotli:
        lines.append(f"load_module {BROTLI_MODULE};")
    lines += [
        f"worker_processes {workers};",
        f"pid {prefix}/nginx.pid;",
        f"error_log {prefix}/error.log warn;",
        "events {",
        "    worker_connections 4096;",
        "}",
        "http {",
        f"    include {MIME_TYPES};",
        "    default_type application/octet-stream;",
        "    sendfile on;",
        "    tcp_nopush on;",
        "    keepalive_requests 100000;",
        "    access_log off;",
        *(
            f"    {kind}_temp_path {prefix}/tmp/{kind};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        ),
        f"    include {site_conf};",
        "}",
    ]
    return "\n".join(lines) + "\n"


def write_standalone(prefix: Path, options: Options, workers: int = 1) -> Path:
    """Write prefix/site.conf and prefix/nginx.conf; return the latter."""
    (prefix / "tmp").mkdir(parents=True, exist_ok=True)
    site_conf = prefix / "site.conf"
    site_conf.write_text(render(options), encoding="utf-8")
    main = prefix / "nginx.conf"
    main.write_text(standalone(prefix, site_conf, options.brotli, workers), encoding="utf-8")
    return main


NOBODY = 65534


def _drop_to_nobody() -> None:
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)


class Nginx:
    """nginx from the distribution serving `options.root` with the generated configuration,
    as an unprivileged process (when started by root: as nobody), everything under `prefix`.
    Used as a context manager by tests/test_nginx.py and bench/serve_load.py."""

    def __init__(self, prefix: Path, options: Options, workers: int = 1, binary: str = "") -> None:
        self.prefix = Path(prefix)
        self.options = options
        self.workers = workers
        self.binary = binary or shutil.which("nginx") or "/usr/sbin/nginx"
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Nginx:
        main = write_standalone(self.prefix, self.options, self.workers)
        root = os.geteuid() == 0
        if root:  # the prefix is nginx's to write; the site must be world-readable (make publish's are)
            for folder, _dirs, files in os.walk(self.prefix):
                os.chown(folder, NOBODY, NOBODY)
                for name in files:
                    os.chown(os.path.join(folder, name), NOBODY, NOBODY)
        self.process = subprocess.Popen(
            [
                self.binary,
                "-p",
                str(self.prefix),
                "-e",
                str(self.prefix / "error.log"),
                "-c",
                str(main),
                "-g",
                "daemon off;",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            preexec_fn=_drop_to_nobody if root else None,
        )
        host, _sep, port = self.options.listen.rpartition(":")
        deadline = time.monotonic() + 15
        while True:
            if self.process.poll() is not None:
                error = self.process.stderr.read().decode(errors="replace") if self.process.stderr else ""
                log = self.prefix / "error.log"
                error += log.read_text(errors="replace") if log.exists() else ""
                raise RuntimeError(f"nginx did not start: {error.strip()}")
            try:
                socket.create_connection((host or "127.0.0.1", int(port)), timeout=1).close()
                return self
            except OSError:
                if time.monotonic() > deadline:
                    self.__exit__()
                    raise RuntimeError("nginx did not listen within 15 s") from None
                time.sleep(0.05)

    def __exit__(self, *_exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: let the workers end
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def error_log(self) -> str:
        log = self.prefix / "error.log"
        return log.read_text(errors="replace") if log.exists() else ""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site-url", help="the site's address (default: SITEURL of publishconf.py)")
    parser.add_argument("--root", default=DEFAULT_ROOT, help=f"the published tree (default {DEFAULT_ROOT})")
    parser.add_argument("--listen", default="", help="address:port or port (default 80, or 443 with --https)")
    parser.add_argument("--listen-http", default="80", help="with --https: the plain-HTTP server's address")
    parser.add_argument("--https", action="store_true", help="the HTTPS variant (HSTS, HTTP → HTTPS)")
    parser.add_argument("--certificate", default="")
    parser.add_argument("--certificate-key", default="")
    parser.add_argument(
        "--brotli",
        choices=("on", "off", "auto"),
        default="auto",
        help="brotli_static (auto: when libnginx-mod-http-brotli-static is installed)",
    )
    parser.add_argument("--no-ipv6", action="store_true", help="listen on the given address only")
    parser.add_argument(
        "-o", "--output", help="file to write (default: deploy/nginx/portal.conf and portal-https.conf)"
    )
    parser.add_argument("--standalone", metavar="PREFIX", help="also write PREFIX/nginx.conf running as this user")
    args = parser.parse_args(argv)
    site_url = args.site_url or os.environ.get("PORTAL_SITEURL") or site_url_from_settings()
    brotli = brotli_available() if args.brotli == "auto" else args.brotli == "on"
    common = {
        "site_url": site_url,
        "root": args.root,
        "brotli": brotli,
        "ipv6": not args.no_ipv6,
        "listen_http": args.listen_http,
        "certificate": args.certificate,
        "certificate_key": args.certificate_key,
    }
    if args.standalone:
        path = write_standalone(
            Path(args.standalone).resolve(), Options(listen=args.listen, https=args.https, **common)
        )
        print(path)
        return 0
    if args.output:
        Path(args.output).write_text(render(Options(listen=args.listen, https=args.https, **common)), encoding="utf-8")
        return 0
    folder = ROOT / "deploy" / "nginx"
    (folder / "portal.conf").write_text(render(Options(listen=args.listen, **common)), encoding="utf-8")
    (folder / "portal-https.conf").write_text(render(Options(https=True, **common)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
