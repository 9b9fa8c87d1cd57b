"""Only what pyproject.toml cannot say: the project's top-level templates/, fonts/ and
translations/ folders go into the wheel inside the package (as offerprint/templates/ ...), where
offerprint/resources.py finds them. Everything else is in pyproject.toml."""

from setuptools import find_namespace_packages, find_packages, setup

SHIPPED = ("templates", "fonts", "translations")

# Each folder, and each folder in it, is a package of data files (setuptools installs files
# only as parts of packages).
shipped = [f"offerprint.{name}" for name in SHIPPED]
shipped += [f"offerprint.{name}.{sub}" for name in SHIPPED for sub in find_namespace_packages(where=name)]

setup(
    packages=find_packages(include=["offerprint", "offerprint.*"]) + shipped,
    package_dir={f"offerprint.{name}": name for name in SHIPPED},
)
