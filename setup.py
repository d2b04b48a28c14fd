# The core lives in the folder core/ but is imported as `balai`: core/workflow/engine.py
# is balai.workflow.engine. setup.py exists only to express that mapping.
from setuptools import find_packages, setup

setup(
    package_dir={"balai": "core"},
    packages=["balai"] + [f"balai.{p}" for p in find_packages("core")],
    package_data={"balai": ["**/*.html", "**/*.sql", "**/*.json", "**/*.csv"]},
)
