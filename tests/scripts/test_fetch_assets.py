"""The asset installer trusts nothing it downloads until the lock file's checksum matches.

Every test builds its tarball locally and serves it as a file:// URL: no network.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from scripts.fetch_assets import AssetError, LockedPackage, install, tarball_url, verify_integrity

from scripts import fetch_assets


def _tarball(files: dict[str, bytes], *, links: dict[str, str] | None = None) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, content in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
        for name, target in (links or {}).items():
            info = tarfile.TarInfo(name)
            info.type = tarfile.SYMTYPE
            info.linkname = target
            archive.addfile(info)
    return buffer.getvalue()


def _package_files(version: str = "1.2.3") -> dict[str, bytes]:
    return {
        "package/package.json": json.dumps({"name": "tiny-lib", "version": version}).encode(),
        "package/dist/tiny.js": b"window.tiny = true;\n",
    }


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def _locked(tmp_path: Path, data: bytes, *, integrity: str, version: str = "1.2.3") -> LockedPackage:
    tgz = tmp_path / "tiny-lib.tgz"
    tgz.write_bytes(data)
    return LockedPackage(
        path="node_modules/tiny-lib", name="tiny-lib", version=version, integrity=integrity, resolved=tgz.as_uri()
    )


def _no_registry() -> str:
    raise AssertionError("a resolved URL must not need the registry")


def test_installs_a_package_whose_checksum_matches(tmp_path):
    data = _tarball(_package_files())
    package = _locked(tmp_path, data, integrity=_integrity(data))

    assert install(package, root=tmp_path / "site", registry=_no_registry) is True

    assert (tmp_path / "site/node_modules/tiny-lib/dist/tiny.js").read_bytes() == b"window.tiny = true;\n"


def test_rejects_a_tampered_tarball_and_installs_nothing(tmp_path):
    genuine = _tarball(_package_files())
    tampered = _tarball({**_package_files(), "package/dist/tiny.js": b"steal(document.cookie);\n"})
    package = _locked(tmp_path, tampered, integrity=_integrity(genuine))

    with pytest.raises(AssetError, match="checksum mismatch"):
        install(package, root=tmp_path / "site", registry=_no_registry)

    assert not (tmp_path / "site/node_modules/tiny-lib").exists()


def test_tampered_tarball_leaves_the_installed_version_in_place(tmp_path):
    old = _tarball(_package_files("1.0.0"))
    install(_locked(tmp_path, old, integrity=_integrity(old), version="1.0.0"), root=tmp_path / "site")
    genuine = _tarball(_package_files())
    tampered = genuine[:-8] + b"\0" * 8

    with pytest.raises(AssetError):
        install(_locked(tmp_path, tampered, integrity=_integrity(genuine)), root=tmp_path / "site")

    assert fetch_assets.installed_version(tmp_path / "site/node_modules/tiny-lib") == "1.0.0"


@pytest.mark.parametrize("integrity", ["", "md5-AAAA", "sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk="])
def test_refuses_a_package_without_a_strong_checksum(integrity):
    with pytest.raises(AssetError, match="no supported checksum"):
        verify_integrity(b"anything", integrity)


def test_any_matching_hash_in_the_integrity_list_is_enough():
    data = b"bytes"
    sha256 = "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode()

    verify_integrity(data, f"sha512-bm9wZQ== {sha256}")


@pytest.mark.parametrize(
    "bad",
    [
        {"files": {"package/../../evil.js": b"x"}},
        {"files": {"/etc/evil.js": b"x"}},
        {"files": _package_files(), "links": {"package/dist/link.js": "/etc/passwd"}},
    ],
    ids=["parent path", "absolute path", "symlink"],
)
def test_refuses_archives_that_write_outside_the_package(tmp_path, bad):
    data = _tarball(bad["files"], links=bad.get("links"))
    package = _locked(tmp_path, data, integrity=_integrity(data))

    with pytest.raises(AssetError):
        install(package, root=tmp_path / "site/deep")

    assert not (tmp_path / "evil.js").exists()
    assert not (tmp_path / "site/deep/node_modules/tiny-lib").exists()


def test_skips_a_package_already_present_at_the_locked_version(tmp_path):
    data = _tarball(_package_files())
    package = _locked(tmp_path, data, integrity=_integrity(data))
    install(package, root=tmp_path)

    def no_download(url: str) -> bytes:
        raise AssertionError(f"downloaded {url} again")

    assert install(package, root=tmp_path, fetch=no_download) is False


def test_refuses_a_tarball_of_another_version(tmp_path):
    data = _tarball(_package_files("9.9.9"))
    package = _locked(tmp_path, data, integrity=_integrity(data))

    with pytest.raises(AssetError, match=r"version 1\.2\.3"):
        install(package, root=tmp_path)


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("htmx.org", "https://registry.test/htmx.org/-/htmx.org-2.0.0.tgz"),
        ("@scope/widget", "https://registry.test/@scope/widget/-/widget-2.0.0.tgz"),
    ],
)
def test_tarball_url_follows_the_registry_layout_when_the_lock_omits_it(name, url):
    package = LockedPackage(path=f"node_modules/{name}", name=name, version="2.0.0", integrity="", resolved="")

    assert tarball_url(package, lambda: "https://registry.test") == url


def test_lock_file_entries_with_unsafe_paths_are_refused(tmp_path):
    lock = tmp_path / "package-lock.json"
    lock.write_text(json.dumps({"packages": {"": {}, "../outside": {"version": "1.0.0"}}}))

    with pytest.raises(AssetError, match="unsafe"):
        fetch_assets.locked_packages(lock)


def test_main_exits_non_zero_on_a_tampered_download(tmp_path, capsys):
    genuine = _tarball(_package_files())
    tgz = tmp_path / "tiny-lib.tgz"
    tgz.write_bytes(genuine + b"extra")
    lock = tmp_path / "package-lock.json"
    lock.write_text(
        json.dumps(
            {
                "packages": {
                    "": {"name": "demo"},
                    "node_modules/tiny-lib": {
                        "version": "1.2.3",
                        "resolved": tgz.as_uri(),
                        "integrity": _integrity(genuine),
                    },
                }
            }
        )
    )

    assert fetch_assets.main(["--lockfile", str(lock), "--root", str(tmp_path)]) == 1
    assert "checksum mismatch" in capsys.readouterr().err
    assert not (tmp_path / "node_modules/tiny-lib").exists()


def test_the_projects_lock_file_pins_every_package_with_sha512():
    packages = fetch_assets.locked_packages(fetch_assets.ROOT / "package-lock.json")

    assert packages
    assert all(p.integrity.startswith("sha512-") for p in packages)
