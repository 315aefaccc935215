"""Package layout (metadata lives in pyproject.toml)."""

from setuptools import find_packages, setup

setup(
    packages=[
        *find_packages("src", include=["assay", "assay.*"]),
        *find_packages(".", include=["bot", "bot.*"]),
        "assay._migrations",
        "assay._migrations.versions",
    ],
    package_dir={"": "src", "bot": "bot", "assay._migrations": "migrations"},
)
