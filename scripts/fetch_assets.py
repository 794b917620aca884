#!/usr/bin/env python3
"""Install the front-end packages pinned in package-lock.json, without Node.

WowDesk serves a handful of browser libraries (htmx) from its own static
files. Their exact versions and checksums live in package-lock.json; this
script downloads each tarball from the npm registry, refuses it unless its
checksum matches the lock's ``integrity``, and unpacks it into
``node_modules/<name>/``. A package already present at the locked version is
left alone, so a second run does no network I/O.

Standard library only: it runs before the virtualenv exists.

Exit codes: 0 done, 1 a package failed (bad checksum, unsafe archive, network),
3 no registry address is configured and there is nothing to derive it from.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent
SUPPORTED_HASHES = ("sha512", "sha384", "sha256")
EXIT_NO_REGISTRY = 3


class AssetError(Exception):
    """A package could not be installed safely."""


class RegistryUnknown(AssetError):
    """No npm registry address is configured."""


@dataclass(frozen=True)
class LockedPackage:
    path: str  # where it goes, relative to the project root: node_modules/<name>
    name: str
    version: str
    integrity: str
    resolved: str


def locked_packages(lockfile: Path) -> list[LockedPackage]:
    data = json.loads(lockfile.read_text(encoding="utf-8"))
    packages: dict[str, dict[str, object]] = data.get("packages", {})
    result = []
    for path, entry in packages.items():
        if not path or entry.get("link"):
            continue  # the root project itself, or a workspace symlink
        _check_relative(path, what="package path")
        name = str(entry.get("name") or path.rsplit("node_modules/", 1)[-1])
        result.append(
            LockedPackage(
                path=path,
                name=name,
                version=str(entry["version"]),
                integrity=str(entry.get("integrity", "")),
                resolved=str(entry.get("resolved", "")),
            )
        )
    return result


def _check_relative(path: str, *, what: str) -> PurePosixPath:
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or "\\" in path or ":" in path:
        raise AssetError(f"unsafe {what}: {path!r}")
    return pure


def verify_integrity(data: bytes, integrity: str) -> None:
    """Raise unless ``data`` matches one of the Subresource-Integrity hashes.

    A package without a supported hash is refused: installing bytes nobody
    pinned defeats the point of the lock file.
    """
    checked = False
    for token in integrity.split():
        algorithm, _, expected = token.partition("-")
        if algorithm not in SUPPORTED_HASHES:
            continue
        checked = True
        actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
        if actual == expected:
            return
    if not checked:
        raise AssetError(f"no supported checksum in integrity {integrity!r}")
    raise AssetError("checksum mismatch: the download is not the file package-lock.json pinned")


def registry_url() -> str:
    """The registry npm itself would use: env, then .npmrc files, then npm."""
    for var in ("NPM_CONFIG_REGISTRY", "npm_config_registry"):
        if os.environ.get(var):
            return os.environ[var].rstrip("/")
    for npmrc in (ROOT / ".npmrc", Path.home() / ".npmrc", Path("/usr/etc/npmrc"), Path("/etc/npmrc")):
        if npmrc.is_file():
            for line in npmrc.read_text(encoding="utf-8", errors="replace").splitlines():
                key, sep, value = line.partition("=")
                if sep and key.strip() == "registry" and value.strip():
                    return value.strip().rstrip("/")
    npm = shutil.which("npm")
    if npm:
        out = subprocess.run([npm, "config", "get", "registry"], capture_output=True, text=True, check=False)  # noqa: S603
        if out.returncode == 0 and out.stdout.strip().startswith(("https://", "http://")):
            return out.stdout.strip().rstrip("/")
    raise RegistryUnknown("no npm registry configured: set NPM_CONFIG_REGISTRY or install npm")


def tarball_url(package: LockedPackage, registry: Callable[[], str]) -> str:
    if package.resolved:
        return package.resolved
    # The registry's tarball layout: <registry>/<name>/-/<basename>-<version>.tgz
    basename = package.name.rsplit("/", 1)[-1]
    return f"{registry()}/{package.name}/-/{basename}-{package.version}.tgz"


def download(url: str) -> bytes:
    if not url.startswith(("https://", "http://", "file://")):
        raise AssetError(f"refusing to download from {url!r}")
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - scheme checked above
        body: bytes = response.read()
    return body


def _safe_members(archive: tarfile.TarFile) -> Iterator[tuple[tarfile.TarInfo, PurePosixPath]]:
    """Regular files and folders only, with the top folder ("package/") stripped.

    Links, devices and any path that would land outside the target are
    refused: the archive is data, never a way to write elsewhere.
    """
    for member in archive.getmembers():
        pure = _check_relative(member.name, what="archive member")
        if member.issym() or member.islnk() or not (member.isfile() or member.isdir()):
            raise AssetError(f"archive member {member.name!r} is not a plain file or folder")
        inner = PurePosixPath(*pure.parts[1:])
        if inner.parts:
            yield member, inner


def extract(data: bytes, target: Path) -> None:
    """Unpack into ``target``, replacing it only once everything is written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
            for member, inner in _safe_members(archive):
                dest = staging.joinpath(*inner.parts)
                if not dest.resolve().is_relative_to(staging.resolve()):
                    raise AssetError(f"archive member {member.name!r} escapes the target folder")
                if member.isdir():
                    dest.mkdir(parents=True, exist_ok=True)
                    continue
                dest.parent.mkdir(parents=True, exist_ok=True)
                source = archive.extractfile(member)
                if source is None:
                    raise AssetError(f"archive member {member.name!r} has no content")
                with source, dest.open("wb") as out:
                    shutil.copyfileobj(source, out)
                dest.chmod(0o644)
        old = target.with_name(f".{target.name}.old")
        if target.exists():
            target.rename(old)
        staging.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def installed_version(target: Path) -> str | None:
    try:
        manifest = json.loads((target / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    version = manifest.get("version") if isinstance(manifest, dict) else None
    return version if isinstance(version, str) else None


def install(
    package: LockedPackage,
    *,
    root: Path,
    registry: Callable[[], str] = registry_url,
    fetch: Callable[[str], bytes] = download,
) -> bool:
    """Install one package; return False when it was already in place."""
    target = root.joinpath(*_check_relative(package.path, what="package path").parts)
    if installed_version(target) == package.version:
        return False
    data = fetch(tarball_url(package, registry))
    verify_integrity(data, package.integrity)
    extract(data, target)
    if installed_version(target) != package.version:
        raise AssetError(f"{package.name}: the tarball does not contain version {package.version}")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--lockfile", type=Path, default=ROOT / "package-lock.json")
    parser.add_argument("--root", type=Path, default=ROOT, help="folder that holds node_modules/")
    args = parser.parse_args(argv)
    try:
        for package in locked_packages(args.lockfile):
            if install(package, root=args.root):
                print(f"assets: installed {package.name}@{package.version}")
            else:
                print(f"assets: {package.name}@{package.version} already present")
    except RegistryUnknown as exc:
        print(f"assets: {exc}", file=sys.stderr)
        return EXIT_NO_REGISTRY
    except (AssetError, OSError, KeyError, ValueError, tarfile.TarError) as exc:
        print(f"assets: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
