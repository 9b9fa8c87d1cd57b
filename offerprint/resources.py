"""Where offerprint's shipped folders are: templates/, fonts/ and translations/.

In the project they are top-level folders beside the package (one place for designers, font
builds and translators to work in); an installed wheel carries them inside the package
(setup.py maps them there), because a wheel may only install files under its own packages. So
each folder is looked for inside the package first, then beside it. Kept free of heavy imports:
i18n and check use it without loading the renderers.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def shipped(name: str) -> Path:
    """The shipped folder ``name``: inside the installed package, or the project's own."""
    inside = PACKAGE / name
    return inside if inside.is_dir() else PACKAGE.parent / name


TEMPLATES = shipped("templates")
FONTS = shipped("fonts")
TRANSLATIONS = shipped("translations")


def read_shipped_yaml(path: Path):
    """A data file offerprint ships (question sets, glossary, picture index): trusted, so it
    is read with libyaml's loader where PyYAML has it (ten times faster than the pure Python
    one, which a first render would otherwise wait on). Offers are not read this way: their
    loader keeps positions and words its errors for people (see safe_yaml.read_yaml)."""
    import yaml

    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
